import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Customers' report schedules and the one `report` job each active schedule has: a durable timer
/// to its next run, moved by the run itself (``ReportRuns``), never by a sweep.
public struct ReportSchedules: Sendable {
    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = """
        s.schedule_id, s.customer_id, s.kind, s.definition::text, s.created_by, s.created_at, s.deleted_at,
        (SELECT j.run_at FROM jobs j WHERE j.kind = 'report' AND j.name = s.schedule_id::text)
        """

    /// The customer's schedules not deleted, the quarterly one first.
    public func schedules(of customerID: String) async throws -> [ScheduledReport] {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM report_schedules s
            WHERE s.customer_id = \(customerID) AND s.deleted_at IS NULL ORDER BY s.kind = 'custom', s.created_at, s.schedule_id
            """,
            logger: logger
        ).all()
        return try rows.map(Self.scheduled)
    }

    /// The schedule, deleted or not; nil when there is none.
    public func find(_ id: UUID, on connection: PostgresConnection, locking: Bool = false) async throws -> ScheduledReport? {
        let lock = locking ? " FOR UPDATE OF s" : ""
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM report_schedules s WHERE s.schedule_id = \(id)\(unescaped: lock)", logger: logger
        ).all()
        return try rows.first.map(Self.scheduled)
    }

    /// Adds a custom schedule and its first run's job, audited, in one transaction.
    public func create(
        _ schedule: ReportSchedule, for customerID: String, timeZone: TimeZone, by actor: Participant, at now: Date
    ) async throws -> ScheduledReport {
        let id = UUID()
        let definition = String(decoding: try JSONCoding.encoder.encode(schedule), as: UTF8.self)
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO report_schedules (schedule_id, customer_id, kind, definition, created_by, created_at)
                VALUES (\(id), \(customerID), 'custom', \(definition)::jsonb, \(actor.description), \(now))
                """,
                logger: logger
            )
            try await Self.plan(
                id, customerID: customerID, at: schedule.nextRun(after: now, in: timeZone), now: now, on: connection, logger: logger)
            try await audit("report-schedule.create", id, customerID: customerID, by: actor, at: now, after: definition, on: connection)
        }
        guard let created = try await client.withConnection({ try await find(id, on: $0) }) else {
            throw ReportError.unreadableHistory("the schedule \(id) just written cannot be read back")
        }
        return created
    }

    /// Deletes a custom schedule: its next run's job goes, a run under way sends nothing, and
    /// what its last run has not delivered yet is skipped. False when there is no such schedule of
    /// the customer (or it is the quarterly one, which `refusesQuarterly` says).
    public func delete(
        _ id: UUID, of customerID: String, by actor: Participant, reason: String, at now: Date
    ) async throws -> DeleteOutcome {
        try await client.transaction(logger: logger) { connection in
            guard let found = try await find(id, on: connection, locking: true), found.customerID == customerID, found.deletedAt == nil
            else { return .notFound }
            guard !found.isQuarterly else { return .quarterly }
            try await connection.query(
                "UPDATE report_schedules SET deleted_at = \(now), deleted_by = \(actor.description) WHERE schedule_id = \(id)",
                logger: logger
            )
            try await connection.query("DELETE FROM jobs WHERE kind = 'report' AND name = \(id.uuidString.lowercased())", logger: logger)
            try await connection.query(
                """
                WITH skipped AS (
                    UPDATE outbox SET status = 'skipped'
                    WHERE status = 'pending' AND file_set IN (SELECT run_id FROM report_runs WHERE schedule_id = \(id))
                    RETURNING outbox_id
                )
                DELETE FROM jobs WHERE kind = 'notification' AND name IN (SELECT outbox_id::text FROM skipped)
                """,
                logger: logger
            )
            try await audit("report-schedule.delete", id, customerID: customerID, by: actor, at: now, reason: reason, on: connection)
            return .deleted
        }
    }

    public enum DeleteOutcome: Sendable {
        case deleted, notFound, quarterly
    }

    /// Gives the customer their quarterly report if they have none, and moves every active
    /// schedule's next run to `timeZone` (the customer's zone may have changed), in the caller's
    /// transaction: what a customer's creation or update calls.
    static func settle(customerID: String, timeZone: TimeZone, at now: Date, on connection: PostgresConnection, logger: Logger) async throws
    {
        try await connection.query(
            """
            INSERT INTO report_schedules (schedule_id, customer_id, kind, created_by, created_at)
            VALUES (\(UUID()), \(customerID), 'quarterly', 'steward', \(now)) ON CONFLICT DO NOTHING
            """,
            logger: logger
        )
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns) FROM report_schedules s WHERE s.customer_id = \(customerID) AND s.deleted_at IS NULL
            """,
            logger: logger
        ).all()
        for scheduled in try rows.map(scheduled) {
            try await plan(
                scheduled.id, customerID: customerID, at: scheduled.schedule.nextRun(after: now, in: timeZone), now: now, on: connection,
                logger: logger)
        }
    }

    /// Sets the schedule's job to run at `instant`, unless a worker holds it (its run plans the next).
    static func plan(
        _ id: UUID, customerID: String, at instant: Date, now: Date, on connection: PostgresConnection, logger: Logger
    )
        async throws
    {
        try await connection.query(
            """
            INSERT INTO jobs (customer_id, kind, name, payload, priority, run_at, created_at)
            VALUES (\(customerID), 'report', \(id.uuidString.lowercased()), '{}'::jsonb, 80, \(instant), \(now))
            ON CONFLICT (name, customer_id) WHERE kind = 'report' DO UPDATE SET run_at = EXCLUDED.run_at WHERE jobs.status = 'ready'
            """,
            logger: logger
        )
    }

    private func audit(
        _ action: String, _ id: UUID, customerID: String, by actor: Participant, at now: Date, reason: String = "", after: String? = nil,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (at, actor, action, customer_id, reason, details, after)
            VALUES (\(now), \(actor.description), \(action), \(customerID), \(reason),
                    jsonb_build_object('schedule', \(id.uuidString.lowercased())), \(after)::jsonb)
            """,
            logger: logger
        )
    }

    private static func scheduled(_ row: PostgresRow) throws -> ScheduledReport {
        let (id, customerID, kind, definition, createdBy, createdAt, deletedAt, nextRunAt) = try row.decode(
            (UUID, String, String, String?, String, Date, Date?, Date?).self, context: .default)
        let schedule =
            try definition.map { try JSONCoding.decoder.decode(ReportSchedule.self, from: Data($0.utf8)) } ?? .quarterly
        return ScheduledReport(
            id: id, customerID: customerID, isQuarterly: kind == "quarterly", schedule: schedule, createdBy: createdBy,
            createdAt: createdAt, deletedAt: deletedAt, nextRunAt: nextRunAt
        )
    }
}
