import Foundation
import PostgresNIO

/// What a job does when it runs.
public enum JobKind: String, Sendable, Hashable, CaseIterable {
    /// Deliver the stored event to its workflow (a durable timer).
    case timer
    /// Deliver one outbox message.
    case notification
    /// Run a customer's report schedule (a durable timer with no workflow); `name` is the schedule.
    case report
}

extension JobKind {
    /// The kinds whose work reaches outside the database (a delivery, a report's mail), so a worker
    /// holds them under a lease between transactions. Timers are fired inside the transaction that
    /// claims them (``WorkflowEngine/fireDueTimers(limit:queue:)``): their row locks are their lease.
    public static let leased: Set<JobKind> = [.notification, .report]
}

/// A job a worker holds under a lease. `fence` is the token that proves it still holds it.
public struct ClaimedJob: Sendable, Hashable {
    public var id: Int64
    public var fence: Int64
    public var kind: JobKind
    public var customerID: String
    public var workflowID: UUID?
    /// The timer's name, the outbox id of a notification, or the schedule of a report.
    public var name: String
    public var payload: Data
    public var runAt: Date
    /// Counting this run.
    public var attempts: Int
}

extension ClaimedJob {
    /// The columns `init(row:)` reads, qualified by `table` (a claim's RETURNING sits beside its CTE).
    static func columns(of table: String) -> String {
        ["job_id", "fence", "kind", "customer_id", "workflow_id", "name", "payload::text", "run_at", "attempts"]
            .map { "\(table).\($0)" }
            .joined(separator: ", ")
    }

    init(row: PostgresRow) throws {
        let (id, fence, kind, customerID, workflowID, name, payload, runAt, attempts) = try row.decode(
            (Int64, Int64, String, String, UUID?, String, String, Date, Int).self,
            context: .default
        )
        self.id = id
        self.fence = fence
        guard let kind = JobKind(rawValue: kind) else { throw UnknownJobValue(column: "kind", value: kind) }
        self.kind = kind
        self.customerID = customerID
        self.workflowID = workflowID
        self.name = name
        self.payload = Data(payload.utf8)
        self.runAt = runAt
        self.attempts = attempts
    }
}

/// A due timer, locked by the transaction that fires it. If the worker dies, the transaction rolls
/// back and the timer is due again at once; no lease or fence is needed.
public struct DueTimer: Sendable, Hashable {
    public var id: Int64
    public var customerID: String
    public var workflowID: UUID?
    public var name: String
    public var payload: Data
    public var runAt: Date
    /// Runs that failed before this one.
    public var attempts: Int
}

extension DueTimer {
    static let columns = "job_id, customer_id, workflow_id, name, payload::text, run_at, attempts"

    init(row: PostgresRow) throws {
        let (id, customerID, workflowID, name, payload, runAt, attempts) = try row.decode(
            (Int64, String, UUID?, String, String, Date, Int).self, context: .default)
        self.id = id
        self.customerID = customerID
        self.workflowID = workflowID
        self.name = name
        self.payload = Data(payload.utf8)
        self.runAt = runAt
        self.attempts = attempts
    }
}
