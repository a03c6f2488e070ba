import Foundation
import Metrics
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
    /// Applies the events of claimed timer jobs in one transaction. Each job completes (a fenced
    /// delete) in the transaction that applies its event, so a transition happens exactly once.
    ///
    /// The batch locks its workflows and jobs with two statements, decides every transition in
    /// memory and writes each with one statement. A workflow that refuses its event fails only its
    /// job. If a statement fails, the batch is rolled back and applied again job by job, each in
    /// its own savepoint, so only the failing job is retried.
    public func fireTimers(_ jobs: [ClaimedJob], queue: JobQueue) async throws -> TimerBatchOutcome {
        guard !jobs.isEmpty else { return TimerBatchOutcome() }
        do {
            return try await fireTogether(jobs)
        } catch let error as PSQLError where error.serverInfo != nil {
            logger.debug("a timer batch failed as a whole; applying its jobs one by one", metadata: ["steward.error": "\(error)"])
            return try await fireOneByOne(jobs, queue: queue)
        }
    }

    private func fireTogether(_ jobs: [ClaimedJob]) async throws -> TimerBatchOutcome {
        try await inTransaction { unit in
            let connection = unit.connection
            // Workflows first, in id order: the order every transition takes its locks in, so a batch
            // and an API call waiting on each other cannot deadlock.
            var workflows: [UUID: WorkflowSnapshot] = [:]
            let workflowIDs = Array(Set(jobs.compactMap(\.workflowID)))
            if !workflowIDs.isEmpty {
                let rows = try await connection.query(
                    """
                    SELECT \(unescaped: WorkflowSnapshot.columns) FROM workflows
                    WHERE workflow_id = ANY(\(workflowIDs)) ORDER BY workflow_id FOR UPDATE
                    """,
                    logger: logger
                ).all()
                for row in rows {
                    let snapshot = try WorkflowSnapshot(row: row)
                    workflows[snapshot.id] = snapshot
                }
            }
            let heldRows = try await connection.query(
                """
                SELECT jobs.job_id FROM jobs
                JOIN unnest(\(jobs.map(\.id)), \(jobs.map(\.fence))) AS held(job_id, fence)
                  ON jobs.job_id = held.job_id AND jobs.fence = held.fence
                WHERE jobs.status = \(unescaped: JobStatus.running.literal)
                ORDER BY jobs.job_id
                FOR UPDATE OF jobs
                """,
                logger: logger
            ).all()
            let held = Set(try heldRows.map { try $0.decode(Int64.self, context: .default) })
            let jobs = try await completingFacts(of: jobs, held: held, workflows: workflows, on: connection)
            let plan = TimerBatchPlan(jobs: jobs, held: held, workflows: workflows) { event, workflow in
                try self.decide(event: event, for: workflow, actor: .system, now: unit.now)
            }
            try await park(plan.parked, on: connection)
            // The applied jobs go before their transitions are written: a timer that schedules itself
            // again writes a new row of the same name, which must outlive its own job's deletion.
            if !plan.completed.isEmpty {
                try await connection.query("DELETE FROM jobs WHERE job_id = ANY(\(plan.completed.map(\.id)))", logger: logger)
            }
            try await unit.write(plan.steps)
            return TimerBatchOutcome(
                applied: plan.completed,
                lost: plan.lost + plan.parked,
                failed: plan.refused.map { (job: $0.job, error: $0.error, permanent: true) }
            )
        }
    }

    /// The jobs with the facts their events need filled in (``FactProvider``), as `apply` does for
    /// an event sent one at a time. A job this batch does not hold is left as it is.
    private func completingFacts(
        of jobs: [ClaimedJob], held: Set<Int64>, workflows: [UUID: WorkflowSnapshot], on connection: PostgresConnection
    ) async throws -> [ClaimedJob] {
        guard let facts else { return jobs }
        var completed = jobs
        for index in completed.indices {
            let job = completed[index]
            guard held.contains(job.id), let workflow = job.workflowID.flatMap({ workflows[$0] }) else { continue }
            completed[index].payload = try await facts.complete(
                job.payload, type: workflow.type, customerID: workflow.customerID, workflowID: workflow.id, on: connection)
        }
        return completed
    }

    private func fireOneByOne(_ jobs: [ClaimedJob], queue: JobQueue) async throws -> TimerBatchOutcome {
        try await inTransaction { unit in
            let connection = unit.connection
            var outcome = TimerBatchOutcome()
            for job in jobs {
                try await connection.query("SAVEPOINT timer_job", logger: logger)
                do {
                    guard try await queue.complete(job, on: connection) else {
                        try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                        outcome.lost.append(job)
                        continue
                    }
                    if let workflowID = job.workflowID {
                        try await apply(event: job.payload, to: workflowID, expectedVersion: nil, actor: .system, in: unit)
                    }
                    try await connection.query("RELEASE SAVEPOINT timer_job", logger: logger)
                    outcome.applied.append(job)
                } catch let error as EngineError where error.code == .workflowPaused {
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    try await park([job], on: connection)
                    outcome.lost.append(job)
                } catch let error as EngineError {
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    outcome.failed.append((job, error.description, permanent: true))
                } catch let error as PSQLError where error.serverInfo != nil {
                    // The server refused a statement; the connection is fine, so the batch goes on.
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    outcome.failed.append((job, String(reflecting: error), permanent: false))
                }
            }
            return outcome
        }
    }

    /// Hands timers of workflows paused since they were claimed back to wait for the resume: only
    /// while this claim still holds them, and without spending the claim's attempt.
    private func park(_ jobs: [ClaimedJob], on connection: PostgresConnection) async throws {
        guard !jobs.isEmpty else { return }
        try await connection.query(
            """
            UPDATE jobs SET status = \(unescaped: JobStatus.paused.literal), attempts = jobs.attempts - 1, fence = NULL, locked_by = NULL, locked_until = NULL
            FROM unnest(\(jobs.map(\.id)), \(jobs.map(\.fence))) AS held(job_id, fence)
            WHERE jobs.job_id = held.job_id AND jobs.fence = held.fence AND jobs.status = \(unescaped: JobStatus.running.literal)
            """,
            logger: logger
        )
    }
}
