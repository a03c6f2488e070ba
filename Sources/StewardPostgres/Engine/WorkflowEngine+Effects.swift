import Foundation
import PostgresNIO
import StewardCore

extension WorkflowEngine {
    /// Writes the effects of `steps` in the caller's transaction: every new timer with one
    /// statement, the finished workflows' leftovers with two, the other effects one by one, in
    /// order. Returns whether any job was created.
    func materialise(_ steps: [AppliedTransition], now: Date, on connection: PostgresConnection) async throws -> Bool {
        var timers: [ScheduledTimer] = []
        var createdJobs = false
        for step in steps {
            let created = try await materialise(step, now: now, timers: &timers, on: connection)
            createdJobs = createdJobs || created
        }
        let finished = steps.filter(\.transition.isTerminal).map(\.workflow.id)
        // A finished workflow keeps no open work behind, not even a timer an earlier step of the batch set.
        timers.removeAll { finished.contains($0.workflowID) }
        try await closeOpenWork(of: finished, now: now, on: connection)
        try await scheduleTimers(timers, now: now, on: connection)
        return createdJobs || !timers.isEmpty
    }

    /// Cancels the open tasks and deletes the timers of workflows that just finished.
    private func closeOpenWork(of finished: [UUID], now: Date, on connection: PostgresConnection) async throws {
        guard !finished.isEmpty else { return }
        try await connection.run(CancelOpenTasks(now: now, workflowIDs: finished), logger: logger)
        try await connection.query("DELETE FROM jobs WHERE workflow_id = ANY(\(finished)) AND kind = 'timer'", logger: logger)
    }

    /// Writes one step's effects but its timers, which it adds to `timers` (the later of two of
    /// one name wins, and a cancelled one is dropped, as if each were written in order).
    private func materialise(
        _ step: AppliedTransition,
        now: Date,
        timers: inout [ScheduledTimer],
        on connection: PostgresConnection
    ) async throws -> Bool {
        let transition = step.transition
        let workflowID = step.workflow.id
        let customerID = step.workflow.customerID
        var createdJobs = false
        for effect in transition.effects {
            switch effect {
            case .createTask(let task):
                try await connection.query(
                    """
                    INSERT INTO tasks (task_id, workflow_id, customer_id, name, group_name, title, priority, due_at, brief,
                                       created_at, last_activity_at)
                    VALUES (\(UUID()), \(workflowID), \(customerID), \(task.name), \(task.group), \(task.title),
                            \(task.priority), \(task.dueAt), \(task.brief), \(now), \(now))
                    ON CONFLICT (workflow_id, name, customer_id) WHERE status IN ('open', 'claimed') DO NOTHING
                    """,
                    logger: logger
                )
            case .cancelTask(let name):
                try await connection.query(
                    """
                    UPDATE tasks SET status = 'cancelled', closed_at = \(now)
                    WHERE workflow_id = \(workflowID) AND name = \(name) AND status IN ('open', 'claimed')
                    """,
                    logger: logger
                )
            case .scheduleTimer(let name, let at, let event):
                timers.removeAll { $0.workflowID == workflowID && $0.name == name }
                if !transition.isTerminal {
                    timers.append(ScheduledTimer(customerID: customerID, workflowID: workflowID, name: name, at: at, event: event))
                }
            case .cancelTimer(let name):
                timers.removeAll { $0.workflowID == workflowID && $0.name == name }
                try await connection.query(
                    "DELETE FROM jobs WHERE workflow_id = \(workflowID) AND kind = 'timer' AND name = \(name)",
                    logger: logger
                )
            case .notify(let notification):
                let created = try await Outbox.write(
                    notification, customerID: customerID, workflowID: workflowID, routing: routing, now: now, on: connection, logger: logger
                )
                createdJobs = createdJobs || created
            }
        }
        return createdJobs
    }

    /// Writes timers with one statement. Scheduling a name again replaces the timer; clearing the
    /// fence stops a worker still holding the old one from completing it.
    func scheduleTimers(_ timers: [ScheduledTimer], now: Date, on connection: PostgresConnection) async throws {
        guard !timers.isEmpty else { return }
        try await connection.run(
            ScheduleTimers(
                now: now, customerIDs: timers.map(\.customerID), workflowIDs: timers.map(\.workflowID), names: timers.map(\.name),
                events: timers.map { String(decoding: $0.event, as: UTF8.self) }, runAt: timers.map(\.at)),
            logger: logger)
    }
}

/// A timer to write: its event is delivered to the workflow at `at`.
struct ScheduledTimer {
    var customerID: String
    var workflowID: UUID
    var name: String
    var at: Date
    var event: Data
}

/// ``WorkflowEngine/scheduleTimers(_:now:on:)``'s statement.
private struct ScheduleTimers: HotStatement {
    static let sql = """
        INSERT INTO jobs (customer_id, workflow_id, kind, name, payload, run_at, created_at)
        SELECT customer_id, workflow_id, 'timer', name, payload::jsonb, run_at, $1::timestamptz
        FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[]) AS timer(customer_id, workflow_id, name, payload, run_at)
        ON CONFLICT (workflow_id, name, customer_id) WHERE kind = 'timer' DO UPDATE
        SET payload = EXCLUDED.payload, run_at = EXCLUDED.run_at, status = \(JobStatus.ready.literal), attempts = 0,
            fence = NULL, locked_by = NULL, locked_until = NULL, lease_losses = 0, last_error = NULL
        """

    var now: Date
    var customerIDs: [String]
    var workflowIDs: [UUID]
    var names: [String]
    var events: [String]
    var runAt: [Date]

    var bindings: PostgresBindings { PostgresBindings(now, customerIDs, workflowIDs, names, events, runAt) }
}

/// The open tasks of finished workflows, cancelled.
private struct CancelOpenTasks: HotStatement {
    static let sql = """
        UPDATE tasks SET status = 'cancelled', closed_at = $1::timestamptz
        WHERE workflow_id = ANY($2::uuid[]) AND status IN ('open', 'claimed')
        """

    var now: Date
    var workflowIDs: [UUID]

    var bindings: PostgresBindings { PostgresBindings(now, workflowIDs) }
}
