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
        let now = clock.now
        let logger = logger
        let (outcome, applied) = try await client.transaction(logger: logger) { connection in
            // Workflows first, in id order: the order every transition takes its locks in, so a batch
            // and an API call waiting on each other cannot deadlock.
            var snapshots: [UUID: WorkflowSnapshot] = [:]
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
                    snapshots[snapshot.id] = snapshot
                }
            }
            let heldRows = try await connection.query(
                """
                SELECT jobs.job_id FROM jobs
                JOIN unnest(\(jobs.map(\.id)), \(jobs.map(\.fence))) AS held(job_id, fence)
                  ON jobs.job_id = held.job_id AND jobs.fence = held.fence
                WHERE jobs.status = 'running'
                ORDER BY jobs.job_id
                FOR UPDATE OF jobs
                """,
                logger: logger
            ).all()
            let held = Set(try heldRows.map { try $0.decode(Int64.self, context: .default) })

            // Decide every transition in memory first (a workflow with two due timers sees the first's
            // result), then delete the jobs that will apply, then write: a timer that schedules itself
            // again writes a new row of the same name, which must outlive its own job's deletion.
            var outcome = TimerBatchOutcome()
            var decided: [(job: ClaimedJob, from: WorkflowSnapshot, to: WorkflowSnapshot, transition: RecordedTransition)] = []
            var parked: [ClaimedJob] = []
            for job in jobs {
                guard held.contains(job.id) else {
                    outcome.lost.append(job)
                    continue
                }
                guard let workflowID = job.workflowID, let snapshot = snapshots[workflowID] else {
                    outcome.applied.append(job)
                    continue
                }
                guard snapshot.pausedAt == nil else {
                    parked.append(job)
                    continue
                }
                do {
                    let (next, transition) = try decide(event: job.payload, for: snapshot, actor: .system, now: now)
                    snapshots[workflowID] = next
                    decided.append((job, snapshot, next, transition))
                } catch {
                    // Refused before anything was written: retrying the same event cannot help.
                    outcome.failed.append((job, String(describing: error), permanent: true))
                }
            }
            outcome.applied += decided.map(\.job)
            try await park(parked, on: connection)
            outcome.lost += parked
            if !outcome.applied.isEmpty {
                try await connection.query("DELETE FROM jobs WHERE job_id = ANY(\(outcome.applied.map(\.id)))", logger: logger)
            }
            var wokeWorkers = false
            if Set(decided.map(\.to.id)).count == decided.count {
                wokeWorkers = try await writeTogether(decided, now: now, on: connection)
            } else {
                // A workflow moved twice in one batch: its writes must follow each other in order.
                for step in decided {
                    let woke = try await write(
                        step.transition,
                        moving: step.from,
                        to: step.to,
                        event: step.job.payload,
                        actor: .system,
                        now: now,
                        on: connection
                    )
                    wokeWorkers = wokeWorkers || woke
                }
            }
            if wokeWorkers { try await Self.wakeWorkers(on: connection, logger: logger) }
            let applied = decided.map {
                AppliedTransition(from: $0.from, workflow: $0.to, transition: $0.transition, at: now, wokeWorkers: false)
            }
            return (outcome, applied)
        }
        count(applied)
        return outcome
    }

    /// Writes transitions of distinct workflows with one statement for all states, one for all
    /// history rows and one for all new timers; other effects go one by one. Returns whether jobs
    /// were created.
    private func writeTogether(
        _ decided: [(job: ClaimedJob, from: WorkflowSnapshot, to: WorkflowSnapshot, transition: RecordedTransition)],
        now: Date,
        on connection: PostgresConnection
    ) async throws -> Bool {
        guard !decided.isEmpty else { return false }
        let moved = decided.map(\.to)
        try await connection.query(
            """
            UPDATE workflows
            SET state_name = next.state_name, state = next.state::jsonb, mover = next.mover, is_terminal = next.is_terminal,
                version = next.version, updated_at = \(now), state_entered_at = next.state_entered_at
            FROM unnest(\(moved.map(\.id)), \(moved.map(\.stateName)), \(moved.map { String(decoding: $0.state, as: UTF8.self) }),
                        \(moved.map(\.mover.description)), \(moved.map(\.isTerminal)), \(moved.map(\.version)),
                        \(moved.map(\.stateEnteredAt)))
                 AS next(workflow_id, state_name, state, mover, is_terminal, version, state_entered_at)
            WHERE workflows.workflow_id = next.workflow_id
            """,
            logger: logger
        )
        try await connection.query(
            """
            INSERT INTO workflow_events (workflow_id, customer_id, seq, actor, event, from_state, to_state, payload, created_at)
            SELECT workflow_id, customer_id, seq, \(Actor.system.description), event, from_state, to_state, payload::jsonb, \(now)
            FROM unnest(\(moved.map(\.id)), \(moved.map(\.customerID)), \(moved.map(\.version)), \(decided.map(\.transition.event)),
                        \(decided.map(\.from.stateName)), \(moved.map(\.stateName)),
                        \(decided.map { String(decoding: $0.job.payload, as: UTF8.self) }))
                 AS history(workflow_id, customer_id, seq, event, from_state, to_state, payload)
            """,
            logger: logger
        )
        var timers: [ScheduledTimer] = []
        var createdJobs = false
        for step in decided {
            var others = step.transition
            others.effects = []
            for effect in step.transition.effects {
                if case .scheduleTimer(let name, let at, let event) = effect, !step.to.isTerminal {
                    // Scheduling a name twice in one transition keeps the later timer, as one by one would.
                    timers.removeAll { $0.workflowID == step.to.id && $0.name == name }
                    timers.append(ScheduledTimer(customerID: step.to.customerID, workflowID: step.to.id, name: name, at: at, event: event))
                } else {
                    others.effects.append(effect)
                }
            }
            createdJobs =
                try await materialise(others, workflowID: step.to.id, customerID: step.to.customerID, now: now, on: connection)
                || createdJobs
        }
        try await scheduleTimers(timers, now: now, on: connection)
        return createdJobs || !timers.isEmpty
    }

    private func fireOneByOne(_ jobs: [ClaimedJob], queue: JobQueue) async throws -> TimerBatchOutcome {
        let now = clock.now
        let logger = logger
        let (outcome, applied) = try await client.transaction(logger: logger) { connection in
            var outcome = TimerBatchOutcome()
            var applied: [AppliedTransition] = []
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
                        let step = try await apply(
                            event: job.payload,
                            to: workflowID,
                            expectedVersion: nil,
                            actor: .system,
                            now: now,
                            on: connection
                        )
                        wokeWorkers = wokeWorkers || step.wokeWorkers
                        applied.append(step)
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
            if wokeWorkers { try await Self.wakeWorkers(on: connection, logger: logger) }
            return (outcome, applied)
        }
        count(applied)
        return outcome
    }

    /// Hands timers of workflows paused since they were claimed back to wait for the resume: only
    /// while this claim still holds them, and without spending the claim's attempt.
    private func park(_ jobs: [ClaimedJob], on connection: PostgresConnection) async throws {
        guard !jobs.isEmpty else { return }
        try await connection.query(
            """
            UPDATE jobs SET status = 'paused', attempts = jobs.attempts - 1, fence = NULL, locked_by = NULL, locked_until = NULL
            FROM unnest(\(jobs.map(\.id)), \(jobs.map(\.fence))) AS held(job_id, fence)
            WHERE jobs.job_id = held.job_id AND jobs.fence = held.fence AND jobs.status = 'running'
            """,
            logger: logger
        )
    }
}
