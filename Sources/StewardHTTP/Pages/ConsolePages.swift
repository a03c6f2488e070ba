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
        "paused": "The request is paused: it takes no event and its timers wait until it is resumed.",
        "resumed": "The request is resumed; timers that fell due while it was paused run now.",
        "forced": "The event was applied and written to the audit log.",
        "reassigned": "The task is reassigned and its new holder has it in their queue.",
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
        route(console, .get, "customers/:id") { request, context in try await customerPage(request, context, renderer) }
        route(console, .get, "customers/:id/report") { request, context in
            try await reportPage(request, customer: try context.parameters.named("id"), for: context.principal)
        }
        route(console, .get, "stuck") { request, context in try await stuckPage(request, context, renderer) }
        route(console, .post, "jobs/:id/retry") { _, context in
            guard let job = context.parameters.get("id").flatMap(Int64.init) else {
                throw Problem.notFound("job '\(context.parameters.get("id") ?? "")'")
            }
            try await desk.retry(job: job, reason: context.form["reason"] ?? "", by: context.principal)
            return redirect(to: "/console/stuck?done=retried")
        }
        route(console, .post, "jobs/retry-dead") { _, context in
            let form = context.form
            let retried = try await desk.retryDeadJobs(
                kind: form["kind"].flatMap { $0.isEmpty ? nil : $0 }, customer: form["customer"].flatMap { $0.isEmpty ? nil : $0 },
                reason: form["reason"] ?? "", by: context.principal)
            return redirect(to: "/console/stuck?done=retried&count=\(retried)")
        }
        route(console, .get, "workers") { request, context in try await workersPage(request, context, renderer) }
        route(console, .get, "audit") { request, context in try await auditPage(request, context, renderer) }
        addRepairForms(to: console)
    }

    /// The operator's repairs on a request's page: pause, resume, force an event, reassign a task.
    private func addRepairForms(to console: RouterGroup<PageContext>) {
        for (action, done) in [("pause", "paused"), ("resume", "resumed")] {
            route(console, .post, RouterPath("requests/:id/\(action)")) { _, context in
                let id = try context.parameters.uuid("id", what: "request")
                let reason = context.form["reason"] ?? ""
                _ =
                    action == "pause"
                    ? try await desk.pause(id, reason: reason, by: context.principal)
                    : try await desk.resume(id, reason: reason, by: context.principal)
                return redirect(to: "/console/requests/\(id.uuidString.lowercased())?done=\(done)")
            }
        }
        route(console, .post, "requests/:id/force") { _, context in
            let id = try context.parameters.uuid("id", what: "request")
            let event = Data((context.form["event"] ?? "").utf8)
            _ = try await validating("event") {
                try await desk.force(
                    event: event, on: id, expectedVersion: nil, reason: context.form["reason"] ?? "", by: context.principal)
            }
            return redirect(to: "/console/requests/\(id.uuidString.lowercased())?done=forced")
        }
        route(console, .post, "tasks/:id/reassign") { _, context in
            let id = try context.parameters.uuid("id", what: "task")
            let task = try await desk.reassign(
                task: id, to: context.form["to"] ?? "", reason: context.form["reason"] ?? "", by: context.principal)
            return redirect(to: "/console/requests/\(task.workflowID.uuidString.lowercased())?done=reassigned")
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
            groups: principal.groups, group: group,
            returnPath: request.uri.description,
            pages: PageLinks(path: "/console/queue", query: [("group", group)], nextCursor: page.nextCursor))
        return renderer.page("queue", frame: frame("Task queue", context, request, at: "/console/queue", live: "/console/live"), body: body)
    }

    // MARK: Requests

    struct RequestsPage: Sendable {
        var requests: [RequestRow]
        var search: String
        var searchError: String
        var hasSearchError: Bool
        var customer: String?
        var type: String?
        var state: String?
        var openOnly: Bool
        var types: [String]
        var pages: PageLinks
    }

    private func requestsPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let principal = context.principal
        // A pasted reference or id goes straight to the request, or is refused at its input.
        var searchError: String?
        if let search = try request.query("id") {
            do {
                let id = try await desk.requestID(quoted: search, field: "id", for: principal)
                return redirect(to: "/console/requests/\(id.uuidString.lowercased())")
            } catch let error as ServiceDeskError {
                searchError = error.detail
            }
        }
        let filter = try request.requestFilter()
        let page = try await desk.requests(
            visibleTo: principal, filter: filter, after: try request.requestCursor(), limit: try request.pageLimit())
        let zones = try await desk.customerTimeZones(for: principal)
        let body = RequestsPage(
            requests: page.items.map { RequestRow($0, area: .console, zone: zones[$0.customerID]) },
            search: try request.query("id") ?? "", searchError: searchError ?? "", hasSearchError: searchError != nil,
            customer: filter.customerID, type: filter.type, state: filter.state, openOnly: filter.open == true,
            types: engine.registry.types.sorted(),
            pages: PageLinks(
                path: "/console/requests",
                query: [
                    ("customer", filter.customerID), ("type", filter.type), ("state", filter.state), ("open", filter.open.map(String.init)),
                ],
                nextCursor: page.nextCursor))
        return renderer.page(
            "requests", frame: frame("Requests", context, request, at: "/console/requests"), body: body,
            status: searchError == nil ? .ok : .badRequest)
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
            body: StuckPage(groups: groups))
    }
}

