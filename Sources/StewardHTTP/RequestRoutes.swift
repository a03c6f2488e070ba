import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// Filing requests, reading them and their history, and sending them events.
extension APIServer {
    func addRequestRoutes(to v1: RouterGroup<SignedInContext>) {
        route(v1, .get, "me") { _, context in try json(MeView(context.principal)) }
        route(v1, .post, "requests") { request, context in try await file(request, context) }
        route(v1, .get, "requests") { request, context in try await list(request, context) }
        route(v1, .get, "requests/:id") { _, context in
            let record = try await desk.request(try context.parameters.uuid("id", what: "request"), for: context.principal)
            return try json(RequestView(record), headers: etag(record.snapshot.version))
        }
        route(v1, .get, "requests/:id/history") { request, context in try await history(request, context) }
        route(v1, .get, "requests/:id/notifications") { request, context in try await notifications(request, context) }
        route(v1, .post, "requests/:id/events") { request, context in
            let principal = context.principal
            let id = try context.parameters.uuid("id", what: "request")
            let record = try await desk.send(
                event: try await request.jsonBody(context: context),
                to: id,
                expectedVersion: try request.expectedVersion(),
                by: principal
            )
            return try json(RequestView(record), headers: etag(record.snapshot.version))
        }
    }

    /// `POST /v1/requests`: `{"type": "incident", "customer": "acme", …the type's fields}`. The
    /// contract's fields are filled in; an `Idempotency-Key` makes a retried POST return the first.
    private func file(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let principal = context.principal
        try principal.require(.file)
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        let body = try await request.jsonValue(context: context)
        let filed = try await desk.file(try desk.filing(from: body, idempotencyKey: key), by: principal)
        var headers = etag(filed.request.snapshot.version)
        headers[.location] = "/v1/requests/\(filed.request.snapshot.id)"
        return try json(RequestView(filed.request), status: filed.created ? .created : .ok, headers: headers)
    }

    /// `GET /v1/requests?customer=&type=&state=&open=&limit=&cursor=`, newest first.
    private func list(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let principal = context.principal
        let page = try await desk.requests(
            visibleTo: principal,
            filter: try request.requestFilter(),
            after: try request.requestCursor(),
            limit: try request.pageLimit()
        )
        return try json(PageView(items: page.items.map(RequestSummaryView.init), nextCursor: page.nextCursor))
    }

    /// `GET /v1/requests/{id}/history?cursor=&limit=`, oldest first: the request's timeline.
    private func history(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let id = try context.parameters.uuid("id", what: "request")
        let after = try request.cursor(count: 1) { $0.holdsInteger(at: 0) }.flatMap { Int64($0.values[0]) }
        let page = try await desk.history(of: id, for: context.principal, afterSeq: after ?? 0, limit: try request.pageLimit())
        return try json(PageView(items: page.items.map(HistoryView.init), nextCursor: page.nextCursor))
    }

    /// `GET /v1/requests/{id}/notifications`: who was told what, when, on which channel, and each attempt.
    private func notifications(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let id = try context.parameters.uuid("id", what: "request")
        let deliveries = try await desk.notifications(of: id, for: context.principal)
        let staff = context.principal.role != .customer
        return try json(ItemsView(items: deliveries.map { DeliveryView($0, showingWorkers: staff) }))
    }
}

extension Request {
    /// A request list's filters: `customer`, `type`, `state`, `open` (true or false).
    func requestFilter() throws -> RequestQueries.RequestFilter {
        var filter = RequestQueries.RequestFilter(
            customerID: try query("customer"),
            type: try query("type"),
            state: try query("state")
        )
        if let open = try query("open") {
            guard let value = Bool(open) else { throw Problem.badRequest("open must be true or false, not '\(open)'", field: "open") }
            filter.open = value
        }
        return filter
    }

    /// The `cursor` of a request list: when the last request seen was filed, and its id.
    func requestCursor() throws -> Cursor? {
        try cursor(count: 2) { $0.holdsInstant(at: 0) && $0.holdsUUID(at: 1) }
    }
}
