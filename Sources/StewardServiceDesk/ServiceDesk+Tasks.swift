import Foundation
import StewardCore
import StewardPostgres

/// Engineering groups' queues: list, claim, release, complete with an outcome.
extension ServiceDesk {
    /// The open and claimed tasks the principal works or watches, in queue order.
    public func tasks(
        visibleTo principal: Principal,
        group: String?,
        status: HumanTask.Status?,
        after cursor: Cursor?,
        limit: Int
    ) async throws -> Page<HumanTask> {
        try principal.require(.listTasks)
        try Self.check(limit: limit)
        if let status, status != .open, status != .claimed {
            throw ServiceDeskError.badParameter("status must be open or claimed, not '\(status.rawValue)'", field: "status")
        }
        return try await queries.tasks(visibleTo: principal, group: group, status: status, after: cursor, limit: limit)
    }

    /// Claims an open task of one of the principal's groups.
    public func claim(task id: UUID, by principal: Principal) async throws -> HumanTask {
        let task = try await visibleTask(id, to: principal)
        return try await board.claim(taskID: task.id, by: try principal.requireStaff())
    }

    /// Puts a task the principal claimed back in its group's queue.
    public func release(task id: UUID, by principal: Principal) async throws -> HumanTask {
        let task = try await visibleTask(id, to: principal)
        return try await board.release(taskID: task.id, by: try principal.requireStaff())
    }

    /// Completes a task with the event its outcome sends to the request, which moves in the same
    /// transaction; the outcome must be one that finishes the task.
    public func complete(task id: UUID, outcome: Data, by principal: Principal) async throws -> RequestRecord {
        try await complete(task: id, by: principal) { outcome }
    }

    /// ``complete(task:outcome:by:)`` reading the outcome only once the caller may complete the task,
    /// so no one outside its group makes the server decode a body.
    public func complete(task id: UUID, by principal: Principal, outcome read: () throws -> Data) async throws -> RequestRecord {
        let task = try await visibleTask(id, to: principal)
        let staffID = try principal.requireStaff()
        guard principal.groups.contains(task.group) else { throw TaskBoard.notMember(staffID, of: task.group) }
        let request = try await visibleRequest(task.workflowID, to: principal)
        let outcome = try read()
        try authorise(event: outcome, of: request.type, by: principal)
        let moved = try await board.complete(taskID: task.id, by: try principal.requireStaff(), outcome: outcome)
        return try await record(moved, for: principal)
    }

    /// One task, if the principal may see it (a member of its group, or staff who see its customer).
    public func task(_ id: UUID, for principal: Principal) async throws -> HumanTask {
        try principal.require(.listTasks)
        return try await visibleTask(id, to: principal)
    }
}
