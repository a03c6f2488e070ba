import Foundation
import PostgresNIO
import StewardCore

/// What became of a batch of timer jobs.
public struct TimerBatchOutcome: Sendable {
    /// Transitions applied and committed.
    public var applied: [ClaimedJob] = []
    /// Jobs whose lease was lost before they ran: another worker has them, nothing to do.
    public var lost: [ClaimedJob] = []
    /// Jobs that failed; `permanent` ones will never succeed as they are (dead at once).
    public var failed: [(job: ClaimedJob, error: String, permanent: Bool)] = []
}

extension WorkflowEngine {
    /// Applies the events of claimed timer jobs in one transaction. Each job completes (fenced delete)
    /// in the transaction that applies its event, so a transition happens exactly once; a job that fails
    /// rolls back to its own savepoint and only it is retried.
    public func fireTimers(_ jobs: [ClaimedJob], queue: JobQueue) async throws -> TimerBatchOutcome {
        guard !jobs.isEmpty else { return TimerBatchOutcome() }
        let now = clock.now
        let logger = logger
        return try await client.transaction(logger: logger) { connection in
            var outcome = TimerBatchOutcome()
            var wokeWorkers = false
            for job in jobs {
                try await connection.query("SAVEPOINT timer_job", logger: logger)
                do {
                    guard try await queue.complete(job, on: connection) else {
                        try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                        outcome.lost.append(job)
                        continue
                    }
                    if let workflowID = job.workflowID {
                        let (_, woke) = try await apply(
                            event: job.payload,
                            to: workflowID,
                            expectedVersion: nil,
                            actor: .system,
                            now: now,
                            on: connection
                        )
                        wokeWorkers = wokeWorkers || woke
                    }
                    try await connection.query("RELEASE SAVEPOINT timer_job", logger: logger)
                    outcome.applied.append(job)
                } catch let error as EngineError {
                    // The workflow refused the event: retrying the same event cannot help.
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    outcome.failed.append((job, error.description, permanent: true))
                } catch let error as PSQLError where error.serverInfo != nil {
                    // The server refused a statement; the connection is fine, so the batch goes on.
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    outcome.failed.append((job, String(reflecting: error), permanent: false))
                }
            }
            if wokeWorkers { try await Self.wakeWorkers(on: connection, logger: logger) }
            return outcome
        }
    }
}
