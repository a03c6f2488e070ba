import Foundation
import StewardCore
import Testing

@testable import StewardMSA

// The request types as the engine runs them (MSAPolicy.registry(), each in CustomerUpdates): every
// notification a transition emits names a catalogued kind and only that kind's fields, so a change
// that sends an uncatalogued field (one no template may name) fails here. The customer's contacts
// hear of the filing and of each move they see, once per step.
// Monday 2026-11-02 10:00 Berlin (CET) is 09:00Z; 2026-12-15 is a Tuesday.

private func instant(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

@Suite struct CustomerUpdatesTests {
    /// One event of a main path: its JSON, when it happens and who sends it.
    struct Step {
        let event: String
        let at: String
        let actor: Participant

        init(_ event: String, at: String, by actor: Participant = .staff("sam")) {
            self.event = event
            self.at = at
            self.actor = actor
        }
    }

    let registry: WorkflowRegistry

    init() throws {
        registry = try MSAPolicy.load(from: EventAudienceTests.workflows).registry()
    }

    static func context(_ now: String, _ actor: Participant) -> WorkflowContext {
        WorkflowContext(
            now: instant(now),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-00000000c0de")!,
            customerID: "acme",
            actor: actor
        )
    }

    /// Files `input` at `filedAt` and sends every step in turn; the filing first, then each transition.
    func walk(_ type: String, input: String, filedAt: String, _ steps: [Step]) throws -> [RecordedTransition] {
        let workflow = try registry.definition(for: type)
        var transitions = [try workflow.start(input: Data(input.utf8), context: Self.context(filedAt, .customer("carla")))]
        for step in steps {
            let state = transitions[transitions.count - 1].state
            transitions.append(try workflow.decide(state: state, event: Data(step.event.utf8), context: Self.context(step.at, step.actor)))
        }
        return transitions
    }

    static func notifications(of transition: RecordedTransition) -> [StewardCore.Notification] {
        transition.effects.compactMap {
            guard case .notify(let notification) = $0 else { return nil }
            return notification
        }
    }

    /// Every notification names a kind of the catalogue and only fields that kind lists, with a
    /// dedup key of its own within the workflow (per recipient), and no transition tells the
    /// customer's contacts twice.
    static func expectCatalogued(_ transitions: [RecordedTransition], sourceLocation: SourceLocation = #_sourceLocation) {
        var keys: Set<String> = []
        for transition in transitions {
            let notifications = notifications(of: transition)
            for notification in notifications {
                guard let kind = NotificationKind.byName[notification.template] else {
                    Issue.record(
                        "\(transition.event) sends '\(notification.template)', which the catalogue lacks", sourceLocation: sourceLocation)
                    continue
                }
                let extra = Set(notification.fields.keys).subtracting(kind.fields)
                #expect(
                    extra.isEmpty, "\(transition.event) sends \(kind.name) with uncatalogued fields \(extra.sorted())",
                    sourceLocation: sourceLocation)
                #expect(
                    keys.insert("\(notification.recipient) \(notification.dedupKey)").inserted,
                    "\(transition.event) reuses dedup key \(notification.dedupKey) for \(notification.recipient)",
                    sourceLocation: sourceLocation)
            }
            let toCustomer = notifications.filter { $0.recipient == .customerContacts }.map(\.template)
            let expected = transition.event == "start" ? 2 : 1
            #expect(toCustomer.count <= expected, "\(transition.event) tells the customer \(toCustomer)", sourceLocation: sourceLocation)
        }
    }

    /// The events whose transition sent `state-changed`, with its from and to.
    static func stateChanges(_ transitions: [RecordedTransition]) -> [String] {
        transitions.flatMap { transition in
            notifications(of: transition).filter { $0.template == "state-changed" }.map { notice -> String in
                #expect(notice.recipient == .customerContacts)
                return "\(notice.fields["event"] ?? "?"): \(notice.fields["from"] ?? "?") -> \(notice.fields["to"] ?? "?")"
            }
        }
    }

    static func receipt(_ transitions: [RecordedTransition]) -> StewardCore.Notification? {
        notifications(of: transitions[0]).first { $0.template == "request-received" }
    }

    // MARK: The main paths

    @Test func anIncidentTellsItsReceiptItsMovesAndEscalatesItsBreach() throws {
        let input =
            #"{"summary": "Console down", "severity": 1, "tier": "enterprise", "channel": "portal", "supportCalendar": "berlin-support"}"#
        let transitions = try walk(
            IncidentWorkflow.type, input: input, filedAt: "2026-11-02T09:00:00Z",
            [
                Step(#"{"slaWarningDue": {"fraction": 0.5}}"#, at: "2026-11-02T09:15:00Z", by: .system),
                Step(#"{"slaBreachDue": {}}"#, at: "2026-11-02T09:30:00Z", by: .system),
                Step(#"{"addInternalNote": {"text": "Engine 12.4"}}"#, at: "2026-11-02T09:35:00Z"),
                Step(#"{"respond": {"message": "On it"}}"#, at: "2026-11-02T09:40:00Z"),
                Step(#"{"requestInfo": {"message": "Which version?"}}"#, at: "2026-11-02T10:00:00Z"),
                Step(#"{"customerReplied": {"message": "12.4"}}"#, at: "2026-11-02T11:00:00Z", by: .customer("carla")),
                Step(#"{"requestInfo": {"message": "And the logs?"}}"#, at: "2026-11-02T12:00:00Z"),
                Step(#"{"customerReplied": {"message": "Attached"}}"#, at: "2026-11-02T13:00:00Z", by: .customer("carla")),
                Step(#"{"dailyReportDue": {}}"#, at: "2026-11-03T09:00:00Z", by: .system),
                Step(#"{"resolve": {"summary": "Restarted the service"}}"#, at: "2026-11-03T10:00:00Z"),
                Step(#"{"confirm": {}}"#, at: "2026-11-03T11:00:00Z", by: .customer("carla")),
            ])
        Self.expectCatalogued(transitions)
        #expect(transitions.last?.stateName == "closed")

        let receipt = try #require(Self.receipt(transitions))
        #expect(receipt.recipient == .customerContacts && receipt.dedupKey == "request-received")
        #expect(receipt.fields == ["summary": "Console down", "severity": "1 (critical)", "targetAt": "2026-11-02T09:30:00Z"])

        #expect(
            Self.stateChanges(transitions) == [
                "respond: new -> in_progress",
                "requestInfo: in_progress -> waiting_for_customer",
                "customerReplied: waiting_for_customer -> in_progress",
                "requestInfo: in_progress -> waiting_for_customer",
                "customerReplied: waiting_for_customer -> in_progress",
                "resolve: in_progress -> resolved",
                "confirm: resolved -> closed",
            ])
        let responded = try #require(Self.notifications(of: transitions[4]).first { $0.template == "state-changed" })
        #expect(responded.fields["summary"] == "Console down")

        // The breach goes to the TAM-or-duty-manager and, escalated, to the duty managers, alike.
        let breach = Self.notifications(of: transitions[2])
        #expect(breach.map(\.template) == ["sla-breach", "sla-escalation"])
        #expect(breach.map(\.recipient) == [.tamOrDutyManager, .group(Directory.dutyManagers)])
        #expect(breach[0].fields == breach[1].fields && breach[0].dedupKey != breach[1].dedupKey)
        #expect(breach[1].fields == ["summary": "Console down", "severity": "1 (critical)", "breachedAt": "2026-11-02T09:30:00Z"])
    }

    @Test func aPrivatePatchIsNotToldTwiceWhereItsOwnNoticeTellsTheCustomer() throws {
        let input = #"{"product": "endpoint-security", "version": "11.0", "description": "Crash on scan", "requestedOn": "2026-11-02"}"#
        let transitions = try walk(
            PrivatePatchWorkflow.type, input: input, filedAt: "2026-11-02T09:00:00Z",
            [
                Step(#"{"submitForQA": {"build": "11.0.4-p1"}}"#, at: "2026-11-03T09:00:00Z"),
                Step(#"{"qaFailed": {"notes": "Still crashes"}}"#, at: "2026-11-04T09:00:00Z"),
                Step(#"{"submitForQA": {"build": "11.0.4-p2"}}"#, at: "2026-11-05T09:00:00Z"),
                Step(#"{"qaPassed": {}}"#, at: "2026-11-06T09:00:00Z"),
                Step(#"{"licenseReminderDue": {}}"#, at: "2026-11-09T09:00:00Z", by: .system),
                Step(#"{"acceptLicense": {}}"#, at: "2026-11-09T10:00:00Z", by: .customer("carla")),
                Step(#"{"deliver": {"artifact": "dl-77"}}"#, at: "2026-11-09T11:00:00Z"),
                Step(#"{"confirm": {}}"#, at: "2026-11-10T09:00:00Z", by: .customer("carla")),
            ])
        Self.expectCatalogued(transitions)
        #expect(Self.receipt(transitions)?.fields == ["summary": "endpoint-security 11.0"])
        // qaPassed asks for the licence and deliver delivers: their own notices tell the customer.
        #expect(
            Self.stateChanges(transitions) == [
                "submitForQA: in_development -> in_qa",
                "qaFailed: in_qa -> in_development",
                "submitForQA: in_development -> in_qa",
                "confirm: delivered -> closed",
            ])
    }

    @Test func aRejectedPrivatePatchIsReceivedAndRejectedWithoutAStateChange() throws {
        let input = #"{"product": "endpoint-security", "version": "10.1", "description": "Crash on scan", "requestedOn": "2026-11-02"}"#
        let transitions = try walk(PrivatePatchWorkflow.type, input: input, filedAt: "2026-11-02T09:00:00Z", [])
        Self.expectCatalogued(transitions)
        #expect(transitions[0].stateName == "rejected")
        #expect(Self.receipt(transitions)?.fields == ["summary": "endpoint-security 10.1"])
        #expect(Self.stateChanges(transitions).isEmpty)
    }

    @Test func anAntivirusReleaseTellsEachStepOnce() throws {
        let input = #"{"kind": "falsePositive", "sampleReference": "upload-42", "description": "Flags our ERP client"}"#
        let transitions = try walk(
            AVDatabaseReleaseWorkflow.type, input: input, filedAt: "2026-11-02T09:00:00Z",
            [
                Step(#"{"approveRelease": {}}"#, at: "2026-11-02T10:00:00Z"),
                Step(#"{"release": {"urgentReleaseID": "urgent-9"}}"#, at: "2026-11-02T12:00:00Z"),
                Step(#"{"publish": {}}"#, at: "2026-11-02T12:00:00Z", by: .system),
                Step(#"{"confirm": {}}"#, at: "2026-11-03T09:00:00Z", by: .customer("carla")),
            ])
        Self.expectCatalogued(transitions)
        #expect(Self.receipt(transitions)?.fields == ["summary": "falsePositive sample upload-42"])
        // publish sends av-release-published to the customer instead.
        #expect(
            Self.stateChanges(transitions) == [
                "approveRelease: analysis -> release_preparation",
                "release: release_preparation -> released",
                "confirm: awaiting_confirmation -> closed",
            ])
    }

    @Test func aHealthCheckTellsTheMovesItsOwnNoticesDoNot() throws {
        let input = #"{"calendar": "berlin-support", "contractStart": "2025-01-15", "proposedDate": "2026-12-15"}"#
        let transitions = try walk(
            HealthCheckWorkflow.type, input: input, filedAt: "2026-11-02T09:00:00Z",
            [
                Step(#"{"confirmDate": {}}"#, at: "2026-11-03T09:00:00Z", by: .customer("carla")),
                Step(#"{"reschedule": {"date": "2026-12-16"}}"#, at: "2026-11-04T09:00:00Z", by: .customer("carla")),
                Step(#"{"confirmDate": {}}"#, at: "2026-11-05T09:00:00Z", by: .customer("carla")),
                Step(#"{"startDue": {}}"#, at: "2026-12-16T08:00:00Z", by: .system),
                Step(#"{"finishAssessment": {}}"#, at: "2026-12-16T16:00:00Z"),
                Step(
                    #"{"deliver": {"checklist": [{"finding": "Old engine", "severity": "high", "recommendation": "Update"}]}}"#,
                    at: "2026-12-17T09:00:00Z"),
                Step(#"{"confirm": {}}"#, at: "2026-12-18T09:00:00Z", by: .customer("carla")),
            ])
        Self.expectCatalogued(transitions)
        // The contract started 2025-01-15, so the proposed date falls in the year from 2026-01-15.
        #expect(Self.receipt(transitions)?.fields == ["summary": "Health check of the contract year from 2026-01-15"])
        // confirmDate, reschedule and deliver send the customer their own notices.
        #expect(
            Self.stateChanges(transitions) == [
                "startDue: scheduled -> in_progress",
                "finishAssessment: in_progress -> reporting",
                "confirm: delivered -> closed",
            ])
    }

    @Test func aCancellationIsToldWithTheSummaryOfWhatWasCancelled() throws {
        let input = #"{"calendar": "berlin-support", "contractStart": "2026-01-15"}"#
        let transitions = try walk(
            HealthCheckWorkflow.type, input: input, filedAt: "2026-11-02T09:00:00Z",
            [Step(#"{"cancel": {"reason": "Merger"}}"#, at: "2026-11-03T09:00:00Z", by: .customer("carla"))])
        Self.expectCatalogued(transitions)
        let cancelled = try #require(Self.notifications(of: transitions[1]).first { $0.template == "state-changed" })
        #expect(
            cancelled.fields == [
                "summary": "Health check of the contract year from 2026-01-15", "from": "scheduling", "to": "cancelled", "event": "cancel",
            ])
    }

    // MARK: Every reachable transition

    /// Beyond the main paths: every transition the audience tests' walk reaches (every sample event
    /// sent to every state, several events deep) sends only catalogued kinds and fields.
    @Test(arguments: EventAudienceTests.samples)
    func everyReachableNotificationIsCatalogued(_ sample: EventAudienceTests.Sample) throws {
        let checked = try EventAudienceTests().explore(sample).transitions.flatMap(Self.notifications(of:))
        #expect(!checked.isEmpty)
        for notification in checked {
            let kind = try #require(NotificationKind.byName[notification.template], "'\(notification.template)' is not catalogued")
            #expect(Set(notification.fields.keys).isSubset(of: kind.fields), "\(kind.name) sends \(notification.fields.keys.sorted())")
        }
    }

    // MARK: The decorator changes nothing else

    @Test func theDecoratedTypesKeepTheirNamesAudiencesAndDiagrams() throws {
        func expectSame<W: CustomerUpdated>(_: W.Type) throws {
            typealias Decorated = CustomerUpdates<W>
            #expect(Decorated.type == W.type)
            #expect(Decorated.customerEvents == W.customerEvents)
            #expect(Decorated.timerEvents == W.timerEvents)
            #expect(Decorated.slaBreachEvents == W.slaBreachEvents)
            #expect(Decorated.staffOnlyEvents == W.staffOnlyEvents)
            #expect(Decorated.diagram == W.diagram)
            let registered = try registry.definition(for: W.type)
            #expect(registered.customerEvents == W.customerEvents && registered.timerEvents == W.timerEvents)
            #expect(registered.slaBreachEvents == W.slaBreachEvents && registered.staffOnlyEvents == W.staffOnlyEvents)
        }
        try expectSame(IncidentWorkflow.self)
        try expectSame(PrivatePatchWorkflow.self)
        try expectSame(AVDatabaseReleaseWorkflow.self)
        try expectSame(HealthCheckWorkflow.self)
    }
}