extension APIServer {
    // MARK: Queues and workers

    struct WorkersPage: Sendable {
        struct Row: Sendable {
            struct Count: Sendable {
                var status: String
                var count: String
            }

            var kind: String
            var counts: [Count]
        }

        struct Lease: Sendable {
            var jobID: Int64
            var job: String
            var customer: String
            var requestHref: String?
            var worker: String
            var until: PageText.Instant
            var attempts: Int
        }

        var statuses: [String]
        var rows: [Row]
        var workers: [String]
        var leases: [Lease]
    }

    func workersPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let overview = try await desk.queueOverview(for: context.principal)
        let statuses = JobStatus.allCases.map(\.rawValue)
        let rows = QueueOverview.kinds.map { kind in
            WorkersPage.Row(
                kind: kind,
                counts: JobStatus.allCases.map { status in
                    let depth = overview.depths.first { $0.kind == kind && $0.status == status }
                    let count = depth.map { $0.isCapped ? "\(QueueOverview.countCap.formatted()) or more" : $0.count.formatted() } ?? "0"
                    return .init(status: status.rawValue, count: count)
                })
        }
        let leases = overview.leases.map { lease in
            WorkersPage.Lease(
                jobID: lease.jobID, job: "\(lease.kind) \(lease.name)", customer: lease.customerID,
                requestHref: lease.workflowID.map { "/console/requests/\($0.uuidString.lowercased())" }, worker: lease.worker,
                until: PageText.instant(lease.lockedUntil, zone: nil), attempts: lease.attempts)
        }
        let body = WorkersPage(
            statuses: statuses, rows: rows, workers: Array(Set(overview.leases.map(\.worker))).sorted(), leases: leases)
        return renderer.page(
            "workers", frame: frame("Queues and workers", context, request, at: "/console/workers", live: "/console/live"), body: body)
    }

    // MARK: Audit log

    struct AuditPage: Sendable {
        struct Entry: Sendable {
            var at: PageText.Instant
            var actor: String
            var action: String
            var customer: String?
            var requestHref: String?
            var requestShort: String?
            var what: String
            var reason: String
        }

        var entries: [Entry]
        var request: String?
        var pages: PageLinks
    }

    func auditPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let (workflowID, before) = try request.auditPosition()
        let page = try await desk.auditLog(request: workflowID, before: before, limit: try request.pageLimit(), for: context.principal)
        let entries = page.items.map { entry in
            AuditPage.Entry(
                at: PageText.instant(entry.at, zone: nil), actor: entry.actor, action: entry.action, customer: entry.customerID,
                requestHref: entry.workflowID.map { "/console/requests/\($0.uuidString.lowercased())" },
                requestShort: entry.workflowID.map(PageText.short),
                what: [entry.taskID.map { "task \(PageText.short($0))" }, entry.jobID.map { "job \($0)" }]
                    .compactMap { $0 }.joined(separator: ", ")
                    + entry.details.sorted { $0.key < $1.key }.map { " \($0.key): \($0.value)" }.joined(),
                reason: entry.reason)
        }
        let body = AuditPage(
            entries: entries, request: workflowID?.uuidString.lowercased(),
            pages: PageLinks(path: "/console/audit", query: [("request", workflowID?.uuidString.lowercased())], nextCursor: page.nextCursor)
        )
        return renderer.page("audit", frame: frame("Audit log", context, request, at: "/console/audit"), body: body)
    }
}

extension APIServer {
    // MARK: One customer, for their TAM

    struct CustomerPage: Sendable {
        struct Breach: Sendable {
            var href: String
            var reference: String
            var summary: String
            var severity: Int
            var due: PageText.Instant
            var missedBy: String
        }

        struct Contact: Sendable {
            var name: String
            var email: String
            var phone: String?
            var language: String
            var licenceAcceptor: Bool
        }

