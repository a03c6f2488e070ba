import Foundation
import Hummingbird
import NIOCore
import StewardCore
import StewardMSA
import StewardPostgres
import StewardServiceDesk

extension APIServer {
    /// `…/requests/{id}/checklist.csv`: a delivered health check's checklist, downloaded.
    func addChecklistDownload(to pages: RouterGroup<PageContext>) {
        route(pages, .get, "requests/:id/checklist.csv") { _, context in
            let file = try await desk.healthCheckChecklist(of: try context.parameters.uuid("id", what: "request"), for: context.principal)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8; header=present", .contentDisposition: "attachment; filename=\"\(file.name)\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: file.text)))
        }
    }
}

/// One request's page, for staff in the console and for its customer's contacts in the portal:
/// where it stands, its SLA, its timeline, its tasks and notifications, and the forms its reader
/// may send.
extension APIServer {
    struct RequestPage: Sendable {
        struct Step: Sendable {
            var seq: Int64
            var at: PageText.Instant
            var actor: String
            var event: String
            var toState: String
            var said: String?
        }

        struct Delivery: Sendable {
            var kind: String
            var channel: String
            var recipient: String
            var status: String
            var created: PageText.Instant
            var attempts: [String]
        }

        var row: RequestRow
        var details: String
        /// The timeline as an SVG strip (``TimelineDrawing``): built with its text escaped, inserted as it is.
        var timeline: String
        var steps: [Step]
        var moreHistory: String?
        var tasks: [TaskRow]
        var deliveries: [Delivery]
        var staff: Bool
        /// Which repairs the reader's role may make (the forms shown; the service desk decides).
        /// The events the reader may send in the request's state, as forms.
        var forms: [FormView]
        /// The delivered health check's checklist, to download.
        var checklist: String?
        var mayRepair: Bool
        var mayReassign: Bool
        var returnPath: String
    }

    func requestPage(
        _ request: Request, _ context: PageContext, _ renderer: PageRenderer, area: WebArea,
        failed: (event: String, submitted: FormBody, error: (field: String?, detail: String))? = nil
    ) async throws -> Response {
        let principal = context.principal
        let id = try context.parameters.uuid("id", what: "request")
        let record = try await desk.request(id, for: principal)
        let afterSeq = try request.query("after").flatMap(Int64.init) ?? 0
        let history = try await desk.history(of: id, for: principal, afterSeq: afterSeq, limit: ServiceDesk.maxPageSize)
        let deliveries = try await desk.notifications(of: id, for: principal)
        let zone = try await desk.customerTimeZones(for: principal)[record.snapshot.customerID]
        let staff = principal.role != .customer
        let steps = history.items.map { entry in
            RequestPage.Step(
                seq: entry.seq, at: PageText.instant(entry.at, zone: zone),
                actor: staff ? entry.actor : RequestRow.customersWords(forActor: entry.actor), event: entry.event,
                toState: entry.toState, said: Self.said(in: entry.payload))
        }
        let definition = try? engine.registry.definition(for: record.snapshot.type)
        let drawing = TimelineDrawing(
            marks: history.items.map { entry in
                TimelineDrawing.Mark(
                    seq: entry.seq, at: entry.at, event: entry.event, actor: entry.actor, toState: entry.toState,
                    kind: TimelineDrawing.kind(
                        event: entry.event, actor: entry.actor, timerEvents: definition?.timerEvents ?? [],
                        breachEvents: definition?.slaBreachEvents ?? []))
            },
            sla: record.sla, now: engine.clock.now, open: !record.snapshot.isTerminal, zone: zone)
        let body = RequestPage(
            row: RequestRow(record.summary, area: area, zone: zone),
            details: String(decoding: try APIServer.encoder.encode(record.details), as: UTF8.self),
            timeline: drawing.svg,
            steps: steps,
            moreHistory: history.items.last.flatMap { last in history.nextCursor.map { _ in "?after=\(last.seq)" } },
            tasks: (record.tasks ?? []).filter { $0.status == .open || $0.status == .claimed }.map {
                TaskRow($0, for: principal, zone: zone)
            },
            deliveries: deliveries.map { delivery in
                RequestPage.Delivery(
                    kind: delivery.kind, channel: delivery.channel, recipient: delivery.recipient.description, status: delivery.status,
                    created: PageText.instant(delivery.createdAt, zone: zone),
                    attempts: delivery.attempts.map { attempt in
                        "\(PageText.instant(attempt.at, zone: zone).text): \(attempt.outcome)"
                            + (staff ? " by \(attempt.worker)" + (attempt.detail.isEmpty ? "" : " (\(attempt.detail))") : "")
                    })
            },
            staff: staff,
            forms: eventForms(
                for: record, principal: principal, area: area, submitted: failed?.submitted, failed: failed?.event, error: failed?.error),
            checklist: record.snapshot.type == HealthCheckWorkflow.type && ["delivered", "closed"].contains(record.snapshot.stateName)
                ? "/\(area.rawValue)/requests/\(id.uuidString.lowercased())/checklist.csv" : nil,
            mayRepair: Action.force.roles.contains(principal.role),
            mayReassign: Action.reassign.roles.contains(principal.role),
            returnPath: request.uri.path)
        let title = "\(record.snapshot.type) \(body.row.short)"
        let path = area == .console ? "/console/requests" : "/portal"
        return renderer.page(
            "request", frame: frame(title, context, request, at: path, live: "/\(area.rawValue)/live"), body: body,
            status: failed == nil ? .ok : .unprocessableContent)
    }

    /// The words an event carried (a message, a summary, a reason), for the timeline.
    static func said(in payload: Data) -> String? {
        guard case .object(let outer) = JSONValue(payload) else { return nil }
        let fields: [String: JSONValue]
        if outer.count == 1, case .object(let inner)? = outer.values.first {
            fields = inner
        } else {
            fields = outer
        }
        for key in [
            "message", "summary", "reason", "notes", "text", "artifact", "build", "urgentReleaseID", "date", "proposedDate", "description",
        ] {
            if case .string(let text)? = fields[key], !text.isEmpty { return text }
        }
        return nil
    }
}
