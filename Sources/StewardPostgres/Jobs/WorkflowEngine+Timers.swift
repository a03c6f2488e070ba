import Foundation
import Metrics
import PostgresNIO
import StewardCore

/// What became of a batch of due timers.
public struct TimerBatchOutcome: Sendable {
    /// Timers whose transitions were applied and committed (or that had nothing to apply).
    public var applied: [DueTimer] = []
    /// Timers left due because another transaction held their workflow, or that wait for a resume.
    public var leftDue: [DueTimer] = []
    /// Timers that failed, recorded in the same transaction: `dead` ones show in `steward stuck`.
    public var failed: [(timer: DueTimer, error: String, dead: Bool)] = []

    /// Whether the batch found no due timer at all.
    public var isEmpty: Bool { applied.isEmpty && leftDue.isEmpty && failed.isEmpty }
}

extension WorkflowEngine {
    /// Claims up to `limit` due timers and applies their events in one transaction: the row locks
    /// of that transaction are the claim, so a worker that dies mid-batch leaves every timer due,
    /// and each timer completes (is deleted) in the transaction that applies its event, exactly once.
    ///
    /// The batch locks its timers and their workflows with two statements that skip rows other
    /// transactions hold (it never waits, so it cannot deadlock with an API call), decides every
    /// transition in memory and writes each kind of row with one statement. A workflow that refuses
    /// its event fails only its timer. If a statement fails, the batch is rolled back and applied
    /// again timer by timer, each in its own savepoint, so only the failing timer is retried.
    public func fireDueTimers(limit: Int, queue: JobQueue) async throws -> TimerBatchOutcome {
        do {
            return try await fireTogether(limit: limit, queue: queue)
        } catch let error as PSQLError where error.serverInfo == nil {
            // The connection is gone (a restart, a dropped link): the batch rolled back; it runs again later.
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A statement the server refused, or a timer the engine could not read or decide: only the
            // timer at fault fails, and its attempts count, so it cannot hold back the others for ever.
            logger.debug("a timer batch failed as a whole; applying its timers one by one", metadata: ["steward.error": "\(error)"])
            return try await fireOneByOne(limit: limit, queue: queue)
        }
    }

    private func fireTogether(limit: Int, queue: JobQueue) async throws -> TimerBatchOutcome {
        try await inTransaction { unit in
            let connection = unit.connection
            let claimed = try await queue.lockDueTimers(limit: limit, now: unit.now, on: connection)
            guard !claimed.isEmpty else { return TimerBatchOutcome() }
            recordLatency(of: claimed)
            let workflows = try await lockWorkflows(of: claimed, on: connection)
            let timers = try await completingFacts(of: claimed, workflows: workflows, on: connection)
            let plan = TimerBatchPlan(timers: timers, workflows: workflows) { event, workflow in
                try self.decide(event: event, for: workflow, actor: .system, now: unit.now)
            }
            try await park(plan.parked, on: connection)
            // The applied timers go before their transitions are written: a timer that schedules itself
            // again writes a new row of the same name, which must outlive its own job's deletion.
            if !plan.completed.isEmpty {
                try await connection.query("DELETE FROM jobs WHERE job_id = ANY(\(plan.completed.map(\.id)))", logger: logger)
            }
            var outcome = TimerBatchOutcome(applied: plan.completed, leftDue: plan.busy + plan.parked)
            for (timer, error) in plan.refused {
                outcome.failed.append((timer, error, dead: try await queue.fail(timer, error: error, permanent: true, on: connection)))
            }
            try await unit.write(plan.steps)
            return outcome
        }
    }

    /// How late each timer starts after it fell due (`steward_job_latency_seconds`, as for leased jobs).
    private func recordLatency(of timers: [DueTimer]) {
        let now = clock.now
        let latency = Timer(label: "steward_job_latency_seconds", dimensions: [("kind", JobKind.timer.rawValue)])
        for timer in timers { latency.recordSeconds(max(0, now.timeIntervalSince(timer.runAt))) }
    }

    /// The workflows of `timers` this transaction could lock, in id order (the order every
    /// transition takes its locks in). One another transaction holds is skipped, not waited for.
    /// `NO KEY UPDATE`, as every transition locks its workflow: rows that only refer to it (a task's
    /// outbox row, a history row) may still be written beside it.
    private func lockWorkflows(of timers: [DueTimer], on connection: PostgresConnection) async throws -> [UUID: WorkflowSnapshot] {
        let workflowIDs = Array(Set(timers.compactMap(\.workflowID)))
        guard !workflowIDs.isEmpty else { return [:] }
        var workflows: [UUID: WorkflowSnapshot] = [:]
        for row in try await connection.run(LockWorkflows(ids: workflowIDs), logger: logger) {
            let snapshot = try WorkflowSnapshot(row: row)
            workflows[snapshot.id] = snapshot
        }
        return workflows
    }

