import Foundation
import Hummingbird
import StewardCore
import StewardMSA
import StewardPostgres

/// Operators' repairs and reports: stuck items, force, pause, resume, reassign, retry, the audit
/// log, and customers' quarterly figures for their TAMs.
extension APIServer {
    struct Forcing: Codable {
        /// The event to apply, whoever normally sends it (a timer's included).
        var event: JSONValue
        var reason: String
    }

    struct Reasoned: Codable {
        var reason: String
    }

    struct Reassignment: Codable {
        /// The staff member who gets the task; a member of its group.
        var to: String
        var reason: String
    }

    func addOperatorRoutes(to v1: RouterGroup<APIRequestContext>) {
        route(v1, .get, "stuck") { request, context in try await stuck(request, context) }
        route(v1, .post, "requests/:id/force") { request, context in
            let principal = try context.caller()
            try require(principal, [.operator], to: "force a transition")
            let snapshot = try await visibleRequest(request, context)
            let forcing = try await request.decode(Forcing.self, context: context)
            let event = try APIServer.encoder.encode(forcing.event)
            do {
                _ = try definition(for: snapshot.type).check(event: event)
            } catch let error as TransitionError {
                throw Problem.validation(error.reason, field: "event" + (error.field.map { "." + $0 } ?? ""))
            }
            let moved = try await repairs.force(
                workflowID: snapshot.id,
                event: event,
                expectedVersion: try request.expectedVersion(),
                reason: forcing.reason,
                by: principal.actor
            )
            return try json(try await requestView(moved, tasksFor: principal), headers: etag(moved.version))
        }
        // Pausing and resuming take the same body and answer alike.
        for (action, repair) in [("pause", repairs.pause), ("resume", repairs.resume)] {
            route(v1, .post, RouterPath("requests/:id/\(action)")) { request, context in
                let principal = try context.caller()
                try require(principal, [.operator], to: "\(action) a request")
                let snapshot = try await visibleRequest(request, context)
                let body = try await request.decode(Reasoned.self, context: context)
                let repaired = try await repair(snapshot.id, body.reason, principal.actor)
                return try json(try await requestView(repaired, tasksFor: principal), headers: etag(repaired.version))
            }
        }
        route(v1, .post, "tasks/:id/reassign") { request, context in
            let principal = try context.caller()
            try require(principal, [.operator, .dutyManager], to: "reassign a task")
            let (_, task) = try await visibleTask(context)
            let body = try await request.decode(Reassignment.self, context: context)
            do {
                let moved = try await repairs.reassign(taskID: task.id, to: body.to, reason: body.reason, by: principal.actor)
                return try json(TaskView(moved))
            } catch let error as EngineError where error.code == .notInGroup {
                throw Problem.validation(error.description, field: "to")
            }
        }
        route(v1, .post, "jobs/:id/retry") { request, context in
            let principal = try context.caller()
            try require(principal, [.operator], to: "retry a job")
            guard let job = context.parameters.get("id").flatMap(Int64.init) else {
                throw Problem.notFound("job '\(context.parameters.get("id") ?? "")'")
            }
            let body = try await request.decode(Reasoned.self, context: context)
            try await repairs.retry(jobID: job, reason: body.reason, by: principal.actor)
            return Response(status: .noContent)
        }
        route(v1, .get, "audit") { request, context in
            let principal = try context.caller()
            try require(principal, [.operator], to: "read the audit log")
            let workflowID = try request.query("request").map { text in
                guard let id = UUID(uuidString: text) else { throw Problem.badRequest("request must be a request id", field: "request") }
                return id
            }
            let limit = try request.pageLimit()
            let before = try request.cursor(count: 1) { $0.holdsInteger(at: 0) }.flatMap { Int64($0.values[0]) }
            let entries = try await repairs.auditLog(workflowID: workflowID, before: before, limit: limit + 1)
            let page = Page.cut(entries, limit: limit, item: AuditView.init) { Cursor([String($0.id)]) }
            return try json(PageView(items: page.items, nextCursor: page.nextCursor))
        }
        route(v1, .get, "customers/:id/quarterly-report") { request, context in try await quarterlyReport(request, context) }
    }

    /// `GET /v1/stuck?kind=&customer=&limit=&cursor=`: oldest first. The report is computed afresh
    /// for each page, so its cursor counts the items already shown.
    private func stuck(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.caller()
        try require(principal, [.operator, .dutyManager], to: "see stuck work")
        let kind = try request.query("kind").map { text in
            guard let kind = StuckItem.Kind(rawValue: text) else {
                let kinds = StuckItem.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem.badRequest("kind must be one of \(kinds), not '\(text)'", field: "kind")
            }
            return kind
        }
        let customerID = try request.query("customer")
        let limit = try request.pageLimit()
        let shown = try request.cursor(count: 1) { $0.holdsInteger(at: 0) }.flatMap { Int($0.values[0]) }.map { max(0, $0) }
        let items = try await StuckReport(client: engine.client, thresholds: policy.stuck, logger: logger).items(at: engine.clock.now)
            .filter { item in (kind == nil || item.kind == kind) && (customerID == nil || item.customerID == customerID) }
        let start = min(shown ?? 0, items.count)
        let page = items[start..<min(start + limit, items.count)]
        let next = start + limit < items.count ? Cursor([String(start + limit)]).encoded : nil
        return try json(PageView(items: page.map(StuckView.init), nextCursor: next))
    }

    /// `GET /v1/customers/{id}/quarterly-report?quarter=2026-Q4` (default: the current quarter),
    /// cut in the customer's support calendar's time zone.
    private func quarterlyReport(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try context.caller()
        try require(principal, [.customer, .tam, .dutyManager, .operator], to: "read quarterly reports")
        let customerID = context.parameters.get("id") ?? ""
        guard !customerID.contains("\0"), principal.seesCustomer(customerID), let terms = try await queries.contractTerms(of: customerID)
        else {
            throw Problem.notFound("customer '\(customerID)'")
        }
        let timeZone = (policy.calendars[terms.supportCalendar] ?? .roundTheClock).timeZone
        let now = engine.clock.now
        let quarter =
            try request.query("quarter").map { text in
                guard let quarter = Quarter(text) else {
                    throw Problem.badRequest("quarter must look like 2026-Q4, not '\(text)'", field: "quarter")
                }
                return quarter
            } ?? Quarter.containing(now, in: timeZone)
        let filed = try await queries.requests(of: customerID, filedIn: quarter.interval(in: timeZone))
        let incidents = try definition(for: IncidentWorkflow.type)
        let report = QuarterlyReport(
            customerID: customerID,
            quarter: quarter,
            timeZone: timeZone,
            requests: filed.map { .init(type: $0.type, isTerminal: $0.isTerminal, state: $0.state) },
            incidentSLA: { incidents.slaStatus(state: $0, at: now) }
        )
        return try json(report)
    }
}
