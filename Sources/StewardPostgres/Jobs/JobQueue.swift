import Foundation
import Logging
import PostgresNIO
import StewardCore

/// The claimed table: batched claims under leases with fencing tokens, retries, dead jobs.
public struct JobQueue: Sendable {
    public let client: PostgresClient
    public let clock: any WallClock
    public let retryPolicy: RetryPolicy
    let logger: Logger

    public init(client: PostgresClient, clock: any WallClock = SystemClock(), retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger) {
        self.client = client
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    /// Claims up to `limit` due jobs of the ``JobKind/leased`` kinds in one statement, under a
    /// lease; skips jobs other workers hold. Timers are not claimed here: they fire in the
    /// transaction that claims them (``WorkflowEngine/fireDueTimers(limit:queue:)``).
    public func claim(worker: String, limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        let now = clock.now
        let until = now.adding(lease)
        let rows = try await client.query(
            """
            WITH next AS (
                SELECT job_id FROM jobs
                WHERE status = \(unescaped: JobStatus.ready.literal) AND kind <> 'timer' AND run_at <= \(now)
                ORDER BY priority, run_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs SET status = \(unescaped: JobStatus.running.literal), attempts = jobs.attempts + 1, fence = nextval('job_fence'),
                            locked_by = \(worker), locked_until = \(until)
            FROM next WHERE jobs.job_id = next.job_id
            RETURNING \(unescaped: ClaimedJob.columns(of: "jobs"))
            """,
            logger: logger
        ).all()
        return try rows.map(ClaimedJob.init(row:))
    }

    /// Locks up to `limit` due timers inside the caller's transaction, skipping those another
    /// transaction holds. The locks are the claim: they end with the transaction.
    func lockDueTimers(limit: Int, now: Date, on connection: PostgresConnection) async throws -> [DueTimer] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: DueTimer.columns) FROM jobs
            WHERE status = \(unescaped: JobStatus.ready.literal) AND kind = 'timer' AND run_at <= \(now)
            ORDER BY run_at
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """,
            logger: logger
        ).all()
        return try rows.map(DueTimer.init(row:))
    }

    /// Records the failure of a timer the caller's transaction holds, as ``fail(_:error:permanent:)``
    /// does for a leased job: it is due again after a backoff, or dead when `permanent` or out of
    /// attempts. Returns whether it is dead.
    func fail(_ timer: DueTimer, error: String, permanent: Bool, on connection: PostgresConnection) async throws -> Bool {
        let attempts = timer.attempts + 1
        let retryAt = clock.now.adding(retryPolicy.delay(afterAttempt: attempts, jitter: Double.random(in: 0...1)))
        let dead = permanent || attempts >= retryPolicy.maxAttempts
        try await connection.query(
            """
            WITH failed AS (
                UPDATE jobs
                SET status = \(dead ? JobStatus.dead.rawValue : JobStatus.ready.rawValue), attempts = \(attempts), run_at = \(retryAt),
                    last_error = \(error)
                WHERE job_id = \(timer.id)
                RETURNING customer_id
            )
            SELECT pg_notify(\(WorkflowEngine.changesChannel), customer_id) FROM failed WHERE \(dead)
            """,
            logger: logger
        )
        return dead
    }

    /// Deletes a finished job inside the caller's transaction, if the caller still holds it.
    /// Returns false when the lease was lost (another worker claimed it, or it was rescheduled).
    public func complete(_ job: ClaimedJob, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "DELETE FROM jobs WHERE job_id = \(job.id) AND fence = \(job.fence) AND status = \(unescaped: JobStatus.running.literal) RETURNING job_id",
            logger: logger
        ).all()
        return !rows.isEmpty
    }

    /// Records a failure: the job runs again after a backoff, or is dead when `permanent` or out of
    /// attempts; a death is announced to live pages (the stuck list), in the same statement.
    public func fail(_ job: ClaimedJob, error: String, permanent: Bool) async throws {
        let delay = retryPolicy.delay(afterAttempt: job.attempts, jitter: Double.random(in: 0...1))
        let retryAt = clock.now.adding(delay)
        try await client.query(
            """
            WITH failed AS (
                UPDATE jobs
                SET status = CASE WHEN \(permanent) OR attempts >= \(retryPolicy.maxAttempts) THEN \(unescaped: JobStatus.dead.literal) ELSE \(unescaped: JobStatus.ready.literal) END,
                    run_at = \(retryAt), last_error = \(error), fence = NULL, locked_by = NULL, locked_until = NULL
                WHERE job_id = \(job.id) AND fence = \(job.fence)
                RETURNING status, customer_id
            )
            SELECT pg_notify(\(WorkflowEngine.changesChannel), customer_id) FROM failed WHERE status = \(unescaped: JobStatus.dead.literal)
            """,
            logger: logger
        )
    }

    /// Extends the leases of jobs still held; returns the ids no longer held (their leases were lost).
    /// A lease that has already run out is not revived: another worker may be about to take the job.
    public func heartbeat(_ jobs: [ClaimedJob], lease: Duration) async throws -> Set<Int64> {
        guard !jobs.isEmpty else { return [] }
        let now = clock.now
        let until = now.adding(lease)
        let rows = try await client.query(
            """
            UPDATE jobs SET locked_until = \(until)
            FROM unnest(\(jobs.map(\.id)), \(jobs.map(\.fence))) AS held(job_id, fence)
            WHERE jobs.job_id = held.job_id AND jobs.fence = held.fence AND jobs.status = \(unescaped: JobStatus.running.literal)
              AND jobs.locked_until >= \(now)
            RETURNING jobs.job_id
            """,
            logger: logger
        ).all()
        let kept = Set(try rows.map { try $0.decode(Int64.self, context: .default) })
        return Set(jobs.map(\.id)).subtracting(kept)
    }

    /// Hands claimed jobs back untouched (a worker shutting down); the attempt does not count.
    public func release(_ jobs: [ClaimedJob]) async throws {
        guard !jobs.isEmpty else { return }
        try await client.query(
            """
            UPDATE jobs SET status = \(unescaped: JobStatus.ready.literal), attempts = jobs.attempts - 1, fence = NULL, locked_by = NULL,
                            locked_until = NULL
            FROM unnest(\(jobs.map(\.id)), \(jobs.map(\.fence))) AS held(job_id, fence)
            WHERE jobs.job_id = held.job_id AND jobs.fence = held.fence AND jobs.status = \(unescaped: JobStatus.running.literal)
            """,
            logger: logger
        )
    }

    /// Makes jobs whose lease expired claimable again (or dead when out of attempts). A worker that
    /// died mid-job loses nothing: its job runs again elsewhere, and its fence no longer matches.
    @discardableResult
    public func reclaimExpiredLeases() async throws -> Int {
        let now = clock.now
        let rows = try await client.query(
            """
            UPDATE jobs
            SET status = CASE WHEN attempts >= \(retryPolicy.maxAttempts) THEN \(unescaped: JobStatus.dead.literal) ELSE \(unescaped: JobStatus.ready.literal) END,
                lease_losses = lease_losses + 1, run_at = \(now),
                last_error = 'lease expired while ' || coalesce(locked_by, 'a worker') || ' held it',
                fence = NULL, locked_by = NULL, locked_until = NULL
            WHERE job_id IN (
                SELECT job_id FROM jobs WHERE status = \(unescaped: JobStatus.running.literal) AND locked_until < \(now)
                FOR UPDATE SKIP LOCKED
            )
            RETURNING job_id
            """,
            logger: logger
        ).all()
        if !rows.isEmpty {
            logger.info("reclaimed jobs whose lease expired", metadata: ["steward.jobs.count": "\(rows.count)"])
        }
        return rows.count
    }

    /// When the next ready job is due, if any: how long an idle worker may sleep.
    public func nextDue() async throws -> Date? {
        try await client.query(
            """
            SELECT least(
                (SELECT min(run_at) FROM jobs WHERE status = \(unescaped: JobStatus.ready.literal) AND kind = 'timer'),
                (SELECT min(run_at) FROM jobs WHERE status = \(unescaped: JobStatus.ready.literal) AND kind <> 'timer'))
            """,
            logger: logger
        )
        .all().first?.decode(Date?.self, context: .default)
    }

    /// Counts by status, for metrics and `steward stuck`; a status with no job counts 0.
    public func depth() async throws -> [JobStatus: Int] {
        let rows = try await client.query("SELECT status, count(*)::int8 FROM jobs GROUP BY status", logger: logger)
        var counts = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
        for try await (status, count) in rows.decode((String, Int).self) {
            guard let status = JobStatus(rawValue: status) else { throw UnknownJobValue(column: "status", value: status) }
            counts[status] = count
        }
        return counts
    }
}

/// A job row holding a kind or status this build does not know (a newer one wrote it): refused,
/// not guessed at.
public struct UnknownJobValue: Error, Sendable, CustomStringConvertible {
    public var column: String
    public var value: String

    public var description: String {
        "a job's \(column) is '\(value)', which this build of Steward does not know; run the same version everywhere"
    }
}
