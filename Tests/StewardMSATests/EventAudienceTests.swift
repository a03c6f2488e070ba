import Foundation
import StewardCore
import Testing

@testable import StewardMSA

// Who may send which event is decided by name (RequestRoutes.authorise): a misspelt name in an
// audience set would silently let nobody, or everybody, send it. These tests tie the sets to the
// names each workflow really has: its diagram's edges, and the events it decodes and schedules.
// Instants are UTC; Monday 2026-11-02 10:00 Berlin (CET) is 09:00Z, and 2026-12-15 is a Tuesday.

/// A constant instant of this file; the strings are literals, so `try!`.
private func instant(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

@Suite struct EventAudienceTests {
    /// One request type with a sample of every event it has, as the API receives them.
    struct Sample: Sendable, CustomTestStringConvertible {
        let type: String
        let diagram: StateDiagram
        /// An input that starts the workflow in a state that is not terminal.
        let input: String
        /// One JSON event of each kind, in the shape the API takes.
        let events: [String]
        /// How many events deep ``explore`` goes from the start to reach every timer.
        let depth: Int

        var testDescription: String { type }
    }

    static let samples: [Sample] = [
        Sample(
            type: IncidentWorkflow.type,
            diagram: IncidentWorkflow.diagram,
            input:
                #"{"summary": "Console down", "severity": 1, "tier": "enterprise", "channel": "portal", "supportCalendar": "berlin-support"}"#,
            events: [
                #"{"respond": {"message": "On it"}}"#,
                #"{"addInternalNote": {"text": "Engine 12.4"}}"#,
                #"{"acknowledge": {}}"#,
                #"{"assign": {"to": "sam"}}"#,
                #"{"requestInfo": {"message": "Which version?"}}"#,
                #"{"customerReplied": {"message": "12.4"}}"#,
                #"{"resolve": {"summary": "Restarted the service"}}"#,
                #"{"confirm": {}}"#,
                #"{"reopen": {"reason": "Down again"}}"#,
                #"{"changeSeverity": {"to": 2, "reason": "Workaround found"}}"#,
                #"{"cancel": {"reason": "Filed twice"}}"#,
                #"{"slaWarningDue": {"fraction": 0.5}}"#,
                #"{"slaBreachDue": {}}"#,
                #"{"dailyReportDue": {}}"#,
                #"{"autoCloseDue": {}}"#,
                #"{"dailyReportCallDone": {"notes": "Called Carla"}}"#,
            ],
            depth: 3
        ),
        Sample(
            type: PrivatePatchWorkflow.type,
            diagram: PrivatePatchWorkflow.diagram,
            input: #"{"product": "endpoint-security", "version": "11.0", "description": "Crash on scan", "requestedOn": "2026-11-02"}"#,
            events: [
                #"{"submitForQA": {"build": "11.0.4-p1"}}"#,
                #"{"qaFailed": {"notes": "Still crashes"}}"#,
                #"{"qaPassed": {}}"#,
                #"{"licenseReminderDue": {}}"#,
                #"{"acceptLicense": {}}"#,
                #"{"deliver": {"artifact": "dl-77"}}"#,
                #"{"confirm": {}}"#,
                #"{"autoCloseDue": {}}"#,
                #"{"cancel": {"reason": "Upgraded instead"}}"#,
            ],
            depth: 5
        ),
        Sample(
            type: AVDatabaseReleaseWorkflow.type,
            diagram: AVDatabaseReleaseWorkflow.diagram,
            input: #"{"kind": "falsePositive", "sampleReference": "upload-42", "description": "Flags our ERP client"}"#,
            events: [
                #"{"reject": {"reason": "Detection is correct"}}"#,
                #"{"approveRelease": {}}"#,
                #"{"release": {"urgentReleaseID": "urgent-9"}}"#,
                #"{"publish": {}}"#,
                #"{"confirm": {}}"#,
                #"{"autoCloseDue": {}}"#,
                #"{"cancel": {"reason": "Not needed"}}"#,
            ],
            depth: 4
        ),
        Sample(
            type: HealthCheckWorkflow.type,
            diagram: HealthCheckWorkflow.diagram,
            input: #"{"calendar": "berlin-support", "contractStart": "2026-01-15", "proposedDate": "2026-12-15"}"#,
            events: [
                #"{"proposeDate": {"date": "2026-12-16"}}"#,
                #"{"confirmDate": {}}"#,
                #"{"startDue": {}}"#,
                #"{"finishAssessment": {}}"#,
                #"{"deliver": {"checklist": [{"finding": "Old engine", "severity": "high", "recommendation": "Update"}]}}"#,
                #"{"confirm": {}}"#,
                #"{"autoCloseDue": {}}"#,
                #"{"reschedule": {"date": "2026-12-17"}}"#,
                #"{"cancel": {"reason": "Merger"}}"#,
            ],
            depth: 5
        ),
    ]

    /// The repository's own workflows/ folder.
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")

    let registry: WorkflowRegistry

    init() throws {
        registry = try MSAPolicy.load(from: Self.workflows).registry()
    }

    static func context(_ now: String = "2026-11-02T09:00:00Z", _ actor: Participant = .staff("sam")) -> WorkflowContext {
        WorkflowContext(
            now: instant(now),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-0000000a0d1e")!,
            customerID: "acme",
            actor: actor
        )
    }

    /// The names of a diagram's events, without the `start` of filing.
    static func eventNames(of diagram: StateDiagram) -> Set<String> {
        Set(diagram.edges.map(\.event)).subtracting(["start"])
    }

    /// What a walk through a workflow saw: the events some state accepted, those scheduled as
    /// timers, and every transition made (the start first).
    struct Exploration {
        var accepted: Set<String> = []
        var scheduledAsTimers: Set<String> = []
        var transitions: [RecordedTransition] = []
    }

    /// Starts `sample` and sends every sample event to every state reached, `depth` events deep.
    func explore(_ sample: Sample) throws -> Exploration {
        let workflow = try registry.definition(for: sample.type)
        var result = Exploration()
        func record(_ transition: RecordedTransition) {
            result.transitions.append(transition)
            for case .scheduleTimer(_, _, let event) in transition.effects {
                result.scheduledAsTimers.insert(workflow.eventName(of: event) ?? "(undecodable timer event)")
            }
        }
        let first = try workflow.start(input: Data(sample.input.utf8), context: Self.context())
        record(first)
        var seen: Set<Data> = [first.state]
        var frontier = [first]
        for _ in 0..<sample.depth {
            var next: [RecordedTransition] = []
            for transition in frontier where !transition.isTerminal {
                for event in sample.events {
                    guard
                        let moved = try? workflow.decide(
                            state: transition.state,
                            event: Data(event.utf8),
                            context: Self.context()
                        )
                    else { continue }
                    result.accepted.insert(moved.event)
                    record(moved)
                    if seen.insert(moved.state).inserted { next.append(moved) }
                }
            }
            frontier = next
        }
        return result
    }

    // MARK: Names

    @Test(arguments: samples)
    func theSampleEventsAreExactlyTheDiagramsEvents(sample: Sample) throws {
        let workflow = try registry.definition(for: sample.type)
        var names: [String] = []
        for event in sample.events {
            names.append(try workflow.check(event: Data(event.utf8)))
        }
        #expect(names.count == Set(names).count, "one sample per event")
        #expect(Set(names) == Self.eventNames(of: sample.diagram))
    }

    @Test(arguments: samples)
    func everyAudienceNamesRealEvents(sample: Sample) throws {
        let workflow = try registry.definition(for: sample.type)
        let names = Self.eventNames(of: sample.diagram)
        #expect(workflow.customerEvents.isSubset(of: names), "customer: \(workflow.customerEvents.subtracting(names).sorted())")
        #expect(workflow.timerEvents.isSubset(of: names), "timer: \(workflow.timerEvents.subtracting(names).sorted())")
        #expect(workflow.slaBreachEvents.isSubset(of: names), "SLA breach: \(workflow.slaBreachEvents.subtracting(names).sorted())")
        #expect(workflow.staffOnlyEvents.isSubset(of: names), "staff only: \(workflow.staffOnlyEvents.subtracting(names).sorted())")
    }

    @Test(arguments: samples)
    func noCustomersEventIsATimersOrHiddenFromThem(sample: Sample) throws {
        let workflow = try registry.definition(for: sample.type)
        #expect(workflow.customerEvents.isDisjoint(with: workflow.timerEvents))
        #expect(workflow.customerEvents.isDisjoint(with: workflow.staffOnlyEvents))
    }

    @Test(arguments: samples)
    func everyCustomerMayCancel(sample: Sample) throws {
        #expect(try registry.definition(for: sample.type).customerEvents.contains("cancel"))
    }

    @Test func theAudiencesAreTheOnesTheREADMEPromises() throws {
        #expect(try registry.definition(for: "incident").customerEvents == ["customerReplied", "confirm", "reopen", "cancel"])
        #expect(try registry.definition(for: "incident").staffOnlyEvents == ["addInternalNote"])
        #expect(try registry.definition(for: "private-patch").customerEvents == ["acceptLicense", "confirm", "cancel"])
        #expect(try registry.definition(for: "av-database-release").customerEvents == ["confirm", "cancel"])
        #expect(
            try registry.definition(for: "health-check").customerEvents == [
                "proposeDate", "confirmDate", "reschedule", "confirm", "cancel",
            ]
        )
    }

    // MARK: Timers

    @Test(arguments: samples)
    func theTimerEventsAreExactlyTheOnesScheduled(sample: Sample) throws {
        let exploration = try explore(sample)
        let workflow = try registry.definition(for: sample.type)
        #expect(exploration.scheduledAsTimers == workflow.timerEvents)
        // The walk reached every event of the diagram, so nothing that schedules a timer was missed.
        #expect(exploration.accepted == Self.eventNames(of: sample.diagram))
    }

    // MARK: SLA breaches

    @Test func theBreachTimerRecordsABreach() throws {
        // Severity 1 filed 09:00Z, due 09:30Z.
        let incidents = try registry.definition(for: "incident")
        let filed = try incidents.start(input: Data(Self.samples[0].input.utf8), context: Self.context())
        let breached = try incidents.decide(
            state: filed.state,
            event: Data(#"{"slaBreachDue": {}}"#.utf8),
            context: Self.context("2026-11-02T09:30:00Z", .system)
        )
        #expect(incidents.slaBreachEvents.contains(breached.event))
        #expect(incidents.slaStatus(state: filed.state, at: instant("2026-11-02T09:30:00Z"))?.breachedAt == nil)
        #expect(
            incidents.slaStatus(state: breached.state, at: instant("2026-11-02T09:30:00Z"))?.breachedAt == instant("2026-11-02T09:30:00Z"))
    }

    struct BreachRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let input: String
        let event: String
        let at: String
    }

    static let breachRows: [BreachRow] = [
        // Severity 3 filed Mon 10:00 Berlin (09:00Z); raised to 1 at 10:00Z, when its 30 minutes from
        // receipt (09:30Z) are already past: the breach is recorded at once and no breach timer follows.
        BreachRow(
            testDescription: "a severity raised past its new target",
            input: #"{"summary": "s", "severity": 3, "tier": "enterprise", "channel": "portal", "supportCalendar": "berlin-support"}"#,
            event: #"{"changeSeverity": {"to": 1, "reason": "Whole site down"}}"#,
            at: "2026-11-02T10:00:00Z"
        ),
        // Severity 1 filed 09:00Z, due 09:30Z, answered 09:45Z before a lagging worker applied the breach timer.
        BreachRow(
            testDescription: "a late first response before the breach timer",
            input: #"{"summary": "s", "severity": 1, "tier": "enterprise", "channel": "portal", "supportCalendar": "berlin-support"}"#,
            event: #"{"respond": {"message": "Sorry for the wait"}}"#,
            at: "2026-11-02T09:45:00Z"
        ),
    ]

    /// Workflow.slaBreachEvents: "The events whose transition records an SLA breach; counted in the
    /// metrics." The engine counts `steward_sla_breaches_total` only for these events.
    @Test(arguments: breachRows)
    func everyEventThatRecordsABreachIsABreachEvent(row: BreachRow) throws {
        let incidents = try registry.definition(for: "incident")
        let filed = try incidents.start(input: Data(row.input.utf8), context: Self.context())
        let moved = try incidents.decide(state: filed.state, event: Data(row.event.utf8), context: Self.context(row.at))
        let before = incidents.slaStatus(state: filed.state, at: instant(row.at))?.breachedAt
        let after = incidents.slaStatus(state: moved.state, at: instant(row.at))?.breachedAt
        #expect(before == nil && after != nil, "the event records the breach")
        #expect(incidents.slaBreachEvents.contains(moved.event), "'\(moved.event)' recorded a breach the metrics do not count")
    }

    // MARK: Health-check events from outside

    @Test(arguments: ["proposeDate", "reschedule"])
    func aDateEventWithoutBookingsDecodesWithNone(name: String) throws {
        let json = Data(#"{"\#(name)": {"date": "2026-12-15"}}"#.utf8)
        let event = try JSONCoding.decoder.decode(HealthCheckWorkflow.Event.self, from: json)
        let date = LocalDate("2026-12-15")!
        #expect(event == (name == "proposeDate" ? .proposeDate(date: date, bookedDates: []) : .reschedule(date: date, bookedDates: [])))
        #expect(try registry.definition(for: "health-check").check(event: json) == name)
    }

    @Test func aDateEventWithBookingsKeepsThem() throws {
        let json = Data(#"{"proposeDate": {"date": "2026-12-15", "bookedDates": ["2026-03-03"]}}"#.utf8)
        let event = try JSONCoding.decoder.decode(HealthCheckWorkflow.Event.self, from: json)
        #expect(event == .proposeDate(date: LocalDate("2026-12-15")!, bookedDates: [LocalDate("2026-03-03")!]))
    }

    @Test func aDateEventWithoutADateIsRefusedNamingIt() throws {
        let error = try #require(throws: TransitionError.self) {
            try registry.definition(for: "health-check").check(event: Data(#"{"proposeDate": {}}"#.utf8))
        }
        #expect(error.code == .undecodable)
        #expect(error.field == "proposeDate.date")
    }

    @Test(arguments: [#"{"confirmDate": {}, "cancel": {"reason": "x"}}"#, "{}", #"{"book": {}}"#])
    func anEventMustBeOneKnownName(text: String) throws {
        let error = try #require(throws: TransitionError.self) {
            try registry.definition(for: "health-check").check(event: Data(text.utf8))
        }
        #expect(error.code == .undecodable)
        #expect(error.reason.contains("one key"))
    }

    @Test func anUnknownFieldInADateEventIsRefused() throws {
        let error = try #require(throws: TransitionError.self) {
            try registry.definition(for: "health-check").check(
                event: Data(#"{"proposeDate": {"date": "2026-12-15", "time": "09:00"}}"#.utf8))
        }
        #expect(error.field == "proposeDate.time")
    }
}
