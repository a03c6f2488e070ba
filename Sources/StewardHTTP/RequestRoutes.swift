import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardMSA
import StewardPostgres

/// Filing requests, reading them and their history, and sending them events.
extension APIServer {
    func addRequestRoutes(to v1: RouterGroup<APIRequestContext>) {
        route(v1, .get, "me") { _, context in try me(context.caller()) }
        route(v1, .post, "requests") { request, context in try await file(request, context) }
        route(v1, .get, "requests") { request, context in try await list(request, context) }
        route(v1, .get, "requests/:id") { request, context in try await read(request, context) }
        route(v1, .get, "requests/:id/history") { request, context in try await history(request, context) }
        route(v1, .post, "requests/:id/events") { request, context in try await send(request, context) }
    }

    private func me(_ principal: Principal) throws -> Response {
        try json(
            MeView(
                role: principal.role.rawValue,
                customer: principal.customerID,
                contact: principal.contact,
                staff: principal.staffID,
                groups: principal.groups,
                customers: principal.assignedCustomers
            )
        )
    }

    /// `POST /v1/requests`: `{"type": "incident", "customer": "acme", …the type's fields}`. The
    /// contract's fields are filled in; an `Idempotency-Key` makes a retried POST return the first.
    private func file(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.caller()
        try require(principal, [.customer, .tam, .dutyManager, .operator], to: "file requests")
        let body = try await request.jsonBody(context: context)
        guard var fields = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) as? [String: Any] else {
            throw Problem.validation("the body must be a JSON object: {\"type\": \"incident\", …}", field: nil)
        }
        guard let type = fields.removeValue(forKey: "type") as? String else {
            throw Problem.validation(
                "field 'type' must name the request type: \(engine.registry.types.joined(separator: ", "))",
                field: "type"
            )
        }
        let named = fields.removeValue(forKey: "customer")
        guard named == nil || named is String else { throw Problem.validation("field 'customer' must be a customer id", field: "customer") }
        let customerID: String
        switch (principal.role, named as? String) {
        case (.customer, let named?) where named != principal.customerID:
            throw Problem.forbidden("a customer's contact files requests for their own customer only")
        case (.customer, _):
            customerID = principal.customerID ?? ""
        case (_, nil):
            throw Problem.validation("staff file a request on a customer's behalf: name it in field 'customer'", field: "customer")
        case (_, let named?):
            guard principal.seesCustomer(named) else {
                throw Problem.forbidden("\(named) is not one of your customers; its TAM, the duty manager or an operator may file for it")
            }
            customerID = named
        }
        let definition = try definition(for: type)
        guard let terms = try await queries.contractTerms(of: customerID) else {
            throw Problem.validation("no customer '\(customerID)'", field: "customer")
        }
        let input = try terms.input(
            for: type,
            body: try JSONSerialization.data(withJSONObject: fields),
            filedBy: principal.role == .customer ? .customer : .staff,
            now: engine.clock.now,
            calendars: policy.calendars
        )
        try definition.check(input: input)
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, key.isEmpty || key.count > 200 {
            throw Problem.badRequest("Idempotency-Key must be 1 to 200 characters", field: "Idempotency-Key")
        }
        let started = try await engine.start(type: type, customerID: customerID, input: input, idempotencyKey: key, actor: principal.actor)
        let view = try await requestView(started.workflow, tasksFor: principal)
        var headers = etag(started.workflow.version)
        headers[.location] = "/v1/requests/\(started.workflow.id)"
        return try json(view, status: started.created ? .created : .ok, headers: headers)
    }

    /// `GET /v1/requests?customer=&type=&state=&open=&limit=&cursor=`, newest first.
    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.caller()
        var filter = RequestQueries.RequestFilter(
            customerID: try request.query("customer"),
            type: try request.query("type"),
            state: try request.query("state")
        )
        if let type = filter.type { _ = try definition(for: type) }
        if let open = try request.query("open") {
            guard let value = Bool(open) else { throw Problem.badRequest("open must be true or false, not '\(open)'", field: "open") }
            filter.open = value
        }
        let page = try await queries.requests(
            visibleTo: principal,
            filter: filter,
            after: try request.cursor(count: 2) { $0.holdsInstant(at: 0) && $0.holdsUUID(at: 1) },
            limit: try request.pageLimit()
        )
        var views: [RequestView] = []
        for snapshot in page.items { views.append(try await requestView(snapshot, tasksFor: nil)) }
        return try json(PageView(items: views, nextCursor: page.nextCursor))
    }

    private func read(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let snapshot = try await visibleRequest(request, context)
        return try json(try await requestView(snapshot, tasksFor: try context.caller()), headers: etag(snapshot.version))
    }

    /// `GET /v1/requests/{id}/history?cursor=&limit=`, oldest first: the request's timeline.
    private func history(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.caller()
        let snapshot = try await visibleRequest(request, context)
        let limit = try request.pageLimit()
        let after = try request.cursor(count: 1) { $0.holdsInteger(at: 0) }.flatMap { Int64($0.values[0]) }
        let hidden = principal.role == .customer ? try definition(for: snapshot.type).staffOnlyEvents : []
        let entries = try await engine.history(workflowID: snapshot.id, afterSeq: after ?? 0, limit: limit + 1, hiding: hidden)
        let page = Page.cut(entries, limit: limit, item: HistoryView.init) { Cursor([String($0.seq)]) }
        return try json(PageView(items: page.items, nextCursor: page.nextCursor))
    }

    /// `POST /v1/requests/{id}/events` with the event as JSON, e.g. `{"customerReplied": {"message": "…"}}`.
    /// `If-Match` with the ETag makes it refuse (412) when the request moved since it was read.
    private func send(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.caller()
        let snapshot = try await visibleRequest(request, context)
        let event = try await request.jsonBody(context: context)
        try authorise(event: event, of: snapshot.type, by: principal)
        if principal.role == .engineer, try await !queries.holdsOpenTask(snapshot.id, groups: principal.groups) {
            throw Problem.forbidden("an engineer moves a request while one of their groups holds an open task on it")
        }
        let moved = try await engine.send(
            workflowID: snapshot.id,
            event: event,
            expectedVersion: try request.expectedVersion(),
            actor: principal.actor
        )
        return try json(try await requestView(moved, tasksFor: principal), headers: etag(moved.version))
    }

    /// Checks the event's shape (422) and that the caller may send it (403): contacts send the
    /// customer's events, staff any but a timer's; operators force timers' with a reason.
    func authorise(event: Data, of type: String, by principal: Principal) throws {
        let definition = try definition(for: type)
        let name = try definition.check(event: event)
        if definition.timerEvents.contains(name) {
            throw Problem.forbidden("'\(name)' is sent by a timer; an operator can force it with POST /v1/requests/{id}/force")
        }
        if principal.role == .customer, !definition.customerEvents.contains(name) {
            let allowed = definition.customerEvents.sorted().joined(separator: ", ")
            throw Problem.forbidden("'\(name)' is staff's to send; a customer's contact may send \(allowed)")
        }
    }

    /// The request named in the path, if the caller may see it; 404 otherwise.
    func visibleRequest(_ request: Request, _ context: APIRequestContext) async throws -> WorkflowSnapshot {
        let id = try context.parameters.uuid("id", what: "request")
        guard let snapshot = try await queries.request(id, visibleTo: try context.caller()) else {
            throw Problem.notFound("request \(id)")
        }
        return snapshot
    }

    /// The request as the API shows it; with its tasks when `principal` is staff (a contact sees no
    /// tasks: who works their request is staff's business).
    func requestView(_ snapshot: WorkflowSnapshot, tasksFor principal: Principal?) async throws -> RequestView {
        let sla = (try? engine.registry.definition(for: snapshot.type))?.slaStatus(state: snapshot.state, at: engine.clock.now)
        let showsTasks = principal.map { $0.role != .customer } ?? false
        let tasks = showsTasks ? try await board.tasks(workflowID: snapshot.id) : nil
        return RequestView(snapshot, sla: sla, tasks: tasks)
    }
}
