import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Reads what reports are computed from: a customer's requests with their whole histories.
public struct ReportHistories: Sendable {
    /// How long after its receipt a request may be logged: a request filed this much after a
    /// period's end may still have been received in it.
    static let latestLogging: TimeInterval = 8 * 86_400

    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The customer's name, or nil for an unknown customer.
    public func customer(_ customerID: String) async throws -> ReportCustomer? {
        let rows = try await client.query("SELECT name FROM customers WHERE customer_id = \(customerID)", logger: logger).all()
        return try rows.first.map { ReportCustomer(id: customerID, name: try $0.decode(String.self, context: .default)) }
    }

    /// The customer's history for reports on `interval`: the requests received in it, those still
    /// open, the private patches and releases that may have been delivered in it, and every health
    /// check; each incident replayed as it stands at `now`.
    public func history(
        of terms: ContractTerms, covering interval: DateInterval, now: Date, incidents: IncidentWorkflow
    ) async throws -> CustomerHistory {
        let requests = try await requests(of: terms.customerID, covering: interval)
        return try CustomerHistory(requests: requests, incidents: incidents, tier: terms.tier, timeZone: terms.timeZone, now: now)
    }

    /// The requests ``history(of:covering:now:incidents:)`` replays, with their histories.
    public func requests(of customerID: String, covering interval: DateInterval) async throws -> [ReportedRequest] {
        let rows = try await client.query(
            """
            SELECT workflow_id, reference, type, created_at, state_name, is_terminal, state::text FROM workflows
            WHERE customer_id = \(customerID) AND (
                (created_at >= \(interval.start) AND created_at < \(interval.end.addingTimeInterval(Self.latestLogging)))
                OR NOT is_terminal
                OR (type IN (\(PrivatePatchWorkflow.type), \(AVDatabaseReleaseWorkflow.type)) AND created_at < \(interval.end)
                    AND updated_at >= \(interval.start))
                OR type = \(HealthCheckWorkflow.type)
            )
            """,
            logger: logger
        )
        var requests: [UUID: ReportedRequest] = [:]
        for try await (id, number, type, filedAt, stateName, isTerminal, state) in rows.decode(
            (UUID, Int64, String, Date, String, Bool, String).self
        ) {
            requests[id] = ReportedRequest(
                id: id, reference: RequestReference(number: number, filedAt: filedAt).description, type: type, filedAt: filedAt,
                stateName: stateName, isTerminal: isTerminal, state: Data(state.utf8), history: []
            )
        }
        guard !requests.isEmpty else { return [] }
        let events = try await client.query(
            """
            SELECT workflow_id, actor, event, from_state, to_state, payload::text, created_at FROM workflow_events
            WHERE workflow_id = ANY(\(Array(requests.keys))) ORDER BY workflow_id, seq
            """,
            logger: logger
        )
        for try await (id, actor, event, from, to, payload, at) in events.decode((UUID, String, String, String?, String, String, Date).self)
        {
            requests[id]?.history.append(
                ReportedRequest.Event(actor: actor, event: event, fromState: from, toState: to, payload: Data(payload.utf8), at: at)
            )
        }
        return Array(requests.values)
    }
}
