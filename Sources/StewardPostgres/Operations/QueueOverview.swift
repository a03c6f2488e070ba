import Foundation
import Logging
import PostgresNIO

/// The job queue as an operator watches it: how many jobs of each kind wait in each status, and
/// which worker holds which lease. Counts stop at ``countCap``, so the page costs the same with a
/// million jobs queued.
public struct QueueOverview: Sendable {
    /// The most jobs counted per kind and status; a page shows more as "10,000 or more".
    public static let countCap = 10_000

    public struct Depth: Sendable, Hashable {
        public var kind: String
        public var status: JobStatus
        /// At most ``QueueOverview/countCap`` + 1: more than the cap means "at least".
        public var count: Int
        public var isCapped: Bool { count > QueueOverview.countCap }
    }

    public struct Lease: Sendable, Hashable {
        public var jobID: Int64
        public var kind: String
        public var name: String
        public var customerID: String
        public var workflowID: UUID?
        public var worker: String
        public var lockedUntil: Date
        public var attempts: Int
    }

    public static let kinds = ["timer", "notification", "report"]

    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Every kind and status, with its capped count; each count walks at most the cap of one index.
    public func depths() async throws -> [Depth] {
        let statuses = JobStatus.allCases.map(\.rawValue)
        return try await client.query(
            """
            SELECT k.kind, s.status,
                   (SELECT count(*) FROM (SELECT 1 FROM jobs j WHERE j.kind = k.kind AND j.status = s.status
                                          LIMIT \(Int64(Self.countCap + 1))) capped)::int8
            FROM unnest(\(Self.kinds)::text[]) WITH ORDINALITY AS k(kind, kind_order)
            CROSS JOIN unnest(\(statuses)::text[]) WITH ORDINALITY AS s(status, status_order)
            ORDER BY k.kind_order, s.status_order
            """,
            logger: logger
        ).all().map { row in
            let (kind, status, count) = try row.decode((String, String, Int).self, context: .default)
            guard let status = JobStatus(rawValue: status) else { throw UnknownJobValue(column: "status", value: status) }
            return Depth(kind: kind, status: status, count: count)
        }
    }

    /// The leases held now, the soonest to expire first (a lease about to lapse is the one to watch),
    /// at most `limit`.
    public func leases(limit: Int) async throws -> [Lease] {
        try await client.query(
            """
            SELECT job_id, kind, name, customer_id, workflow_id, locked_by, locked_until, attempts
            FROM jobs WHERE status = \(unescaped: JobStatus.running.literal)
            ORDER BY locked_until LIMIT \(Int64(limit))
            """,
            logger: logger
        ).all().map { row in
            let (id, kind, name, customer, workflow, worker, until, attempts) = try row.decode(
                (Int64, String, String, String, UUID?, String?, Date?, Int).self, context: .default)
            return Lease(
                jobID: id, kind: kind, name: name, customerID: customer, workflowID: workflow, worker: worker ?? "",
                lockedUntil: until ?? .distantPast, attempts: attempts)
        }
    }
}
