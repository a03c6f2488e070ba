import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// The staff console: engineering groups' queues, TAMs' customers, operators' stuck work and
/// repairs, and every request's page. Each page calls the service desk and renders; no rule lives here.
extension APIServer {
    /// What the console's forms did, said on the page they return to (`?done=`).
    static let consoleNotices: [String: String] = [
        "claimed": "The task is yours now; it left the group's open queue.",
        "released": "The task is back in its group's queue.",
        "completed": "The task is complete and the request moved on.",
        "retried": "The job is queued again; a worker runs it shortly.",
    ]

    func addConsolePages(to console: RouterGroup<PageContext>, renderer: PageRenderer) {
        route(console, .get, "") { _, context in redirect(to: Navigation.home(of: context.principal)) }
        route(console, .get, "queue") { request, context in try await queuePage(request, context, renderer) }
        for (action, done) in [("claim", "claimed"), ("release", "released")] {
            route(console, .post, RouterPath("tasks/:id/\(action)")) { _, context in
                let id = try context.parameters.uuid("id", what: "task")
                _ =
                    action == "claim"
                    ? try await desk.claim(task: id, by: context.principal) : try await desk.release(task: id, by: context.principal)
                return redirect(
                    to: SignInPages.returnPath(context.form["return"] ?? "", in: .console).map { Self.adding(done: done, to: $0) }
                        ?? "/console/queue?done=\(done)")
            }
        }
        route(console, .get, "requests") { request, context in try await requestsPage(request, context, renderer) }
        route(console, .get, "requests/:id") { request, context in try await requestPage(request, context, renderer, area: .console) }
        route(console, .get, "customers") { request, context in try await customersPage(request, context, renderer) }
        route(console, .get, "stuck") { request, context in try await stuckPage(request, context, renderer) }
        route(console, .post, "jobs/:id/retry") { _, context in
            guard let job = context.parameters.get("id").flatMap(Int64.init) else {
                throw Problem.notFound("job '\(context.parameters.get("id") ?? "")'")
            }
            try await desk.retry(job: job, reason: context.form["reason"] ?? "", by: context.principal)
            return redirect(to: "/console/stuck?done=retried")
        }
    }

    /// `path` with `done=` added, so the page it leads to says what happened.
    static func adding(done: String, to path: String) -> String {
        path + (path.contains("?") ? "&" : "?") + "done=\(done)"
    }

    func frame(_ title: String, _ context: PageContext, _ request: Request, at path: String, live: String? = nil) -> PageFrame {
        let done = request.uri.queryParameters["done"].flatMap { Self.consoleNotices[String($0)] ?? PortalNotices.text[String($0)] }
        return PageFrame(
            title: title, area: context.session.area, session: context.session,
            navigation: Navigation.links(for: context.session, at: path), notice: done, live: live)
    }

    // MARK: Queue

    struct QueuePage: Sendable {
        var tasks: [TaskRow]
        var groups: [String]
        var group: String?
        var csrf: String
        var returnPath: String
        var pages: PageLinks
    }

