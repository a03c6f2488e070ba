import Foundation
import Logging
import PostgresNIO
import StewardCore

/// The groups' queues: members claim tasks, release them, and complete them with an outcome
/// that becomes a workflow event.
public struct TaskBoard: Sendable {
    public let engine: WorkflowEngine
    var logger: Logger { engine.logger }

    public init(engine: WorkflowEngine) {
        self.engine = engine
    }

    /// A group's open and claimed tasks in queue order: priority, then due time, then age.
    public func queue(group: String, limit: Int = 100) async throws -> [HumanTask] {
        try await Self.queue(on: engine.client, where: { $0.append("true") }, group: group, limit: limit, logger: logger).items
    }

    /// The open and claimed tasks `scope` lets through (it appends a condition on `t`), in the one
    /// queue order every queue uses: priority, due time (none last), age.
    public static func queue(
        on client: PostgresClient,
        where scope: (inout SQLBuilder) -> Void,
        group: String?,
        status: HumanTask.Status? = nil,
        after cursor: Cursor? = nil,
        limit: Int,
        logger: Logger
    ) async throws -> Page<HumanTask> {
        var sql = SQLBuilder("SELECT \(HumanTask.columns), priority::text, coalesce(due_at, 'infinity')::text, created_at::text ")
        sql.append("FROM tasks t WHERE status IN ('open', 'claimed') AND ")
        scope(&sql)
        if let group { sql.append(" AND t.group_name = \(sql.bind(group))") }
        if let status { sql.append(" AND t.status = \(sql.bind(status.rawValue))") }
        if let cursor {
            sql.append(
                """
                 AND (t.priority, coalesce(t.due_at, 'infinity'), t.created_at, t.task_id)
                   > (\(sql.bind(cursor.values[0]))::int, \(sql.bind(cursor.values[1]))::timestamptz,
                      \(sql.bind(cursor.values[2]))::timestamptz, \(sql.bind(cursor.values[3]))::uuid)
                """
            )
        }
        sql.append(" ORDER BY t.priority, coalesce(t.due_at, 'infinity'), t.created_at, t.task_id LIMIT \(sql.bind(Int64(limit + 1)))")
        var items: [(HumanTask, [String])] = []
        for row in try await client.query(sql.query, logger: logger).all() {
            let task = try HumanTask(row: row)
            let cells = row.makeRandomAccess()
            let keys = try (13...15).map { try cells[$0].decode(String.self, context: .default) }
            items.append((task, keys))
        }
        return Page.cut(items, limit: limit, item: \.0) { task, keys in Cursor(keys + [task.id.uuidString]) }
    }

    /// Every task of a workflow, oldest first.
    public func tasks(workflowID: UUID) async throws -> [HumanTask] {
        try await engine.client.query(
            "SELECT \(unescaped: HumanTask.columns) FROM tasks WHERE workflow_id = \(workflowID) ORDER BY created_at, name",
            logger: logger
        ).all().map(HumanTask.init(row:))
    }

    /// Claims an open task for a member of its group.
    @discardableResult
    public func claim(taskID: UUID, by staffID: String) async throws -> HumanTask {
        try await engine.inTransaction { unit in
            let (connection, now) = (unit.connection, unit.now)
            let task = try await lockTask(taskID, on: connection)
            try await requireMember(staffID, of: task.group, on: connection)
            switch task.status {
            case .open: break
            case .claimed where task.claimedBy == staffID: return task
            case .claimed:
                throw EngineError(
                    .taskNotClaimable,
                    "task \(taskID) is already claimed by \(task.claimedBy ?? "someone"); ask them or an operator to release it"
                )
            case .completed, .cancelled:
                throw EngineError(.taskNotClaimable, "task \(taskID) is \(task.status.rawValue); nothing is left to do")
            }
            unit.announceChange(of: task.customerID)
            return try await markClaimed(taskID, by: staffID, at: now, on: connection)
        }
    }

    /// Puts a claimed task back in its group's queue.
    @discardableResult
    public func release(taskID: UUID, by staffID: String) async throws -> HumanTask {
        try await engine.inTransaction { unit in
            let (connection, now) = (unit.connection, unit.now)
            let task = try await lockTask(taskID, on: connection)
            guard task.status == .claimed, task.claimedBy == staffID else {
                throw EngineError(
                    .taskNotClaimable,
                    "task \(taskID) is not claimed by \(staffID) (it is \(task.status.rawValue)\(task.claimedBy.map { " by \($0)" } ?? "")); only its claimant releases it"
                )
            }
            let rows = try await connection.query(
                """
                UPDATE tasks SET status = 'open', claimed_by = NULL, claimed_at = NULL, last_activity_at = \(now)
                WHERE task_id = \(taskID) RETURNING \(unescaped: HumanTask.columns)
                """,
                logger: logger
            ).all()
            unit.announceChange(of: task.customerID)
            return try HumanTask(row: rows[0])
        }
    }

