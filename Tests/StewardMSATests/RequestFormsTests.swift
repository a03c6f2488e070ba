import Foundation
import StewardCore
import StewardMSA
import Testing

/// The four request types' forms make what the types accept: a filled-in filing becomes an input
/// once the contract has filled in its part, every event form an event its type decodes, and every
/// task a type opens is completed by the outcome forms it declares. So the forms cannot drift from
/// the types.
@Suite struct RequestFormsTests {
    /// The repository's own workflows/ folder.
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")
    static let policy = try! MSAPolicy.load(from: workflows)
    static let registry = policy.registry()
    static let types = RequestTypes.diagrams.map(\.type)

    /// Acme: MSA Enterprise on berlin-support, contract year from 2026-01-15, daily reports by phone.
    static let acme = ContractTerms(
        customerID: "acme", tier: .enterprise, supportCalendar: "berlin-support", contractStart: LocalDate("2026-01-15")!,
        dailyReportVia: .phone)
    /// Tue 2026-11-24 11:00 Berlin; 2026-12-15, a Tuesday three weeks ahead, may be proposed for a health check.
    static let now = try! Date("2026-11-24T10:00:00Z", strategy: .iso8601)
    static let agreedDate = "2026-12-15"

    static func definition(_ type: String) -> AnyWorkflow {
        try! registry.definition(for: type)
    }

    static func context(_ user: FormUser, at now: Date = now) -> WorkflowContext {
        WorkflowContext(now: now, workflowID: UUID(), customerID: "acme", actor: user == .staff ? .staff("sam") : .customer("ann"))
    }

    /// `fields` filled in as a person would: each with `values[name]` or a value of its kind, only
    /// the required ones when `everything` is false; a group gets one row and its blank spare rows.
    static func filledIn(
        _ fields: [FormField], everything: Bool = true, _ values: [String: String] = [:]
    ) -> [(name: String, value: String)] {
        fields.filter { everything || $0.isRequired }.flatMap { field -> [(name: String, value: String)] in
            let value: String
            switch field.kind {
            case .rows(let inner, let blankRows):
                let first = Dictionary(uniqueKeysWithValues: filledIn(inner, everything: everything, values).map { ($0.name, $0.value) })
                return (0..<blankRows).flatMap { row in
                    inner.map { (field.inputName(of: $0, inRow: row), row == 0 ? first[$0.name] ?? "" : "") }
                }
            case .text: value = "Scans stall after the update"
            case .paragraph: value = "Since Monday\r\nevery scan stops at 80 %"
            case .choice(let options): value = options[0].value
            case .wholeNumber(let range, _): value = "\(range.lowerBound)"
            case .date: value = agreedDate
            }
            return [(field.name, values[field.name] ?? value)]
        }
    }

    static func data(_ value: some Encodable) throws -> Data {
        try JSONCoding.encoder.encode(value)
    }

    /// The input filing `values` with `form` makes, with acme's contract filled in.
    static func input(_ type: String, _ form: FilingForm, _ values: [(name: String, value: String)], by user: FormUser) throws -> Data {
        try acme.input(
            for: type, body: data(try form.json(from: values)), filedBy: user == .staff ? .staff : .customer, now: now,
            calendars: policy.calendars)
    }

    static let filings = types.flatMap { type in FormUser.allCases.map { (type, $0) } }

    @Test(arguments: filings)
    func aFilledInFilingIsAnInputItsTypeTakes(type: String, user: FormUser) throws {
        let definition = Self.definition(type)
        let form = try #require(definition.forms.filing(for: user))
        try definition.check(input: Self.input(type, form, Self.filledIn(form.fields), by: user))
        // Only what is required: the optional fields may be left blank, and the request is filed.
        let required = try Self.input(type, form, Self.filledIn(form.fields, everything: false), by: user)
        try definition.check(input: required)
        _ = try definition.start(input: required, context: Self.context(user))
    }

    /// Every event form and every task outcome form of `type`.
    static func eventForms(_ type: String) -> [EventForm] {
        let forms = definition(type).forms
        return forms.events + forms.tasks.flatMap(\.forms)
    }

    @Test(arguments: types)
    func everyFilledInEventFormIsAnEventItsTypeTakes(type: String) throws {
        let definition = Self.definition(type)
        for form in Self.eventForms(type) {
            for everything in [true, false] {
                let event = try form.json(from: Self.filledIn(form.fields, everything: everything))
                #expect(try definition.check(event: Self.data(event)) == form.event)
            }
        }
    }