        var id: String
        var name: String
        var timeZone: String
        var tier: String
        var requests: [RequestRow]
        var moreRequests: String?
        var quarter: String
        var breaches: [Breach]
        var calls: [TaskRow]
        var contacts: [Contact]
        var returnPath: String
    }

    func customerPage(_ request: Request, _ context: PageContext, _ renderer: PageRenderer) async throws -> Response {
        let principal = context.principal
        let customer = try await desk.customer(try context.parameters.named("id"), for: principal)
        let zone = TimeZone(identifier: customer.timeZone)
        let open = try await desk.requests(visibleTo: principal, filter: .init(customerID: customer.id, open: true), after: nil, limit: 50)
        let report = try await desk.quarterlyReport(of: customer.id, quarter: nil, for: principal)
        // The TAM group's queue holds the daily-report calls; the customer's are theirs to make.
        let calls =
            principal.groups.contains("tam")
            ? try await desk.tasks(visibleTo: principal, group: "tam", status: nil, after: nil, limit: ServiceDesk.maxPageSize).items
                .filter { $0.customerID == customer.id } : []
        let body = CustomerPage(
            id: customer.id, name: customer.name, timeZone: customer.timeZone, tier: customer.tier.rawValue,
            requests: open.items.map { RequestRow($0, area: .console, zone: zone) },
            moreRequests: open.nextCursor.map { _ in "/console/requests?customer=\(customer.id)&open=true" },
            quarter: report.quarter,
            breaches: report.breaches.map { breach in
                CustomerPage.Breach(
                    href: "/console/requests/\(breach.request.uuidString.lowercased())", reference: breach.reference,
                    summary: breach.summary, severity: breach.severity, due: PageText.instant(breach.dueAt, zone: zone),
                    missedBy: PageText.duration(breach.missedByMinutes * 60))
            },
            calls: calls.map { TaskRow($0, for: principal, zone: zone) },
            contacts: customer.contacts.filter(\.active).map {
                CustomerPage.Contact(
                    name: $0.name, email: $0.email, phone: $0.phone, language: $0.language, licenceAcceptor: $0.licenceAcceptor)
            },
            returnPath: request.uri.path)
        return renderer.page(
            "customer", frame: frame(customer.name, context, request, at: "/console/customers", live: "/console/live"), body: body)
    }

    /// A customer's quarterly report as its own page (`?format=csv&table=` for the tables): the
    /// report's HTML is self-contained, so it is served with a policy that lets its own styles in
    /// and still no script.
    func reportPage(_ request: Request, customer: String, for principal: Principal) async throws -> Response {
        let report = try await desk.quarterlyReport(of: customer, quarter: try request.quarter(), for: principal)
        let format = try ReportRepresentation(accept: "text/html", format: request.query("format"))
        var response = try format.response(
            for: report, table: try request.query("table"), fileName: "\(report.customer.id)-\(report.quarter)")
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
        return response
    }
}

extension APIServer {
    // MARK: The mailbox kept on this machine

    struct MailboxPage: Sendable {
        struct Row: Sendable {
            var href: String
            var at: PageText.Instant
            var to: String
            var subject: String
        }

        var messages: [Row]
    }

    struct MailPage: Sendable {
        var subject: String
        var from: String
        var to: String
        var at: PageText.Instant
        var text: String
    }

    func addMailboxPages(to console: RouterGroup<PageContext>, renderer: PageRenderer) {
        route(console, .get, "mail") { request, context in
            let messages = try await desk.keptMail(limit: ServiceDesk.maxPageSize, for: context.principal)
            let body = MailboxPage(
                messages: messages.map {
                    .init(
                        href: "/console/mail/\($0.id)", at: PageText.instant($0.at, zone: nil), to: $0.to.joined(separator: ", "),
                        subject: $0.subject)
                })
            return renderer.page(
                "mailbox", frame: frame("Mailbox", context, request, at: "/console/mail", live: "/console/live"), body: body)
        }
        route(console, .get, "mail/:id") { request, context in
            guard let id = context.parameters.get("id").flatMap(Int64.init) else {
                throw Problem.notFound("kept message '\(context.parameters.get("id") ?? "")'")
            }
            let kept = try await desk.keptMessage(id, for: context.principal)
            let body = MailPage(
                subject: kept.parsed.subject, from: kept.parsed.from?.description ?? kept.message.from,
                to: kept.message.to.joined(separator: ", "), at: PageText.instant(kept.message.at, zone: nil), text: kept.parsed.text)
            return renderer.page("mail", frame: frame(kept.parsed.subject, context, request, at: "/console/mail"), body: body)
        }
    }
}