    /// The timers with the facts their events need filled in (``FactProvider``), as `apply` does for
    /// an event sent one at a time. A timer whose workflow this batch did not lock is left as it is.
    private func completingFacts(
        of timers: [DueTimer], workflows: [UUID: WorkflowSnapshot], on connection: PostgresConnection
    ) async throws -> [DueTimer] {
        guard let facts else { return timers }
        var completed = timers
        for index in completed.indices {
            guard let workflow = completed[index].workflowID.flatMap({ workflows[$0] }) else { continue }
            completed[index].payload = try await facts.complete(
                completed[index].payload, type: workflow.type, customerID: workflow.customerID, workflowID: workflow.id,
                on: connection)
        }
        return completed
    }

    private func fireOneByOne(limit: Int, queue: JobQueue) async throws -> TimerBatchOutcome {
        try await inTransaction { unit in
            let connection = unit.connection
            let timers = try await queue.lockDueTimers(limit: limit, now: unit.now, on: connection)
            let workflows = try await lockWorkflows(of: timers, on: connection)
            var outcome = TimerBatchOutcome()
            for timer in timers {
                if let workflowID = timer.workflowID, workflows[workflowID] == nil {
                    outcome.leftDue.append(timer)
                    continue
                }
                try await connection.query("SAVEPOINT timer_job", logger: logger)
                do {
                    // An earlier timer of this batch may have set this one again (a later instant, another
                    // event) or cancelled it: only the row as it is now, and only if still due, applies.
                    let current = try await connection.query(
                        """
                        DELETE FROM jobs WHERE job_id = \(timer.id) AND status = \(unescaped: JobStatus.ready.literal) AND run_at <= \(unit.now)
                        RETURNING payload::text
                        """,
                        logger: logger
                    ).all()
                    guard let payload = try current.first?.decode(String.self, context: .default) else {
                        try await connection.query("RELEASE SAVEPOINT timer_job", logger: logger)
                        continue
                    }
                    if let workflowID = timer.workflowID {
                        try await apply(event: Data(payload.utf8), to: workflowID, expectedVersion: nil, actor: .system, in: unit)
                    }
                    try await connection.query("RELEASE SAVEPOINT timer_job", logger: logger)
                    outcome.applied.append(timer)
                } catch let error as EngineError where error.code == .workflowPaused {
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    try await park([timer], on: connection)
                    outcome.leftDue.append(timer)
                } catch let error as EngineError {
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    let dead = try await queue.fail(timer, error: error.description, permanent: true, on: connection)
                    outcome.failed.append((timer, error.description, dead: dead))
                } catch let error as PSQLError where error.serverInfo == nil {
                    throw error
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // The server refused a statement, or the timer could not be read or decided; the
                    // connection is fine, so the batch goes on without it.
                    try await connection.query("ROLLBACK TO SAVEPOINT timer_job", logger: logger)
                    let reason = String(reflecting: error)
                    let dead = try await queue.fail(timer, error: reason, permanent: false, on: connection)
                    outcome.failed.append((timer, reason, dead: dead))
                }
            }
            return outcome
        }
    }

    /// Hands timers of paused workflows back to wait for the resume (``Repairs``' resume makes them ready).
    private func park(_ timers: [DueTimer], on connection: PostgresConnection) async throws {
        guard !timers.isEmpty else { return }
        try await connection.query(
            "UPDATE jobs SET status = \(unescaped: JobStatus.paused.literal) WHERE job_id = ANY(\(timers.map(\.id)))", logger: logger)
    }
}

/// ``WorkflowEngine/fireDueTimers(limit:queue:)``'s lock on the workflows of its timers.
private struct LockWorkflows: HotStatement {
    static let sql = """
        SELECT \(WorkflowSnapshot.columns) FROM workflows
        WHERE workflow_id = ANY($1::uuid[]) ORDER BY workflow_id FOR NO KEY UPDATE SKIP LOCKED
        """

    var ids: [UUID]

    var bindings: PostgresBindings { PostgresBindings(ids) }
}
