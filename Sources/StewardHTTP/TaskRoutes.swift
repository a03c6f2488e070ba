import Foundation
import Hummingbird
import StewardCore
import StewardPostgres

/// Engineering groups' queues: list, claim, release, complete with an outcome.
extension APIServer {
    /// Bodies of the task routes.
    struct Completion: Codable {
        /// The event the task's outcome sends to its request, e.g. `{"respond": {"message": "…"}}`.
        var outcome: JSONValue
    }

    func addTaskRoutes(to v1: RouterGroup<APIRequestContext>) {
        route(v1, .get, "tasks") { request, context in try await tasks(request, context) }
        route(v1, .post, "tasks/:id/claim") { _, context in
            let (principal, task) = try await visibleTask(context)
            return try json(TaskView(try await board.claim(taskID: task.id, by: try staffID(principal))))
        }
        route(v1, .post, "tasks/:id/release") { _, context in
            let (principal, task) = try await visibleTask(context)
            return try json(TaskView(try await board.release(taskID: task.id, by: try staffID(principal))))
        }
        route(v1, .post, "tasks/:id/complete") { request, context in try await complete(request, context) }
    }

    /// `GET /v1/tasks?group=&status=&limit=&cursor=`: open and claimed tasks in queue order.
    private func tasks(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.caller()
        try require(principal, [.engineer, .tam, .dutyManager, .operator], to: "list tasks")
        let status = try request.query("status").map { text in
            guard let status = HumanTask.Status(rawValue: text), status == .open || status == .claimed else {
                throw Problem.badRequest("status must be open or claimed, not '\(text)'", field: "status")
            }
            return status
        }
        let page = try await queries.tasks(
            visibleTo: principal,
            group: try request.query("group"),
            status: status,
            after: try request.cursor(count: 4) { cursor in
                cursor.holdsInteger(at: 0) && cursor.holdsInstant(at: 1) && cursor.holdsInstant(at: 2) && cursor.holdsUUID(at: 3)
            },
            limit: try request.pageLimit()
        )
        return try json(PageView(items: page.items.map(TaskView.init), nextCursor: page.nextCursor))
    }

    /// `POST /v1/tasks/{id}/complete` with `{"outcome": <event>}`: the outcome moves the request.
    private func complete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (principal, task) = try await visibleTask(context)
        let completion = try await request.decode(Completion.self, context: context)
        let outcome = try APIServer.encoder.encode(completion.outcome)
        guard let type = try await queries.request(task.workflowID, visibleTo: principal)?.type else {
            throw Problem.notFound("request \(task.workflowID)")
        }
        do {
            try authorise(event: outcome, of: type, by: principal)
        } catch let error as TransitionError {
            throw Problem.validation(error.reason, field: "outcome" + (error.field.map { "." + $0 } ?? ""))
        }
        let moved = try await board.complete(taskID: task.id, by: try staffID(principal), outcome: outcome)
        return try json(try await requestView(moved, tasksFor: principal), headers: etag(moved.version))
    }

    /// The task named in the path, if the caller may see it; 404 otherwise.
    func visibleTask(_ context: APIRequestContext) async throws -> (Principal, HumanTask) {
        let principal = try context.caller()
        let id = try context.parameters.uuid("id", what: "task")
        guard let task = try await queries.task(id, visibleTo: principal) else { throw Problem.notFound("task \(id)") }
        return (principal, task)
    }

    private func staffID(_ principal: Principal) throws -> String {
        guard let staffID = principal.staffID else { throw Problem.forbidden("only staff work tasks") }
        return staffID
    }
}
