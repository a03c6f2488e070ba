import Foundation
import Hummingbird
import StewardCore
import StewardMSA
import StewardPostgres
import StewardServiceDesk

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

    func addOperatorRoutes(to v1: RouterGroup<SignedInContext>) {
        route(v1, .get, "stuck") { request, context in try await stuck(request, context) }
        route(v1, .post, "requests/:id/force") { request, context in
            let principal = context.principal
            try principal.require(.force)
            let id = try context.parameters.uuid("id", what: "request")
            let forcing = try await request.decode(Forcing.self, context: context)
            let record = try await validating("event") {
                try await desk.force(
                    event: try APIServer.encoder.encode(forcing.event),
                    on: id,
                    expectedVersion: try request.expectedVersion(),
                    reason: forcing.reason,
                    by: principal
                )
            }
            return try json(RequestView(record), headers: etag(record.snapshot.version))
        }
        // Pausing and resuming take the same body and answer alike.
        for (path, action, repair) in [("pause", Action.pause, desk.pause), ("resume", .resume, desk.resume)] {
            route(v1, .post, RouterPath("requests/:id/\(path)")) { request, context in
                let principal = context.principal
                try principal.require(action)
                let id = try context.parameters.uuid("id", what: "request")
                let body = try await request.decode(Reasoned.self, context: context)
                let record = try await repair(id, body.reason, principal)
                return try json(RequestView(record), headers: etag(record.snapshot.version))
            }
        }
        route(v1, .post, "tasks/:id/reassign") { request, context in
            let principal = context.principal
            try principal.require(.reassign)
            let id = try context.parameters.uuid("id", what: "task")
            let body = try await request.decode(Reassignment.self, context: context)
            return try json(TaskView(try await desk.reassign(task: id, to: body.to, reason: body.reason, by: principal)))
        }
        route(v1, .post, "jobs/:id/retry") { request, context in
            let principal = context.principal
            try principal.require(.retry)
            guard let job = context.parameters.get("id").flatMap(Int64.init) else {
                throw Problem.notFound("job '\(context.parameters.get("id") ?? "")'")
            }
            let body = try await request.decode(Reasoned.self, context: context)
            try await desk.retry(job: job, reason: body.reason, by: principal)
            return Response(status: .noContent)
        }
        route(v1, .get, "audit") { request, context in
            let principal = context.principal
            try principal.require(.readAuditLog)
            let (workflowID, before) = try request.auditPosition()
            let page = try await desk.auditLog(request: workflowID, before: before, limit: try request.pageLimit(), for: principal)
            return try json(PageView(items: page.items.map(AuditView.init), nextCursor: page.nextCursor))
        }
        route(v1, .get, "customers/:id/quarterly-report") { request, context in
            let principal = context.principal
            try principal.require(.readReports)
            let quarter = try request.quarter()
            let format = try ReportRepresentation(accept: request.headers[.accept], format: request.query("format"))
            let table = try request.query("table")
            let report = try await desk.quarterlyReport(of: context.parameters.get("id") ?? "", quarter: quarter, for: principal)
            return try format.response(for: report, table: table, fileName: "\(report.customer.id)-\(report.quarter)")
        }
        route(v1, .get, "customers/:id/report-schedules") { _, context in
            let schedules = try await desk.reportSchedules(of: try context.parameters.named("id"), for: context.principal)
            return try json(ItemsView(items: schedules.map(ReportScheduleView.init)))
        }
        route(v1, .post, "customers/:id/report-schedules") { request, context in
            try context.principal.require(.scheduleReports)
            let customerID = try context.parameters.named("id")
            let body = try await request.jsonBody(context: context)
            let added = try await desk.scheduleReport(body, for: customerID, by: context.principal)
            return try json(
                ReportScheduleView(added), status: .created,
                headers: [.location: "/v1/customers/\(customerID)/report-schedules/\(added.id)"])
        }
        route(v1, .delete, "customers/:id/report-schedules/:schedule") { request, context in
            try context.principal.require(.scheduleReports)
            let id = try context.parameters.uuid("schedule", what: "report schedule")
            let reason = try request.query("reason") ?? ""
            try await desk.deleteReportSchedule(id, of: try context.parameters.named("id"), reason: reason, by: context.principal)
            return Response(status: .noContent)
        }
    }

    /// `GET /v1/stuck?kind=&customer=&limit=&cursor=`: oldest first. The report is computed afresh
    /// for each page, so its cursor counts the items already shown.
    private func stuck(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let principal = context.principal
        try principal.require(.seeStuckWork)
        let kind = try request.query("kind").map { text in
            guard let kind = StuckItem.Kind(rawValue: text) else {
                let kinds = StuckItem.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem.badRequest("kind must be one of \(kinds), not '\(text)'", field: "kind")
            }
            return kind
        }
        let shown = try request.cursor(count: 1) { $0.holdsInteger(at: 0) }.flatMap { Int($0.values[0]) }
        let page = try await desk.stuck(
            kind: kind,
            customer: try request.query("customer"),
            shown: shown ?? 0,
            limit: try request.pageLimit(),
            for: principal
        )
        return try json(PageView(items: page.items.map(StuckView.init), nextCursor: page.nextShown.map { Cursor([String($0)]).encoded }))
    }
}

extension Request {
    /// Which part of the audit log: one request's (`request`), and the entries before `cursor`.
    func auditPosition() throws -> (request: UUID?, before: Int64?) {
        let workflowID = try query("request").map { text in
            guard let id = UUID(uuidString: text) else { throw Problem.badRequest("request must be a request id", field: "request") }
            return id
        }
        return (workflowID, try cursor(count: 1) { $0.holdsInteger(at: 0) }.flatMap { Int64($0.values[0]) })
    }

    /// The `quarter` a report covers (`2026-Q4`); nil for the current one.
    func quarter() throws -> Quarter? {
        try query("quarter").map { text in
            guard let quarter = Quarter(text) else {
                throw Problem.badRequest("quarter must look like 2026-Q4, not '\(text)'", field: "quarter")
            }
            return quarter
        }
    }
}
