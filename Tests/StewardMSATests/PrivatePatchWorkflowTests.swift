import Foundation
import StewardCore
import StewardMSA
import Testing

@Suite struct PrivatePatchWorkflowTests {
    typealias State = PrivatePatchWorkflow.State
    typealias Event = PrivatePatchWorkflow.Event
    typealias Input = PrivatePatchWorkflow.Input

    /// endpoint-security 10.0 ended on 31 December 2025, 10.1 on 28 February 2026; 11.0 runs to mid-2027.
    static let lifecycle = ProductLifecycle(products: [
        "endpoint-security": [
            "10.0": LocalDate("2025-12-31")!,
            "10.1": LocalDate("2026-02-28")!,
            "11.0": LocalDate("2027-06-30")!,
        ],
        "mail-gateway": ["5.2": LocalDate("2026-12-31")!, "9.0": LocalDate("2026-12-31")!],
    ])
    static let description = "scanner hangs on large archives"
    static let request = PrivatePatchWorkflow.Request(
        product: "endpoint-security",
        version: "11.0",
        description: description,
        requestedOn: LocalDate("2026-03-02")!,
        endOfSupport: LocalDate("2027-06-30")!
    )
    static let artifact = "https://patches.example.com/acme/endpoint-security-11.0-pp1.zip"
    static let acceptance = PrivatePatchWorkflow.LicenseAcceptance(
        acceptedBy: "customer:ann",
        acceptedAt: instant("2026-03-14T08:30:00Z")
    )