    private func queuePage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let principal = context.principal
        let group = try request.query("group")
        let page = try await desk.tasks(
            visibleTo: principal, group: group, status: nil, after: try request.taskCursor(), limit: try request.pageLimit())
        let zones = try await desk.customerTimeZones(for: principal)
        let body = QueuePage(
            tasks: page.items.map { TaskRow($0, for: principal, zone: zones[$0.customerID]) },
            groups: principal.groups, group: group, csrf: context.session.csrfToken,
            returnPath: request.uri.description,
            pages: PageLinks(path: "/console/queue", query: [("group", group)], nextCursor: page.nextCursor))
        return renderer.page("queue", frame: frame("Task queue", context, request, at: "/console/queue", live: "/console/live"), body: body)
    }

    // MARK: Requests

    struct RequestsPage: Sendable {
        var requests: [RequestRow]
        var customer: String?
        var type: String?
        var state: String?
        var openOnly: Bool
        var types: [String]
        var pages: PageLinks
    }

    private func requestsPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let principal = context.principal
        // A pasted request id goes straight to the request.
        if let search = try request.query("id") {
            guard let id = UUID(uuidString: search.trimmingCharacters(in: .whitespaces)) else {
                throw Problem.badRequest("'\(search)' is not a request id; paste the whole id (36 characters)", field: "id")
            }
            return redirect(to: "/console/requests/\(id.uuidString.lowercased())")
        }
        let filter = try request.requestFilter()
        let page = try await desk.requests(
            visibleTo: principal, filter: filter, after: try request.requestCursor(), limit: try request.pageLimit())
        let zones = try await desk.customerTimeZones(for: principal)
        let body = RequestsPage(
            requests: page.items.map { RequestRow($0, area: .console, zone: zones[$0.snapshot.customerID]) },
            customer: filter.customerID, type: filter.type, state: filter.state, openOnly: filter.open == true,
            types: engine.registry.types.sorted(),
            pages: PageLinks(
                path: "/console/requests",
                query: [
                    ("customer", filter.customerID), ("type", filter.type), ("state", filter.state), ("open", filter.open.map(String.init)),
                ],
                nextCursor: page.nextCursor))
        return renderer.page("requests", frame: frame("Requests", context, request, at: "/console/requests"), body: body)
    }

    // MARK: TAMs' customers

    struct CustomersPage: Sendable {
        struct Customer: Sendable {
            var id: String
            var name: String
            var timeZone: String
            var requests: [RequestRow]
            var more: String?
        }

        var customers: [Customer]
    }

    private func customersPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let principal = context.principal
        var customers: [CustomersPage.Customer] = []
        for customer in try await desk.customers(for: principal) {
            let page = try await desk.requests(
                visibleTo: principal, filter: .init(customerID: customer.id, open: true), after: nil, limit: 20)
            let zone = TimeZone(identifier: customer.timeZone)
            customers.append(
                .init(
                    id: customer.id, name: customer.name, timeZone: customer.timeZone,
                    requests: page.items.map { RequestRow($0, area: .console, zone: zone) },
                    more: page.nextCursor.map { _ in "/console/requests?customer=\(customer.id)&open=true" }))
        }
        return renderer.page(
            "customers", frame: frame("My customers", context, request, at: "/console/customers", live: "/console/live"),
            body: CustomersPage(customers: customers))
    }

    // MARK: Stuck work

    struct StuckPage: Sendable {
        struct Group: Sendable {
            var kind: String
            var items: [Item]
        }

        struct Item: Sendable {
            var customer: String
            var requestHref: String?
            var requestShort: String?
            var state: String?
            var since: PageText.Instant
            var reason: String
            var repair: String
            var jobID: String?
        }

        var groups: [Group]
        var csrf: String
        var total: Int
    }

    private func stuckPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let principal = context.principal
        let found = try await desk.stuck(
            kind: nil, customer: try request.query("customer"), shown: 0, limit: ServiceDesk.maxPageSize, for: principal)
        let zones = try await desk.customerTimeZones(for: principal)
        var groups: [StuckPage.Group] = []
        for item in found.items {
            let shown = StuckPage.Item(
                customer: item.customerID,
                requestHref: item.workflowID.map { "/console/requests/\($0.uuidString.lowercased())" },
                requestShort: item.workflowID.map(PageText.short), state: item.state,
                since: PageText.instant(item.since, zone: zones[item.customerID]), reason: item.reason, repair: item.repair,
                jobID: item.kind == .deadJob ? item.jobID.map(String.init) : nil)
            if let index = groups.firstIndex(where: { $0.kind == item.kind.rawValue }) {
                groups[index].items.append(shown)
            } else {
                groups.append(.init(kind: item.kind.rawValue, items: [shown]))
            }
        }
        return renderer.page(
            "stuck", frame: frame("Stuck work", context, request, at: "/console/stuck", live: "/console/live"),
            body: StuckPage(groups: groups, csrf: context.session.csrfToken, total: found.items.count))
    }
}