    /// Completes a task with an outcome: the outcome is sent to the workflow as an event, in the
    /// same transaction. A member may complete an open task directly (it is claimed on the way).
    /// The outcome must finish the task: its transition closes the task, or ends the workflow.
    @discardableResult
    public func complete(taskID: UUID, by staffID: String, outcome: Data) async throws -> WorkflowSnapshot {
        try await engine.inTransaction { unit in
            let connection = unit.connection
            let now = unit.now
            // Lock the workflow before the task, in the order every transition takes them.
            try await connection.query(
                "SELECT 1 FROM workflows WHERE workflow_id = (SELECT workflow_id FROM tasks WHERE task_id = \(taskID)) FOR NO KEY UPDATE",
                logger: logger
            )
            let task = try await lockTask(taskID, on: connection)
            try await requireMember(staffID, of: task.group, on: connection)
            switch task.status {
            case .open: break
            case .claimed where task.claimedBy == staffID: break
            case .claimed:
                throw EngineError(
                    .taskNotClaimable,
                    "task \(taskID) is claimed by \(task.claimedBy ?? "someone else"); only its claimant completes it"
                )
            case .completed, .cancelled:
                throw EngineError(.taskNotClaimable, "task \(taskID) is \(task.status.rawValue) already")
            }
            let definition = try? engine.registry.definition(for: try await workflowType(task.workflowID, on: connection))
            let outcomeName = definition?.eventName(of: outcome) ?? "outcome"
            try await connection.query(
                """
                UPDATE tasks SET status = 'completed', claimed_by = \(staffID), claimed_at = coalesce(claimed_at, \(now)),
                                 closed_at = \(now), last_activity_at = \(now), outcome = \(outcomeName)
                WHERE task_id = \(taskID)
                """,
                logger: logger
            )
            let applied = try await engine.apply(
                event: outcome, to: task.workflowID, expectedVersion: nil, actor: .staff(staffID), in: unit)
            let finishes =
                applied.workflow.isTerminal
                || applied.transition.effects.contains { effect in
                    if case .cancelTask(let name) = effect { name == task.name } else { false }
                }
            guard finishes else {
                throw EngineError(
                    .outcomeDoesNotFinishTask,
                    "'\(outcomeName)' does not finish task '\(task.name)': send it as an event to the request, or complete the task with the outcome that finishes it"
                )
            }
            return applied.workflow
        }
    }

    /// The task claimed in `staffID`'s name; the caller holds its row lock.
    func markClaimed(_ taskID: UUID, by staffID: String, at now: Date, on connection: PostgresConnection) async throws -> HumanTask {
        let rows = try await connection.query(
            """
            UPDATE tasks SET status = 'claimed', claimed_by = \(staffID), claimed_at = \(now), last_activity_at = \(now)
            WHERE task_id = \(taskID) RETURNING \(unescaped: HumanTask.columns)
            """,
            logger: logger
        ).all()
        return try HumanTask(row: rows[0])
    }

    func lockTask(_ taskID: UUID, on connection: PostgresConnection) async throws -> HumanTask {
        let rows = try await connection.query(
            "SELECT \(unescaped: HumanTask.columns) FROM tasks WHERE task_id = \(taskID) FOR UPDATE",
            logger: logger
        ).all()
        guard let row = rows.first else { throw EngineError(.taskNotFound, "no task \(taskID): check the id") }
        return try HumanTask(row: row)
    }

    /// The refusal of someone outside a task's group.
    public static func notMember(_ staffID: String, of group: String) -> EngineError {
        EngineError(.notInGroup, "\(staffID) is not a member of group '\(group)'; only its members work its tasks")
    }

    func requireMember(_ staffID: String, of group: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "SELECT 1 FROM group_members WHERE group_name = \(group) AND staff_id = \(staffID)",
            logger: logger
        ).all()
        guard !rows.isEmpty else {
            throw Self.notMember(staffID, of: group)
        }
    }

    private func workflowType(_ workflowID: UUID, on connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query("SELECT type FROM workflows WHERE workflow_id = \(workflowID)", logger: logger)
            .all()
        guard let row = rows.first else { throw WorkflowEngine.notFound(workflowID) }
        return try row.decode(String.self, context: .default)
    }
}
