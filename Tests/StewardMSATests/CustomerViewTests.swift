import Foundation
import StewardCore
import StewardMSA
import Testing

/// What each request type shows a customer's contact of its state and history: their own request
/// and what they were told, never what staff wrote to each other.
@Suite struct MSACustomerViewTests {
    static func at(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func context(_ now: String, _ actor: Participant = .staff("sam")) -> WorkflowContext {
        WorkflowContext(now: at(now), workflowID: UUID(), customerID: "acme", actor: actor)
    }

    static func json(_ text: String) -> JSONValue {
        JSONValue(Data(text.utf8))
    }

    static func encoded<T: Encodable>(_ value: T) throws -> JSONValue {
        JSONValue(try JSONCoding.encoder.encode(value))
    }

    /// Every key anywhere in `value`.
    static func keys(in value: JSONValue) -> Set<String> {
        switch value {
        case .object(let object): Set(object.keys).union(object.values.flatMap { keys(in: $0) })
        case .array(let items): Set(items.flatMap { keys(in: $0) })
        case .string, .number, .bool, .null: []
        }
    }

    static func field(_ value: JSONValue, _ path: String...) -> JSONValue? {
        path.reduce(value) { value, key in
            guard case .object(let object)? = value else { return nil }
            return object[key]
        }
    }

    @Test func anIncidentShowsItsSummaryAndSeverityAndNotItsAssigneeOrPendingWarnings() throws {
        // As the engine registers it, so the view the API uses is the one tested.
        let incident = AnyWorkflow(CustomerUpdates(IncidentWorkflow()))
        let input = #"{"summary": "Scans stall", "severity": 2, "tier": "enterprise", "channel": "api", "supportCalendar": "24x7"}"#
        let filed = try incident.start(input: Data(input.utf8), context: Self.context("2026-03-13T16:00:00Z"))
        let assigned = try incident.decide(
            state: filed.state, event: Data(#"{"assign": {"to": "sam"}}"#.utf8), context: Self.context("2026-03-13T16:05:00Z"))
        let stored = JSONValue(assigned.state)
        #expect(Self.field(stored, "new", "incident", "assignee") == .string("sam"))

        let shown = incident.customerView.state(stored)
        #expect(Self.field(shown, "new", "incident", "summary") == .string("Scans stall"))
        #expect(Self.field(shown, "new", "incident", "severity") == .number(2))
        #expect(Self.field(shown, "new", "incident", "clock", "target", "dueAt") != nil)
        #expect(Self.keys(in: shown).isDisjoint(with: ["assignee", "pendingWarnings", "warnings", "responseTime", "openCall"]))

        let note = incident.customerView.payload(Self.json(#"{"assign": {"to": "sam"}}"#), ofEvent: "assign")
        #expect(note == Self.json(#"{"assign": {}}"#))
        let answer = incident.customerView.payload(Self.json(#"{"respond": {"message": "On it"}}"#), ofEvent: "respond")
        #expect(answer == Self.json(#"{"respond": {"message": "On it"}}"#))
    }

    static let request = PrivatePatchWorkflow.Request(
        product: "endpoint-security", version: "11.0", description: "Driver conflict",
        requestedOn: LocalDate("2026-03-02")!, endOfSupport: LocalDate("2027-06-30")!
    )
    static let requestJSON =
        #"{"product": "endpoint-security", "version": "11.0", "description": "Driver conflict", "requestedOn": "2026-03-02", "endOfSupport": "2027-06-30"}"#

    @Test func aPrivatePatchShowsItsProductAndDownloadAndNotItsBuildOrQANotes() throws {
        let patch = AnyWorkflow(CustomerUpdates(PrivatePatchWorkflow(lifecycle: ProductLifecycle(products: [:]))))
        let view = patch.customerView
        typealias State = PrivatePatchWorkflow.State
        let inQA = try Self.encoded(State.inQA(request: Self.request, round: 1, build: "11.0.3-p1"))
        #expect(view.state(inQA) == Self.json(#"{"inQA": {"request": \#(Self.requestJSON)}}"#))
        let failed = try Self.encoded(State.inDevelopment(request: Self.request, round: 2, qaNotes: "Crashes on ARM"))
        #expect(view.state(failed) == Self.json(#"{"inDevelopment": {"request": \#(Self.requestJSON)}}"#))
        let artifact = "https://patches.example.com/acme/pp1.zip"
        let delivered = try Self.encoded(State.delivered(request: Self.request, build: "11.0.3-p1", artifact: artifact))
        #expect(view.state(delivered) == Self.json(#"{"delivered": {"request": \#(Self.requestJSON), "artifact": "\#(artifact)"}}"#))
        let accepted = PrivatePatchWorkflow.LicenseAcceptance(acceptedBy: "staff:erin", acceptedAt: Self.at("2026-03-14T08:30:00Z"))
        let awaiting = try Self.encoded(
            State.awaitingLicenseAcceptance(request: Self.request, build: "11.0.3-p1", reminders: 1, license: accepted))
        #expect(Self.field(view.state(awaiting), "awaitingLicenseAcceptance", "license", "acceptedAt") != nil)
        #expect(Self.keys(in: view.state(awaiting)).isDisjoint(with: ["build", "reminders", "acceptedBy"]))

        #expect(
            view.payload(Self.json(#"{"qaFailed": {"notes": "Crashes on ARM"}}"#), ofEvent: "qaFailed") == Self.json(#"{"qaFailed": {}}"#))
        #expect(
            view.payload(Self.json(#"{"submitForQA": {"build": "11.0.3-p1"}}"#), ofEvent: "submitForQA")
                == Self.json(#"{"submitForQA": {}}"#))
        #expect(
            view.payload(Self.json(#"{"deliver": {"artifact": "\#(artifact)"}}"#), ofEvent: "deliver")
                == Self.json(#"{"deliver": {"artifact": "\#(artifact)"}}"#))
    }

    @Test func anAVDatabaseReleaseShowsTheSampleAndReleaseAndNothingItDoesNotList() throws {
        let release = AnyWorkflow(CustomerUpdates(AVDatabaseReleaseWorkflow())).customerView
        let input = AVDatabaseReleaseWorkflow.Input(kind: .falsePositive, sampleReference: "sha256:ab12", description: "Clean tool flagged")
        let published = try Self.encoded(AVDatabaseReleaseWorkflow.State.awaitingConfirmation(request: input, urgentReleaseID: "UR-7"))
        #expect(release.state(published) == published)
        // A field the lab adds to its state later (an analyst, a lab ticket) is not the customer's until listed.
        let later = Self.json(
            #"{"analysis": {"request": {"kind": "falsePositive", "sampleReference": "sha256:ab12", "description": "d", "analyst": "vera"}, "labTicket": "VL-1"}}"#
        )
        #expect(
            release.state(later)
                == Self.json(#"{"analysis": {"request": {"kind": "falsePositive", "sampleReference": "sha256:ab12", "description": "d"}}}"#)
        )
        #expect(
            release.payload(Self.json(#"{"release": {"urgentReleaseID": "UR-7"}}"#), ofEvent: "release") != Self.json(#"{"release": {}}"#))
    }

    @Test func aHealthCheckShowsItsDatesAndFindingsAndNotWhoProposedOrTheServersFields() throws {
        let check = AnyWorkflow(CustomerUpdates(HealthCheckWorkflow(calendars: [:]))).customerView
        typealias State = HealthCheckWorkflow.State
        let request = HealthCheckWorkflow.Request(calendar: "support-berlin", contractStart: LocalDate("2025-06-15")!, proposals: 1)
        let proposal = HealthCheckWorkflow.Proposal(
            date: LocalDate("2026-03-17")!, proposedBy: "staff:tom", proposedAt: Self.at("2026-03-03T10:00:00Z"))
        let scheduling = check.state(try Self.encoded(State.scheduling(request: request, proposal: proposal)))
        #expect(Self.field(scheduling, "scheduling", "proposal", "date") == .string("2026-03-17"))
        #expect(Self.keys(in: scheduling).isDisjoint(with: ["proposedBy", "request", "calendar", "contractStart"]))
        let finding = HealthCheckWorkflow.ChecklistItem(finding: "Old engine", severity: .high, recommendation: "Upgrade")
        let delivered = check.state(
            try Self.encoded(State.delivered(request: request, date: LocalDate("2026-03-17")!, checklist: [finding])))
        #expect(
            delivered
                == Self.json(
                    #"{"delivered": {"date": "2026-03-17", "checklist": [{"finding": "Old engine", "severity": "high", "recommendation": "Upgrade"}]}}"#
                ))
        let filed = check.payload(
            Self.json(
                #"{"calendar": "support-berlin", "contractStart": "2025-06-15", "bookedDates": ["2025-09-01"], "proposedDate": "2026-03-17"}"#
            ),
            ofEvent: "start")
        #expect(filed == Self.json(#"{"proposedDate": "2026-03-17"}"#))
    }
}
