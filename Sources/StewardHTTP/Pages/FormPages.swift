import Foundation
import Hummingbird
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// The pages with a request type's forms: filing a request, sending a request an event, and
/// completing a task with its outcome. The type says what each form holds (``WorkflowForms``); the
/// service desk decides whether it is taken; a refusal is shown at the input it names.
extension APIServer {
    /// The field and words of a refusal a person can fix by changing the form; nil for any other error.
    static func formError(_ error: any Error) -> (field: String?, detail: String)? {
        if let error = error as? FormError { return (error.field, error.reason) }
        guard let problem = Problem.from(error), [400, 409, 412, 422].contains(problem.status) else { return nil }
        return (problem.field, problem.detail)
    }

    // MARK: Filing

    struct FilingChoices: Sendable {
        struct Choice: Sendable {
            var href: String
            var title: String
            var hint: String?
        }

        var choices: [Choice]
    }

    struct FilingPage: Sendable {
        var form: FormView
    }

    func addFilingPages(to pages: RouterGroup<PageContext>, area: WebArea, renderer: PageRenderer) {
        let user: FormUser = area == .portal ? .customer : .staff
        route(pages, .get, "new") { request, context in
            let choices = engine.registry.types.sorted().compactMap { type -> FilingChoices.Choice? in
                guard let form = try? engine.registry.definition(for: type).forms.filing(for: user) else { return nil }
                return .init(href: "/\(area.rawValue)/new/\(type)", title: form.title, hint: form.hint)
            }
            return renderer.page(
                "file-choice", frame: frame("File a request", context, request, at: "/\(area.rawValue)/new"),
                body: FilingChoices(choices: choices))
        }
        route(pages, .get, "new/:type") { request, context in
            try filingPage(request, context, renderer, area: area, user: user, submitted: nil, error: nil, key: TokenStore.randomSecret())
        }
        route(pages, .post, "new/:type") { request, context in
            let type = try context.parameters.named("type")
            let form = try filingForm(type, for: user)
            let submitted = context.form
            let key = submitted["idempotency-key"] ?? ""
            let customer = area == .console ? submitted["customer"] : nil
            do {
                let filing = Filing(type: type, customer: customer, fields: try form.json(from: submitted.submitted), idempotencyKey: key)
                let filed = try await desk.file(filing, by: context.principal)
                return redirect(to: "/\(area.rawValue)/requests/\(filed.request.snapshot.id.uuidString.lowercased())?done=filed")
            } catch {
                guard let shown = Self.formError(error) else { throw error }
                return try filingPage(request, context, renderer, area: area, user: user, submitted: submitted, error: shown, key: key)
            }
        }
    }

    private func filingForm(_ type: String, for user: FormUser) throws -> FilingForm {
        guard let definition = try? engine.registry.definition(for: type), let form = definition.forms.filing(for: user) else {
            throw Problem.notFound("request type '\(type)'")
        }
        return form
    }

    private func filingPage(
        _ request: Request, _ context: PageContext, _ renderer: PageRenderer, area: WebArea, user: FormUser,
        submitted: FormBody?, error: (field: String?, detail: String)?, key: String
    ) throws -> Response {
        let type = try context.parameters.named("type")
        let form = try filingForm(type, for: user)
        var fields = form.fields
        // Staff file on a customer's behalf: which customer is the service desk's field, not the type's.
        if area == .console { fields.insert(.text("customer", "Customer", hint: "The customer's id, e.g. acme"), at: 0) }
        let view = FormView(
            event: type, title: form.title, hint: form.hint, action: "/\(area.rawValue)/new/\(type)", fields: fields,
            submitted: submitted, error: error, hidden: [.init(name: "idempotency-key", value: key)])
        return renderer.page(
            "file", frame: frame(form.title, context, request, at: "/\(area.rawValue)/new"),
            body: FilingPage(form: view), status: error == nil ? .ok : .unprocessableContent)
    }

    // MARK: Events

    /// The event forms a request's page offers its reader in the request's state.
    func eventForms(
        for record: RequestRecord, principal: Principal, area: WebArea, submitted: FormBody? = nil, failed: String? = nil,
        error: (field: String?, detail: String)? = nil
    ) -> [FormView] {
        // A paused request takes no event: its page says so instead of offering forms it would refuse.
        guard !record.snapshot.isTerminal, record.snapshot.pausedAt == nil,
            let definition = try? engine.registry.definition(for: record.snapshot.type)
        else { return [] }
        let user: FormUser = principal.role == .customer ? .customer : .staff
        let id = record.snapshot.id.uuidString.lowercased()
        return definition.forms.events(inState: record.snapshot.stateName, for: user).map { form in
            let isFailed = form.event == failed
            return FormView(
                event: form.event, title: form.title, hint: form.hint, action: "/\(area.rawValue)/requests/\(id)/events/\(form.event)",
                fields: form.fields, submitted: isFailed ? submitted : nil, error: isFailed ? error : nil, prefix: "\(form.event)-",
                hidden: [.init(name: "version", value: String(record.snapshot.version))])
        }
    }

