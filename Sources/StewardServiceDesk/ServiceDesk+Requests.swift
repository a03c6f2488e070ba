import Foundation
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Filing requests, reading them and their history, and sending them events.
extension ServiceDesk {
    /// The filing in a JSON body: `{"type": "incident", "customer": "acme", …the type's fields}`.
    public func filing(from body: JSONValue, idempotencyKey: String?) throws(ServiceDeskError) -> Filing {
        guard case .object(var fields) = body else {
            throw .invalid("the body must be a JSON object: {\"type\": \"incident\", …}", field: nil)
        }
        guard case .string(let type) = fields.removeValue(forKey: "type") else {
            throw .invalid("field 'type' must name the request type: \(engine.registry.types.joined(separator: ", "))", field: "type")
        }
        let customer: String?
        switch fields.removeValue(forKey: "customer") {
        case nil, .null: customer = nil
        case .string(let named): customer = named
        default: throw .invalid("field 'customer' must be a customer id", field: "customer")
        }
        return Filing(type: type, customer: customer, fields: fields, idempotencyKey: idempotencyKey)
    }

    /// An idempotency key is 1 to 200 bytes of UTF-8: what the database's index holds.
    public static func check(idempotencyKey key: String?) throws(ServiceDeskError) {
        guard let key else { return }
        guard !key.isEmpty, key.utf8.count <= 200, !key.contains("\0") else {
            throw .badParameter("Idempotency-Key must be 1 to 200 bytes of text", field: "Idempotency-Key")
        }
    }

    /// Files a request: a contact for their own customer, staff on behalf of a customer they
    /// serve. The contract's fields (tier, calendar, contract year…) come from the customer's row.
    public func file(_ filing: Filing, by principal: Principal) async throws -> Filed {
        try await file(filing, by: principal, as: principal.role == .customer ? .customer : .staff)
    }

    /// Files as `filer`: a contact's e-mail comes through the mail gateway, which says when it arrived.
    func file(_ filing: Filing, by principal: Principal, as filer: ContractTerms.Filer) async throws -> Filed {
        try principal.require(.file)
        try Self.check(idempotencyKey: filing.idempotencyKey)
        let customerID = try customer(of: filing, by: principal)
        let definition = try definition(for: filing.type)
        guard let terms = try await contracts.terms(of: customerID) else {
            throw ServiceDeskError.invalid("no customer '\(customerID)'", field: "customer")
        }
        if let end = terms.contractEnd, !terms.isInForce(at: engine.clock.now) {
            throw ServiceDeskError(
                .contractEnded,
                "\(customerID)'s contract ended on \(end); requests already open run on, and new ones need the contract extended (an operator updates contractEnd)",
                field: "customer"
            )
        }
        let input = try terms.input(
            for: filing.type,
            body: try JSONCoding.encoder.encode(filing.fields),
            filedBy: filer,
            now: engine.clock.now,
            calendars: policy.calendars
        )
        try definition.check(input: input)
        let started = try await engine.start(
            type: filing.type,
            customerID: customerID,
            input: input,
            idempotencyKey: filing.idempotencyKey,
            actor: principal.actor
        )
        return Filed(request: try await record(started.workflow, for: principal), created: started.created)
    }

    private func customer(of filing: Filing, by principal: Principal) throws(ServiceDeskError) -> String {
        switch (principal.role, filing.customer) {
        case (.customer, let named?) where named != principal.customerID:
            throw .forbidden("a customer's contact files requests for their own customer only")
        case (.customer, _):
            return principal.customerID ?? ""
        case (_, nil):
            throw .invalid("staff file a request on a customer's behalf: name it in field 'customer'", field: "customer")
        case (_, let named?):
            guard principal.seesCustomer(named) else {
                throw .forbidden("\(named) is not one of your customers; its TAM, the duty manager or an operator may file for it")
            }
            return named
        }
    }

    /// The requests `principal` sees, newest first, each with its SLA: summaries, read without
    /// their states wherever the figures of their SLA are stored.
    public func requests(
        visibleTo principal: Principal,
        filter: RequestQueries.RequestFilter,
        after cursor: Cursor?,
        limit: Int
    ) async throws -> Page<RequestSummary> {
        try Self.check(limit: limit)
        if let type = filter.type { _ = try definition(for: type) }
        var page = try await queries.requests(visibleTo: principal, filter: filter, after: cursor, limit: limit)
        let now = engine.clock.now
        for index in page.items.indices {
            let definition = try? engine.registry.definition(for: page.items[index].type)
            page.items[index].sla =
                switch page.items[index].storedSLA {
                case .none: nil
                case .figures(let figures): definition?.slaStatus(figures: figures, at: now)
                case .notRecorded(let state): definition?.slaStatus(state: state, at: now)
                }
        }
        return page
    }