    @Test(arguments: types)
    func everyEventAPersonSendsHasAFormForThoseTheTypeLetsSendIt(type: String) throws {
        let definition = Self.definition(type)
        let diagram = try #require(RequestTypes.diagrams.first { $0.type == type }?.diagram)
        let sent = Set(diagram.edges.map(\.event)).subtracting(["start"]).subtracting(definition.timerEvents)
        #expect(Set(Self.eventForms(type).map(\.event)) == sent)
        for form in Self.eventForms(type) where form.users.contains(.customer) {
            #expect(definition.customerEvents.contains(form.event), "\(form.event) is staff's")
        }
        for user in FormUser.allCases {
            let offered = definition.forms.events.filter { $0.users.contains(user) }.map(\.event)
            #expect(Set(offered).count == offered.count, "\(user) is offered one form per event: \(offered)")
        }
    }

    @Test func aStateOffersTheFormsOfTheEventsItsTableMoves() {
        let incident = Self.definition(IncidentWorkflow.type).forms
        #expect(
            incident.events(inState: "waiting_for_customer", for: .customer).map(\.title) == ["Reply", "Cancel the request"])
        #expect(incident.events(inState: "resolved", for: .customer).map(\.event) == ["confirm", "reopen", "cancel"])
        #expect(
            Self.definition(HealthCheckWorkflow.type).forms.events(inState: "scheduling", for: .staff).map(\.event) == [
                "proposeDate", "cancel",
            ])
    }

    @Test func aContactsIncidentComesThroughThePortalAndStaffSayHowTheyHeardOfIt() throws {
        let forms = Self.definition(IncidentWorkflow.type).forms
        let contact = try #require(forms.filing(for: .customer))
        #expect(try contact.json(from: Self.filledIn(contact.fields))["channel"] == .string("portal"))
        let staff = try #require(forms.filing(for: .staff))
        let error = try #require(throws: FormError.self) { try staff.json(from: Self.filledIn(staff.fields, ["channel": "portal"])) }
        #expect(error.field == "channel")
        guard case .wholeNumber(_, let meanings) = contact.fields.first(where: { $0.name == "severity" })?.kind else {
            Issue.record("severity is a whole number")
            return
        }
        #expect(meanings[1] == "Critical: first response within 30 minutes, round the clock")
        #expect(meanings[3] == "Medium: first response within 6 business hours")
    }

    // MARK: - Refusals name the form's inputs

    @Test func aHealthCheckDateTooSoonIsRefusedAtTheDateInput() throws {
        let definition = Self.definition(HealthCheckWorkflow.type)
        let forms = definition.forms
        let soon = "2026-12-01"
        let filing = try #require(forms.filing(for: .customer))
        let refused = try #require(throws: TransitionError.self) {
            try definition.start(
                input: Self.input(HealthCheckWorkflow.type, filing, [("proposedDate", soon)], by: .customer),
                context: Self.context(.customer))
        }
        #expect(refused.field == "proposedDate" && filing.fields.map(\.name) == ["proposedDate"])

        let scheduling = try definition.start(
            input: Self.input(HealthCheckWorkflow.type, filing, [], by: .customer), context: Self.context(.customer))
        let propose = try #require(forms.event("proposeDate", for: .customer))
        let error = try #require(throws: TransitionError.self) {
            try definition.decide(
                state: scheduling.state, event: Self.data(propose.json(from: [("date", soon)])), context: Self.context(.customer))
        }
        #expect(error.field == "date" && propose.fields.map(\.name) == ["date"])
        #expect(error.reason.contains("at least 14 days ahead: propose 2026-12-08 or later"))
    }

    @Test func aSeverityChangeToTheSameSeverityIsRefusedAtItsInput() throws {
        let definition = Self.definition(IncidentWorkflow.type)
        let filing = try #require(definition.forms.filing(for: .customer))
        let filed = try definition.start(
            input: Self.input(IncidentWorkflow.type, filing, Self.filledIn(filing.fields, ["severity": "2"]), by: .customer),
            context: Self.context(.customer))
        let change = try #require(definition.forms.event("changeSeverity", for: .staff))
        let error = try #require(throws: TransitionError.self) {
            try definition.decide(
                state: filed.state, event: Self.data(change.json(from: [("to", "2"), ("reason", "Mistyped")])),
                context: Self.context(.staff))
        }
        #expect(error.field == "to" && change.fields.contains { $0.name == "to" })
    }
}