    func addEventForms(to pages: RouterGroup<PageContext>, area: WebArea, renderer: PageRenderer) {
        route(pages, .post, "requests/:id/events/:event") { request, context in
            let principal = context.principal
            let id = try context.parameters.uuid("id", what: "request")
            let eventName = try context.parameters.named("event")
            let record = try await desk.request(id, for: principal)
            let user: FormUser = principal.role == .customer ? .customer : .staff
            guard let form = try engine.registry.definition(for: record.snapshot.type).forms.event(eventName, for: user) else {
                throw Problem.notFound("form '\(eventName)' of \(record.snapshot.type)")
            }
            let submitted = context.form
            do {
                let event = try JSONCoding.encoder.encode(try form.json(from: submitted.submitted))
                _ = try await desk.send(
                    event: event, to: id, expectedVersion: submitted["version"].flatMap(Int64.init), by: principal)
                return redirect(to: "/\(area.rawValue)/requests/\(id.uuidString.lowercased())?done=sent")
            } catch {
                guard let shown = Self.formError(error) else { throw error }
                return try await requestPage(
                    request, context, renderer, area: area, failed: (eventName, submitted, shown))
            }
        }
    }

    // MARK: Tasks

    struct TaskPage: Sendable {
        var task: TaskRow
        var brief: String?
        var request: RequestRow
        var forms: [FormView]
        var mayComplete: Bool
        var returnPath: String
    }

    func addTaskPages(to console: RouterGroup<PageContext>, renderer: PageRenderer) {
        route(console, .get, "tasks/:id") { request, context in
            try await taskPage(request, context, renderer, failed: nil)
        }
        route(console, .post, "tasks/:id/complete/:event") { request, context in
            let principal = context.principal
            let id = try context.parameters.uuid("id", what: "task")
            let eventName = try context.parameters.named("event")
            let task = try await desk.task(id, for: principal)
            let record = try await desk.request(task.workflowID, for: principal)
            let outcomes = try engine.registry.definition(for: record.snapshot.type).forms.outcomes(forTask: task.name)
            guard let form = outcomes.first(where: { $0.event == eventName }) else {
                throw Problem.notFound("outcome '\(eventName)' of task \(task.name)")
            }
            let submitted = context.form
            do {
                _ = try await desk.complete(task: id, by: principal) {
                    try JSONCoding.encoder.encode(try form.json(from: submitted.submitted))
                }
                return redirect(to: "/console/queue?done=completed")
            } catch {
                guard let shown = Self.formError(error) else { throw error }
                return try await taskPage(request, context, renderer, failed: (eventName, submitted, shown))
            }
        }
    }

    private func taskPage(
        _ request: Request, _ context: PageContext, _ renderer: PageRenderer,
        failed: (event: String, submitted: FormBody, error: (field: String?, detail: String))?
    ) async throws -> Response {
        let principal = context.principal
        let task = try await desk.task(try context.parameters.uuid("id", what: "task"), for: principal)
        let record = try await desk.request(task.workflowID, for: principal)
        let zone = try await desk.customerTimeZones(for: principal)[task.customerID]
        let outcomes = (try? engine.registry.definition(for: record.snapshot.type))?.forms.outcomes(forTask: task.name) ?? []
        let id = task.id.uuidString.lowercased()
        let row = TaskRow(task, for: principal, zone: zone)
        let open = task.status == .open || task.status == .claimed
        let body = TaskPage(
            task: row, brief: task.brief, request: RequestRow(record.summary, area: .console, zone: zone),
            forms: open
                ? outcomes.map { form in
                    let isFailed = form.event == failed?.event
                    return FormView(
                        event: form.event, title: form.title, hint: form.hint, action: "/console/tasks/\(id)/complete/\(form.event)",
                        fields: form.fields, submitted: isFailed ? failed?.submitted : nil, error: isFailed ? failed?.error : nil,
                        prefix: "\(form.event)-")
                } : [],
            mayComplete: principal.groups.contains(task.group) && open, returnPath: request.uri.path)
        return renderer.page(
            "task", frame: frame(task.title, context, request, at: "/console/queue"), body: body,
            status: failed == nil ? .ok : .unprocessableContent)
    }
}
