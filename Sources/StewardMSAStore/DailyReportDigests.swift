import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Gives an incident's `dailyReportDue` what happened since its previous report and who holds its
/// open tasks, from the history and the task board, so the report (and the call task that reads
/// it out) says it and the history records it.
public struct DailyReportDigests: FactProvider {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func complete(
        _ payload: Data,
        type: String,
        customerID: String,
        workflowID: UUID?,
        on connection: PostgresConnection
    ) async throws -> Data {
        guard type == IncidentWorkflow.type, let workflowID,
            case .dailyReportDue(digest: nil)? = try? JSONCoding.decoder.decode(IncidentWorkflow.Event.self, from: payload)
        else { return payload }
        let rows = try await connection.query(
            """
            WITH previous AS (
                SELECT max(created_at) AS at FROM workflow_events
                WHERE workflow_id = \(workflowID) AND event = 'dailyReportDue'
            )
            SELECT actor, event, payload::text, created_at, previous.at FROM workflow_events, previous
            WHERE workflow_id = \(workflowID) AND created_at > coalesce(previous.at, '-infinity') ORDER BY seq
            """,
            logger: logger
        )
        var happenings: [IncidentWorkflow.DailyDigest.Happening] = []
        var since: Date?
        for try await (actor, event, payload, at, previous) in rows.decode((String, String, String, Date, Date?).self) {
            since = since ?? previous ?? at
            if let happening = IncidentWorkflow.DailyDigest.happening(event: event, payload: Data(payload.utf8), actor: actor, at: at) {
                happenings.append(happening)
            }
        }
        let tasks = try await connection.query(
            """
            SELECT title, group_name, claimed_by FROM tasks
            WHERE workflow_id = \(workflowID) AND status IN ('open', 'claimed') AND name NOT LIKE 'daily-report-call-%'
            ORDER BY priority, created_at
            """,
            logger: logger
        )
        var openTasks: [IncidentWorkflow.DailyDigest.HeldTask] = []
        for try await (title, group, claimedBy) in tasks.decode((String, String, String?).self) {
            openTasks.append(.init(title: title, group: group, claimedBy: claimedBy))
        }
        let digest = IncidentWorkflow.DailyDigest(since: since ?? .distantPast, happenings: happenings, openTasks: openTasks)
        return try JSONCoding.encoder.encode(IncidentWorkflow.Event.dailyReportDue(digest: digest))
    }
}

/// Every fact the MSA request types need filled in, one provider after the other.
struct MSAFacts: FactProvider {
    let providers: [any FactProvider]

    func complete(
        _ payload: Data,
        type: String,
        customerID: String,
        workflowID: UUID?,
        on connection: PostgresConnection
    ) async throws -> Data {
        var payload = payload
        for provider in providers {
            payload = try await provider.complete(payload, type: type, customerID: customerID, workflowID: workflowID, on: connection)
        }
        return payload
    }
}
