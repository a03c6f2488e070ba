import Foundation
import Logging
import PostgresNIO
import StewardCore

/// Operators' repairs of stuck work (the duty manager may reassign tasks too). Each runs in one
/// transaction with its audit-log entry: who, what, on what and why; one without a reason is refused.
public struct Repairs: Sendable {
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case force, pause, resume, reassign, retry
    }

    public let engine: WorkflowEngine
    var logger: Logger { engine.logger }

    public init(engine: WorkflowEngine) {
        self.engine = engine
    }

    /// Applies `event` as the operator, whoever may normally send it (a timer's event included):
    /// the workflow's own rules still decide, so a forced transition is one the diagram has.
    @discardableResult
    public func force(
        workflowID: UUID,
        event: Data,
        expectedVersion: Int64? = nil,
        reason: String,
        by actor: Participant
    ) async throws -> WorkflowSnapshot {
        let reason = try Self.require(reason)
        return try await engine.inTransaction { unit in
            let step = try await engine.apply(event: event, to: workflowID, expectedVersion: expectedVersion, actor: actor, in: unit)
            try await audit(
                .force,
                by: actor,
                customerID: step.workflow.customerID,
                workflowID: workflowID,
                reason: reason,
                details: ["event": step.transition.event, "toState": step.workflow.stateName],
                at: unit.now,
                on: unit.connection
            )
            return step.workflow
        }
    }

    /// Stops a workflow where it is: it accepts no event and its timers wait until it is resumed.
    @discardableResult
    public func pause(workflowID: UUID, reason: String, by actor: Participant) async throws -> WorkflowSnapshot {
        let reason = try Self.require(reason)
        return try await engine.inTransaction { unit in
            let (connection, now) = (unit.connection, unit.now)
            var snapshot = try await engine.lock(workflowID, on: connection)
            guard !snapshot.isTerminal else {
                throw EngineError(.workflowFinished, "workflow \(workflowID) is \(snapshot.stateName), finished: nothing to pause")
            }
            guard snapshot.pausedAt == nil else {
                throw EngineError(.workflowPaused, "workflow \(workflowID) is paused already; resume it first", workflowID: workflowID)
            }
            try await connection.query(
                """
                UPDATE workflows SET paused_at = \(now), paused_by = \(actor.description), pause_reason = \(reason)
                WHERE workflow_id = \(workflowID)
                """,
                logger: logger
            )
            try await connection.query(
                "UPDATE jobs SET status = \(unescaped: JobStatus.paused.literal) WHERE workflow_id = \(workflowID) AND kind = 'timer' AND status = \(unescaped: JobStatus.ready.literal)",
                logger: logger
            )
            try await audit(
                .pause, by: actor, customerID: snapshot.customerID, workflowID: workflowID, reason: reason, at: now, on: connection)
            snapshot.pausedAt = now
            return snapshot
        }
    }

    /// Lets a paused workflow move again; timers that fell due meanwhile fire at once.
    @discardableResult
    public func resume(workflowID: UUID, reason: String, by actor: Participant) async throws -> WorkflowSnapshot {
        let reason = try Self.require(reason)
        return try await engine.inTransaction { unit in
            let (connection, now) = (unit.connection, unit.now)
            var snapshot = try await engine.lock(workflowID, on: connection)
            guard snapshot.pausedAt != nil else {
                throw EngineError(.workflowNotPaused, "workflow \(workflowID) is not paused", workflowID: workflowID)
            }
            try await connection.query(
                "UPDATE workflows SET paused_at = NULL, paused_by = NULL, pause_reason = NULL WHERE workflow_id = \(workflowID)",
                logger: logger
            )
            try await connection.query(
                "UPDATE jobs SET status = \(unescaped: JobStatus.ready.literal) WHERE workflow_id = \(workflowID) AND status = \(unescaped: JobStatus.paused.literal)",
                logger: logger
            )
            try await audit(
                .resume, by: actor, customerID: snapshot.customerID, workflowID: workflowID, reason: reason, at: now, on: connection)
            unit.wakeWorkers()
            snapshot.pausedAt = nil
            return snapshot
        }
    }

    /// Gives an open or claimed task to another member of its group, claimed in their name, and
    /// tells them (`task-assigned`) in the same transaction.
    @discardableResult
    public func reassign(taskID: UUID, to staffID: String, reason: String, by actor: Participant) async throws -> HumanTask {
        let reason = try Self.require(reason)
        return try await engine.inTransaction { unit in
            let (connection, now) = (unit.connection, unit.now)
            let board = TaskBoard(engine: engine)
            let task = try await board.lockTask(taskID, on: connection)
            guard task.status == .open || task.status == .claimed else {
                throw EngineError(.taskNotClaimable, "task \(taskID) is \(task.status.rawValue): only open or claimed tasks are reassigned")
            }
            try await board.requireMember(staffID, of: task.group, on: connection)
            let moved = try await board.markClaimed(taskID, by: staffID, at: now, on: connection)
            let auditID = try await audit(
                .reassign,
                by: actor,
                customerID: task.customerID,
                workflowID: task.workflowID,
                taskID: taskID,
                reason: reason,
                details: ["from": task.claimedBy ?? "", "to": staffID],
                at: now,
                on: connection
            )
            // The reassignment's audit entry names it: a task given to the same person twice is told twice.
            let notice = StewardCore.Notification(
                to: .staff(staffID),
                template: "task-assigned",
                fields: ["task": task.name, "title": task.title, "assignedBy": Self.name(of: actor), "reason": reason],
                dedupKey: "task-assigned-\(auditID)"
            )
            let created = try await Outbox.write(
                notice, customerID: task.customerID, workflowID: task.workflowID, routing: nil, now: now, on: connection,
                logger: logger)
            if created { unit.wakeWorkers() }
            return moved
        }
    }

    /// Puts a dead job back in the queue with fresh attempts.
    public func retry(jobID: Int64, reason: String, by actor: Participant) async throws {
        let reason = try Self.require(reason)
        try await engine.inTransaction { unit in
            let (connection, now) = (unit.connection, unit.now)
            let rows = try await connection.query(
                """
                UPDATE jobs SET status = \(unescaped: JobStatus.ready.literal), attempts = 0, lease_losses = 0, run_at = \(now)
                WHERE job_id = \(jobID) AND status = \(unescaped: JobStatus.dead.literal)
                RETURNING customer_id, workflow_id
                """,
                logger: logger
            ).all()
            guard let row = rows.first else {
                let status = try await connection.query("SELECT status FROM jobs WHERE job_id = \(jobID)", logger: logger)
                    .all().first?.decode(String.self, context: .default)
                guard let status else {
                    throw EngineError(.jobNotFound, "no job \(jobID): it may have finished already (finished jobs are deleted)")
                }
                throw EngineError(.jobNotDead, "job \(jobID) is \(status), not dead: only dead jobs are retried")
            }
            let (customerID, workflowID) = try row.decode((String, UUID?).self, context: .default)
            try await audit(
                .retry, by: actor, customerID: customerID, workflowID: workflowID, jobID: jobID, reason: reason, at: now,
                on: connection)
            unit.wakeWorkers()
            unit.announceChange(of: customerID)
        }
    }

    /// Puts back in the queue, with fresh attempts, every dead job of `kind` and `customerID` (nil
    /// matches any), up to `limit` of them oldest first; each retry is audited. Returns how many.
    public func retryDead(
        kind: String?, customerID: String?, reason: String, limit: Int, by actor: Participant
    ) async throws -> Int {
        let reason = try Self.require(reason)
        return try await engine.inTransaction { unit in
            let (connection, now) = (unit.connection, unit.now)
            let rows = try await connection.query(
                """
                UPDATE jobs SET status = \(unescaped: JobStatus.ready.literal), attempts = 0, lease_losses = 0, run_at = \(now)
                WHERE job_id IN (SELECT job_id FROM jobs
                                 WHERE status = \(unescaped: JobStatus.dead.literal)
                                   AND (\(kind)::text IS NULL OR kind = \(kind)) AND (\(customerID)::text IS NULL OR customer_id = \(customerID))
                                 ORDER BY job_id LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED)
                RETURNING job_id, customer_id, workflow_id
                """,
                logger: logger
            ).all()
            let filter = ["kind": kind ?? "any", "customer": customerID ?? "any"]
            for row in rows {
                let (jobID, customerID, workflowID) = try row.decode((Int64, String, UUID?).self, context: .default)
                try await audit(
                    .retry, by: actor, customerID: customerID, workflowID: workflowID, jobID: jobID, reason: reason,
                    details: filter, at: now, on: connection)
                unit.announceChange(of: customerID)
            }
            if !rows.isEmpty { unit.wakeWorkers() }
            return rows.count
        }
    }

    /// The audit log, newest first; only one workflow's entries when `workflowID` is given.
    public func auditLog(workflowID: UUID? = nil, before auditID: Int64? = nil, limit: Int) async throws -> [AuditEntry] {
        try await engine.client.query(
            """
            SELECT audit_id, at, actor, action, customer_id, workflow_id, task_id, job_id, reason, details::text, before::text, after::text
            FROM audit_log
            WHERE (\(workflowID)::uuid IS NULL OR workflow_id = \(workflowID)) AND audit_id < \(auditID ?? .max)
            ORDER BY audit_id DESC LIMIT \(Int64(limit))
            """,
            logger: logger
        ).all().map { row in
            let (id, at, actor, action, customerID, workflowID, taskID, jobID, reason, details, before, after) = try row.decode(
                (Int64, Date, String, String, String?, UUID?, UUID?, Int64?, String, String, String?, String?).self,
                context: .default
            )
            return AuditEntry(
                id: id,
                at: at,
                actor: actor,
                action: action,
                customerID: customerID,
                workflowID: workflowID,
                taskID: taskID,
                jobID: jobID,
                reason: reason,
                details: (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:],
                before: before.map { Data($0.utf8) },
                after: after.map { Data($0.utf8) }
            )
        }
    }

    /// Writes one audit-log entry and returns its id.
    @discardableResult
    private func audit(
        _ action: Action,
        by actor: Participant,
        customerID: String?,
        workflowID: UUID? = nil,
        taskID: UUID? = nil,
        jobID: Int64? = nil,
        reason: String,
        details: [String: String] = [:],
        at now: Date,
        on connection: PostgresConnection
    ) async throws -> Int64 {
        let details = String(decoding: try JSONEncoder().encode(details), as: UTF8.self)
        let rows = try await connection.query(
            """
            INSERT INTO audit_log (at, actor, action, customer_id, workflow_id, task_id, job_id, reason, details)
            VALUES (\(now), \(actor.description), \(action.rawValue), \(customerID), \(workflowID), \(taskID),
                    \(jobID), \(reason), \(details)::jsonb)
            RETURNING audit_id
            """,
            logger: logger
        ).all()
        return try rows[0].decode(Int64.self, context: .default)
    }

    /// A person's id as a message names them (`olga` for `operator:olga`).
    private static func name(of actor: Participant) -> String {
        switch actor {
        case .staff(let id), .operator(let id), .customer(let id): id
        case .system: actor.description
        }
    }

    private static func require(_ reason: String) throws -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw EngineError(.reasonRequired, "a repair needs a reason, kept in the audit log: say why")
        }
        return trimmed
    }
}

/// One repair, as the audit log keeps it.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var customerID: String?
    public var workflowID: UUID?
    public var taskID: UUID?
    public var jobID: Int64?
    public var reason: String
    public var details: [String: String]
    /// A directory change's record before (nil when created) and after, as JSON.
    public var before: Data?
    public var after: Data?
}