    /// One request with its SLA, and its tasks for staff.
    /// The id of the request quoted as `text`: its reference (`MSA-2026-000123`) or its id; refused
    /// at `field` when it is neither or not the principal's to see.
    public func requestID(quoted text: String, field: String, for principal: Principal) async throws -> UUID {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let id = UUID(uuidString: text) { return try await visibleRequest(id, to: principal).id }
        guard let reference = RequestReference(text) else {
            throw ServiceDeskError.badParameter(
                "'\(text)' is neither a reference (MSA-2026-000123) nor a request id (36 characters); paste one of them", field: field)
        }
        guard let snapshot = try await queries.request(reference, visibleTo: principal) else {
            throw ServiceDeskError.badParameter("no request \(reference) is yours to see: check the reference", field: field)
        }
        return snapshot.id
    }

    public func request(_ id: UUID, for principal: Principal) async throws -> RequestRecord {
        try await record(try await visibleRequest(id, to: principal), for: principal)
    }

    /// The request's timeline, oldest first; a contact does not see staff-only entries, and sees of
    /// each payload only the fields its type lets customers see.
    public func history(of id: UUID, for principal: Principal, afterSeq: Int64, limit: Int) async throws -> Page<HistoryEntry> {
        try Self.check(limit: limit)
        let snapshot = try await visibleRequest(id, to: principal)
        let contactsDefinition = principal.role == .customer ? try definition(for: snapshot.type) : nil
        var entries = try await engine.history(
            workflowID: snapshot.id, afterSeq: afterSeq, limit: limit + 1, hiding: contactsDefinition?.staffOnlyEvents ?? [])
        if let view = contactsDefinition?.customerView {
            for index in entries.indices {
                let shown = view.payload(JSONValue(entries[index].payload), ofEvent: entries[index].event)
                entries[index].payload = try JSONCoding.encoder.encode(shown)
            }
        }
        return Page.cut(entries, limit: limit, item: { $0 }) { Cursor([String($0.seq)]) }
    }

    /// Who was told what about a request, on which channel, and every attempt's outcome. Staff see
    /// every delivery; a contact sees those addressed to them and to the customer's endpoints.
    public func notifications(of id: UUID, for principal: Principal) async throws -> [DeliveryRecord] {
        let snapshot = try await visibleRequest(id, to: principal)
        let deliveries = try await JobQueue(client: engine.client, clock: engine.clock, logger: logger).deliveries(of: snapshot.id)
        guard principal.role == .customer else { return deliveries }
        return deliveries.filter { delivery in
            switch delivery.recipient {
            case .contact(let contact): contact == principal.contact
            case .webhook: true
            default: false
            }
        }
    }

    /// Sends one event to a request, e.g. `{"customerReplied": {"message": "…"}}`. With
    /// `expectedVersion`, refuses when the request moved since the caller read it.
    public func send(
        event: Data, to id: UUID, expectedVersion: Int64?, by principal: Principal,
        alongside: (@Sendable (PostgresConnection) async throws -> Void)? = nil
    ) async throws -> RequestRecord {
        let snapshot = try await visibleRequest(id, to: principal)
        try authorise(event: event, of: snapshot.type, by: principal)
        if principal.role == .engineer, try await !queries.holdsOpenTask(snapshot.id, groups: principal.groups) {
            throw ServiceDeskError.forbidden("an engineer moves a request while one of their groups holds an open task on it")
        }
        let moved = try await engine.send(
            workflowID: snapshot.id, event: event, expectedVersion: expectedVersion, actor: principal.actor, alongside: alongside)
        return try await record(moved, for: principal)
    }

    /// Checks the event's shape and that the caller may send it: contacts send the customer's
    /// events, staff any but a timer's; operators force timers' with a reason.
    func authorise(event: Data, of type: String, by principal: Principal) throws {
        let definition = try definition(for: type)
        let name = try definition.check(event: event)
        if definition.timerEvents.contains(name) {
            throw ServiceDeskError.forbidden("'\(name)' is sent by a timer; an operator can force it with POST /v1/requests/{id}/force")
        }
        if principal.role == .customer, !definition.customerEvents.contains(name) {
            let allowed = definition.customerEvents.sorted().joined(separator: ", ")
            throw ServiceDeskError.forbidden("'\(name)' is staff's to send; a customer's contact may send \(allowed)")
        }
    }
}