    /// One state of each shape, terminal ones last.
    static let nonTerminalStates: [State] = [
        .inDevelopment(request: request, round: 1, qaNotes: nil),
        .inQA(request: request, round: 1, build: "b-101"),
        .awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: nil),
        .awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 2, license: acceptance),
        .delivered(request: request, build: "b-101", artifact: artifact),
    ]
    static let terminalStates: [State] = [
        .rejected(product: "endpoint-security", version: "10.1", reason: "support ended"),
        .closed(request: request, artifact: artifact),
        .cancelled(reason: "no longer needed"),
    ]
    static let events: [Event] = [
        .submitForQA(build: "b-102"), .qaFailed(notes: "crashes on ARM"), .qaPassed, .licenseReminderDue, .acceptLicense,
        .deliver(artifact: artifact), .confirm, .autoCloseDue, .cancel(reason: "no longer needed"),
    ]

    let workflow = PrivatePatchWorkflow(lifecycle: Self.lifecycle)

    static func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func context(_ at: String, actor: Participant = .system) -> WorkflowContext {
        WorkflowContext(
            now: instant(at),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!,
            customerID: "acme",
            actor: actor
        )
    }

    static func input(product: String = "endpoint-security", version: String = "11.0", on date: String? = "2026-03-02") -> Input {
        Input(product: product, version: version, description: description, requestedOn: date.map { LocalDate($0)! })
    }

    static func notice(_ recipient: Recipient, _ template: String, _ fields: [String: String], key: String) -> Effect<Event> {
        .notify(Notification(to: recipient, template: template, fields: fields, dedupKey: key))
    }

    func refusal(_ event: Event, in state: State, at now: String = "2026-03-15T10:00:00Z") -> TransitionError? {
        do {
            _ = try workflow.decide(state, on: event, context: Self.context(now))
            return nil
        } catch {
            return error
        }
    }

    func startRefusal(_ input: Input) -> TransitionError? {
        do {
            _ = try workflow.start(input, context: Self.context("2026-03-02T10:00:00Z"))
            return nil
        } catch {
            return error
        }
    }

    // MARK: - The happy path

    @Test func aSupportedVersionIsBuiltVerifiedLicensedDeliveredAndClosed() throws {
        let started = try workflow.start(Self.input(), context: Self.context("2026-03-02T10:00:00Z"))
        #expect(started.state == .inDevelopment(request: Self.request, round: 1, qaNotes: nil))
        #expect(
            started.effects == [
                .createTask(
                    TaskSpec(
                        name: "build-patch",
                        group: "enterprise-engineering",
                        title: "Build private patch for endpoint-security 11.0: scanner hangs on large archives"
                    )
                )
            ]
        )
        #expect(workflow.mover(of: started.state) == .group("enterprise-engineering"))

        let inQA = try workflow.decide(started.state, on: .submitForQA(build: " b-101 "), context: Self.context("2026-03-09T15:00:00Z"))
        #expect(inQA.state == .inQA(request: Self.request, round: 1, build: "b-101"))
        #expect(
            inQA.effects == [
                .cancelTask(name: "build-patch"),
                .createTask(
                    TaskSpec(name: "verify-patch", group: "qa", title: "Verify private patch build b-101 for endpoint-security 11.0")
                ),
            ]
        )
        #expect(workflow.mover(of: inQA.state) == .group("qa"))

        // QA passes on Tuesday 10 March 12:00 UTC: the first reminder is due 3 days later, Friday 13 March 12:00.
        let awaiting = try workflow.decide(inQA.state, on: .qaPassed, context: Self.context("2026-03-10T12:00:00Z"))
        #expect(awaiting.state == .awaitingLicenseAcceptance(request: Self.request, build: "b-101", reminders: 0, license: nil))
        #expect(
            awaiting.effects == [
                .cancelTask(name: "verify-patch"),
                .notify(
                    Notification(
                        to: .customerContacts,
                        template: "private-patch-license-requested",
                        fields: ["product": "endpoint-security", "version": "11.0", "build": "b-101"],
                        dedupKey: "customer-license-requested"
                    )
                ),
                .scheduleTimer(name: "licence-reminder", at: Self.instant("2026-03-13T12:00:00Z"), event: .licenseReminderDue),
            ]
        )
        #expect(workflow.mover(of: awaiting.state) == .customer)

        // The reminder fires and is re-armed for Monday 16 March 12:00.
        let reminded = try workflow.decide(awaiting.state, on: .licenseReminderDue, context: Self.context("2026-03-13T12:00:00Z"))
        #expect(reminded.state == .awaitingLicenseAcceptance(request: Self.request, build: "b-101", reminders: 1, license: nil))
        #expect(
            reminded.effects == [
                .notify(
                    Notification(
                        to: .customerContacts,
                        template: "private-patch-license-reminder",
                        fields: ["product": "endpoint-security", "version": "11.0", "build": "b-101", "reminder": "1"],
                        dedupKey: "customer-license-reminder-1"
                    )
                ),
                .scheduleTimer(name: "licence-reminder", at: Self.instant("2026-03-16T12:00:00Z"), event: .licenseReminderDue),
            ]
        )

        let accepted = try workflow.decide(
            reminded.state,
            on: .acceptLicense,
            context: Self.context("2026-03-14T08:30:00Z", actor: .customer("ann"))
        )
        #expect(
            accepted.state
                == .awaitingLicenseAcceptance(request: Self.request, build: "b-101", reminders: 1, license: Self.acceptance)
        )
        #expect(
            accepted.effects == [
                .cancelTimer(name: "licence-reminder"),
                .createTask(
                    TaskSpec(
                        name: "deliver-patch",
                        group: "enterprise-engineering",
                        title: "Deliver private patch build b-101 for endpoint-security 11.0"
                    )
                ),
            ]
        )
        #expect(workflow.mover(of: accepted.state) == .group("enterprise-engineering"))

        // Delivered on Sunday 15 March 10:00: it closes itself 7 days later unless the customer confirms.
        let delivered = try workflow.decide(
            accepted.state,
            on: .deliver(artifact: Self.artifact),
            context: Self.context("2026-03-15T10:00:00Z", actor: .staff("eve"))
        )
        #expect(delivered.state == .delivered(request: Self.request, build: "b-101", artifact: Self.artifact))
        let fields = ["product": "endpoint-security", "version": "11.0", "build": "b-101", "artifact": Self.artifact]
        #expect(
            delivered.effects == [
                .cancelTask(name: "deliver-patch"),
                Self.notice(.customerContacts, "private-patch-delivered", fields, key: "customer-delivered"),
                Self.notice(.tamOrDutyManager, "private-patch-delivered", fields, key: "tam-delivered"),
                .scheduleTimer(name: "auto-close", at: Self.instant("2026-03-22T10:00:00Z"), event: .autoCloseDue),
            ]
        )
        #expect(workflow.mover(of: delivered.state) == .customer)

        let closed = try workflow.decide(delivered.state, on: .confirm, context: Self.context("2026-03-16T09:00:00Z"))
        #expect(closed.state == .closed(request: Self.request, artifact: Self.artifact))
        #expect(closed.effects == [.cancelTimer(name: "auto-close")])
        #expect(closed.state.isTerminal)
        #expect(workflow.mover(of: closed.state) == .nobody)
    }

    @Test func anUnconfirmedDeliveryClosesItselfWhenTheTimerFires() throws {
        let state = State.delivered(request: Self.request, build: "b-101", artifact: Self.artifact)
        let closed = try workflow.decide(state, on: .autoCloseDue, context: Self.context("2026-03-22T10:00:00Z"))
        #expect(closed.state == .closed(request: Self.request, artifact: Self.artifact))
        #expect(closed.effects.isEmpty)
    }

    // MARK: - Eligibility against the product lifecycle

    @Test func aVersionOutOfTheLifecycleIsRejectedWithTheReasonAndTheCustomerAndTAMAreTold() throws {
        let started = try workflow.start(Self.input(version: "10.1"), context: Self.context("2026-03-02T10:00:00Z"))
        let reason =
            "support for endpoint-security 10.1 ended on 2026-02-28; private patches are built only for supported versions, "
            + "so upgrade to a supported version and file the request for it"
        #expect(started.state == .rejected(product: "endpoint-security", version: "10.1", reason: reason))
        let fields = ["product": "endpoint-security", "version": "10.1", "reason": reason]
        #expect(
            started.effects == [
                Self.notice(.customerContacts, "private-patch-rejected", fields, key: "customer-rejected"),
                Self.notice(.tamOrDutyManager, "private-patch-rejected", fields, key: "tam-rejected"),
            ]
        )
        #expect(started.state.isTerminal)
        #expect(workflow.mover(of: started.state) == .nobody)
    }

    @Test func anUnknownProductIsRejectedNamingTheKnownProducts() throws {
        let started = try workflow.start(Self.input(product: "endpoint-securty"), context: Self.context("2026-03-02T10:00:00Z"))
        guard case .rejected(_, _, let reason) = started.state else {
            Issue.record("expected a rejection, got \(started.state)")
            return
        }
        #expect(
            reason
                == "'endpoint-securty' is not a product in the support lifecycle (known products: endpoint-security, mail-gateway); "
                + "private patches are built only for the products listed there"
        )
    }

    @Test func anUnknownVersionIsRejectedNamingTheKnownVersionsInNumericOrder() throws {
        let started = try workflow.start(Self.input(product: "mail-gateway", version: "5.3"), context: Self.context("2026-03-02T10:00:00Z"))
        guard case .rejected(_, _, let reason) = started.state else {
            Issue.record("expected a rejection, got \(started.state)")
            return
        }
        #expect(
            reason
                == "mail-gateway has no version '5.3' in the support lifecycle (known versions: 5.2, 9.0); file the request for one of those"
        )
        #expect(
            Self.lifecycle.eligibility(product: "endpoint-security", version: "9", on: LocalDate("2026-03-02")!)
                == .rejected(.unknownVersion(product: "endpoint-security", version: "9", known: ["10.0", "10.1", "11.0"]))
        )
    }

    @Test(arguments: [
        // The end-of-support date is the last supported day.
        ("2026-02-28", true),
        ("2026-03-01", false),
    ])
    func theEndOfSupportDateIsTheLastEligibleDay(requestedOn: String, eligible: Bool) throws {
        let date = LocalDate(requestedOn)!
        let eligibility = Self.lifecycle.eligibility(product: "endpoint-security", version: "10.1", on: date)
        #expect(eligibility.isEligible == eligible)
        let started = try workflow.start(Self.input(version: "10.1", on: requestedOn), context: Self.context("2026-03-05T10:00:00Z"))
        #expect(started.state.name == (eligible ? "in_development" : "rejected"))
        if !eligible {
            #expect(eligibility == .rejected(.supportEnded(product: "endpoint-security", version: "10.1", on: LocalDate("2026-02-28")!)))
        }
    }

    @Test(arguments: [
        // Without a requestedOn the UTC date of `now` is the filing date.
        ("2026-02-28T23:59:59Z", "in_development"),
        ("2026-03-01T00:00:00Z", "rejected"),
    ])
    func withoutARequestDateTheUTCDateOfNowIsUsed(now: String, expected: String) throws {
        let started = try workflow.start(Self.input(version: "10.1", on: nil), context: Self.context(now))
        #expect(started.state.name == expected)
    }

    @Test(arguments: [
        (Input(product: " ", version: "11.0", description: "x"), "product"),
        (Input(product: "endpoint-security", version: "", description: "x"), "version"),
        (Input(product: "endpoint-security", version: "11.0", description: "\n"), "description"),
    ])
    func aBlankFieldIsRefusedNamingIt(input: Input, field: String) throws {
        let error = try #require(startRefusal(input))
        #expect(error.code == .ruleViolated)
        #expect(error.field == field)
        #expect(error.state == nil && error.event == nil)
        #expect(error.reason.hasPrefix("\(field) is empty; give "))
    }

    // MARK: - QA and the licence

    @Test func aQAFailureReturnsThePatchToDevelopmentWithANewBuildTaskAndTheNotes() throws {
        let failed = try workflow.decide(
            .inQA(request: Self.request, round: 1, build: "b-101"),
            on: .qaFailed(notes: "crashes on ARM"),
            context: Self.context("2026-03-10T12:00:00Z")
        )
        #expect(failed.state == .inDevelopment(request: Self.request, round: 2, qaNotes: "crashes on ARM"))
        #expect(
            failed.effects == [
                .cancelTask(name: "verify-patch"),
                .createTask(
                    TaskSpec(
                        name: "build-patch",
                        group: "enterprise-engineering",
                        title: "Build private patch for endpoint-security 11.0: scanner hangs on large archives "
                            + "(round 2, QA found: crashes on ARM)"
                    )
                ),
            ]
        )
        let resubmitted = try workflow.decide(failed.state, on: .submitForQA(build: "b-102"), context: Self.context("2026-03-11T12:00:00Z"))
        #expect(resubmitted.state == .inQA(request: Self.request, round: 2, build: "b-102"))
        let passed = try workflow.decide(resubmitted.state, on: .qaPassed, context: Self.context("2026-03-12T12:00:00Z"))
        #expect(passed.state == .awaitingLicenseAcceptance(request: Self.request, build: "b-102", reminders: 0, license: nil))
    }

    @Test func deliveryBeforeTheLicenceIsAcceptedIsRefusedSayingWhatToDo() throws {
        let state = State.awaitingLicenseAcceptance(request: Self.request, build: "b-101", reminders: 1, license: nil)
        let error = try #require(refusal(.deliver(artifact: Self.artifact), in: state))
        #expect(error.code == .ruleViolated)
        #expect(error.workflowType == "private-patch")
        #expect(error.state == "awaiting_license_acceptance")
        #expect(error.event == "deliver")
        #expect(error.field == "license")
        #expect(
            error.reason
                == "the customer has not accepted the private-patch licence yet, and the contract allows delivery only after they "
                + "have; wait for acceptLicense (the customer is reminded every 3 days)"
        )
    }

    @Test func aSecondLicenceAcceptanceIsRefused() throws {
        let state = State.awaitingLicenseAcceptance(request: Self.request, build: "b-101", reminders: 0, license: Self.acceptance)
        let error = try #require(refusal(.acceptLicense, in: state))
        #expect(error.code == .ruleViolated)
        #expect(error.field == "license")
        #expect(error.reason.contains("already accepted by customer:ann"))
    }

    @Test(arguments: [
        (State.inDevelopment(request: request, round: 1, qaNotes: nil), Event.submitForQA(build: "  "), "build"),
        (.inQA(request: request, round: 1, build: "b-101"), .qaFailed(notes: ""), "notes"),
        (
            .awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: acceptance),
            .deliver(artifact: " "), "artifact"
        ),
        (.inQA(request: request, round: 1, build: "b-101"), .cancel(reason: " "), "reason"),
    ])
    func aBlankEventFieldIsRefusedNamingIt(state: State, event: Event, field: String) throws {
        let error = try #require(refusal(event, in: state))
        #expect(error.code == .ruleViolated)
        #expect(error.field == field)
        #expect(error.state == state.name && error.event == event.name)
    }

    // MARK: - Cancellation, invalid events, movers

    @Test(arguments: nonTerminalStates)
    func cancelFromEveryNonTerminalStateEndsTheRequest(state: State) throws {
        let cancelled = try workflow.decide(state, on: .cancel(reason: "no longer needed"), context: Self.context("2026-03-15T10:00:00Z"))
        #expect(cancelled.state == .cancelled(reason: "no longer needed"))
        #expect(cancelled.state.isTerminal)
        #expect(workflow.mover(of: cancelled.state) == .nobody)
    }

    @Test(arguments: terminalStates)
    func aTerminalStateRefusesEveryEvent(state: State) throws {
        for event in Self.events {
            let error = try #require(refusal(event, in: state))
            #expect(error.code == .invalidTransition)
            #expect(error.reason.contains("nothing moves it any more"))
        }
    }

    @Test(arguments: [
        (State.inDevelopment(request: request, round: 1, qaNotes: nil), Event.qaPassed, "submitForQA, cancel"),
        (.inQA(request: request, round: 1, build: "b-101"), .acceptLicense, "qaPassed, qaFailed, cancel"),
        (
            .awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: nil), .confirm,
            "acceptLicense, licenseReminderDue, cancel"
        ),
        (
            .awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: acceptance), .licenseReminderDue,
            "deliver, cancel"
        ),
        (.delivered(request: request, build: "b-101", artifact: artifact), .submitForQA(build: "b-103"), "confirm, autoCloseDue, cancel"),
    ])
    func anInvalidEventNamesTheStateTheEventAndWhatIsAllowed(state: State, event: Event, allowed: String) throws {
        let error = try #require(refusal(event, in: state))
        #expect(error.code == .invalidTransition)
        #expect(error.state == state.name)
        #expect(error.event == event.name)
        #expect(error.reason == "private-patch in state '\(state.name)' does not accept '\(event.name)' (allowed there: \(allowed))")
    }

    @Test(arguments: [
        (State.inDevelopment(request: request, round: 1, qaNotes: nil), Mover.group("enterprise-engineering")),
        (.inQA(request: request, round: 1, build: "b-101"), .group("qa")),
        (.awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: nil), .customer),
        (.awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: acceptance), .group("enterprise-engineering")),
        (.delivered(request: request, build: "b-101", artifact: artifact), .customer),
        (.rejected(product: "p", version: "v", reason: "r"), .nobody),
        (.closed(request: request, artifact: artifact), .nobody),
        (.cancelled(reason: "r"), .nobody),
    ])
    func everyStateHasItsMover(state: State, mover: Mover) {
        #expect(workflow.mover(of: state) == mover)
    }

    // MARK: - The diagram

    typealias Step = EdgeReplay<PrivatePatchWorkflow>

    /// One way to take each diagram edge.
    static func step(for edge: StateDiagram.Edge) -> Step? {
        let awaiting = State.awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: nil)
        let accepted = State.awaitingLicenseAcceptance(request: request, build: "b-101", reminders: 0, license: acceptance)
        let delivered = State.delivered(request: request, build: "b-101", artifact: artifact)
        switch (edge.from, edge.event, edge.to) {
        case ("requested", "start", "rejected"): return .start(input(version: "10.0"))
        case ("requested", "start", "in_development"): return .start(input())
        case ("in_development", "submitForQA", _): return .decide(nonTerminalStates[0], .submitForQA(build: "b-101"))
        case ("in_qa", "qaFailed", _): return .decide(nonTerminalStates[1], .qaFailed(notes: "crashes on ARM"))
        case ("in_qa", "qaPassed", _): return .decide(nonTerminalStates[1], .qaPassed)
        case ("awaiting_license_acceptance", "licenseReminderDue", _): return .decide(awaiting, .licenseReminderDue)
        case ("awaiting_license_acceptance", "acceptLicense", _): return .decide(awaiting, .acceptLicense)
        case ("awaiting_license_acceptance", "deliver", _): return .decide(accepted, .deliver(artifact: artifact))
        case ("delivered", "confirm", _): return .decide(delivered, .confirm)
        case ("delivered", "autoCloseDue", _): return .decide(delivered, .autoCloseDue)
        case (let from, "cancel", _):
            return nonTerminalStates.first { $0.name == from }.map { .decide($0, .cancel(reason: "no longer needed")) }
        default: return nil
        }
    }

    @Test(arguments: PrivatePatchWorkflow.diagram.edges)
    func everyDiagramEdgeIsReplayedThroughTheWorkflow(edge: StateDiagram.Edge) throws {
        try DiagramConformance.replay(edge, of: workflow, by: Self.step(for: edge), context: Self.context("2026-03-15T10:00:00Z"))
    }

    @Test func theTableNamesEveryEventOnce() throws {
        try DiagramConformance.tableNamesEveryEvent(of: PrivatePatchWorkflow.self, events: Self.events)
    }

    @Test func everyEventAcceptedInAnyStateIsADiagramEdge() {
        DiagramConformance.acceptedEventsAreEdges(
            of: workflow,
            diagram: PrivatePatchWorkflow.diagram,
            nonTerminal: Self.nonTerminalStates,
            terminal: Self.terminalStates,
            events: Self.events,
            context: Self.context("2026-03-15T10:00:00Z")
        )
    }

    // MARK: - Codable

    @Test(arguments: nonTerminalStates + terminalStates)
    func everyStateSurvivesAJSONRoundTrip(state: State) throws {
        let data = try JSONCoding.encoder.encode(state)
        #expect(try JSONCoding.decoder.decode(State.self, from: data) == state)
    }

    @Test(arguments: events)
    func everyEventSurvivesAJSONRoundTrip(event: Event) throws {
        let data = try JSONCoding.encoder.encode(event)
        #expect(try JSONCoding.decoder.decode(Event.self, from: data) == event)
    }

    @Test func inputsAndTheLifecycleSurviveAJSONRoundTrip() throws {
        for input in [Self.input(), Self.input(on: nil)] {
            #expect(try JSONCoding.decoder.decode(Input.self, from: JSONCoding.encoder.encode(input)) == input)
        }
        let lifecycle = try JSONCoding.decoder.decode(
            ProductLifecycle.self,
            from: Data(#"{"products":{"endpoint-security":{"10.1":"2026-02-28","11.0":"2027-06-30"}}}"#.utf8)
        )
        #expect(lifecycle.products["endpoint-security"]?["11.0"] == LocalDate("2027-06-30"))
        #expect(try JSONCoding.decoder.decode(ProductLifecycle.self, from: JSONCoding.encoder.encode(Self.lifecycle)) == Self.lifecycle)
    }

    @Test func theEngineRunsItFromJSON() throws {
        let erased = AnyWorkflow(workflow)
        #expect(erased.type == "private-patch")
        let started = try erased.start(
            input: Data(#"{"product":"endpoint-security","version":"11.0","description":"scanner hangs","requestedOn":"2026-03-02"}"#.utf8),
            context: Self.context("2026-03-02T10:00:00Z")
        )
        #expect(started.stateName == "in_development")
        #expect(started.mover == .group("enterprise-engineering"))
        let next = try erased.decide(
            state: started.state,
            event: Data(#"{"submitForQA":{"build":"b-101"}}"#.utf8),
            context: Self.context("2026-03-09T10:00:00Z")
        )
        #expect(next.stateName == "in_qa")
        #expect(next.event == "submitForQA")
        #expect(next.mover == .group("qa"))
    }
}
