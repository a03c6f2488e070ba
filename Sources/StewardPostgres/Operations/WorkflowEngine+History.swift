import Foundation
import PostgresNIO
import StewardCore

/// One entry of a workflow's append-only history.
public struct HistoryEntry: Sendable, Hashable {
    public var seq: Int64
    public var actor: String
    public var event: String
    public var fromState: String?
    public var toState: String
    public var payload: Data
    public var at: Date
}

extension WorkflowEngine {
    /// The workflow's history, oldest first.
    public func history(workflowID: UUID) async throws -> [HistoryEntry] {
        let rows = try await client.query(
            """
            SELECT seq, actor, event, from_state, to_state, payload::text, created_at FROM workflow_events
            WHERE workflow_id = \(workflowID) ORDER BY seq
            """,
            logger: logger
        )
        var entries: [HistoryEntry] = []
        for try await (seq, actor, event, from, to, payload, at) in rows.decode(
            (Int64, String, String, String?, String, String, Date).self
        ) {
            entries.append(
                HistoryEntry(seq: seq, actor: actor, event: event, fromState: from, toState: to, payload: Data(payload.utf8), at: at)
            )
        }
        if entries.isEmpty {
            _ = try await workflow(id: workflowID)
        }
        return entries
    }
}
