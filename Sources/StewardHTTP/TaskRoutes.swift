import Foundation
import Hummingbird
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// Engineering groups' queues: list, claim, release, complete with an outcome.
extension APIServer {
    /// Bodies of the task routes.
    struct Completion: Codable {
        /// The event the task's outcome sends to its request, e.g. `{"respond": {"message": "…"}}`.
        var outcome: JSONValue
    }

    func addTaskRoutes(to v1: RouterGroup<SignedInContext>) {
        route(v1, .get, "tasks") { request, context in try await tasks(request, context) }
        route(v1, .post, "tasks/:id/claim") { _, context in
            try json(TaskView(try await desk.claim(task: try context.parameters.uuid("id", what: "task"), by: context.principal)))
        }
        route(v1, .post, "tasks/:id/release") { _, context in
            try json(TaskView(try await desk.release(task: try context.parameters.uuid("id", what: "task"), by: context.principal)))
        }
        route(v1, .post, "tasks/:id/complete") { request, context in
            let principal = context.principal
            let id = try context.parameters.uuid("id", what: "task")
            let body = try await request.jsonBody(context: context)
            let record = try await validating("outcome") {
                try await desk.complete(task: id, by: principal) {
                    try APIServer.encoder.encode(try JSONCoding.decodeStrictly(body, as: Completion.self).outcome)
                }
            }
            return try json(RequestView(record), headers: etag(record.snapshot.version))
        }
    }

    /// `GET /v1/tasks?group=&status=&limit=&cursor=`: open and claimed tasks in queue order.
    private func tasks(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let principal = context.principal
        try principal.require(.listTasks)
        let status = try request.query("status").map { text in
            guard let status = HumanTask.Status(rawValue: text) else {
                throw Problem.badRequest("status must be open or claimed, not '\(text)'", field: "status")
            }
            return status
        }
        let page = try await desk.tasks(
            visibleTo: principal,
            group: try request.query("group"),
            status: status,
            after: try request.taskCursor(),
            limit: try request.pageLimit()
        )
        return try json(PageView(items: page.items.map(TaskView.init), nextCursor: page.nextCursor))
    }

    /// Runs `body`, answering a malformed event in it as a validation problem at `field`
    /// (`outcome.respond.message`), since the event travels inside the route's body.
    func validating<Value>(_ field: String, _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as TransitionError {
            throw Problem.validation(error.reason, field: field + (error.field.map { "." + $0 } ?? ""))
        }
    }
}

extension Request {
    /// The `cursor` of a task list: the queue position (priority, due, created, id) of the last task seen.
    func taskCursor() throws -> Cursor? {
        try cursor(count: 4) { cursor in
            cursor.holdsInt32(at: 0) && cursor.holdsInstant(at: 1) && cursor.holdsInstant(at: 2) && cursor.holdsUUID(at: 3)
        }
    }
}
