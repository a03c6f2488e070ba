import Foundation
import StewardCore
import StewardMSA
import Testing

@Suite struct AVDatabaseReleaseWorkflowTests {
    typealias State = AVDatabaseReleaseWorkflow.State
    typealias Event = AVDatabaseReleaseWorkflow.Event
    typealias Input = AVDatabaseReleaseWorkflow.Input

    static let request = Input(kind: .falsePositive, sampleReference: "sha256:9f86d081", description: "payroll.exe quarantined")
    static let releaseID = "UR-2026-0042"
    static let requestFields = ["kind": "falsePositive", "sampleReference": "sha256:9f86d081"]

    static let nonTerminalStates: [State] = [
        .analysis(request: request),
        .releasePreparation(request: request),
        .released(request: request, urgentReleaseID: releaseID),
        .awaitingConfirmation(request: request, urgentReleaseID: releaseID),
    ]
    static let terminalStates: [State] = [
        .rejected(request: request, reason: "the file is malicious"),
        .closed(request: request, urgentReleaseID: releaseID),
        .cancelled(reason: "found locally"),
    ]
    static let events: [Event] = [
        .reject(reason: "the file is malicious"), .approveRelease, .release(urgentReleaseID: releaseID), .publish, .confirm,
        .autoCloseDue, .cancel(reason: "found locally"),
    ]

    let workflow = AVDatabaseReleaseWorkflow()

    static func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func context(_ at: String, actor: Participant = .system) -> WorkflowContext {
        WorkflowContext(
            now: instant(at),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-0000000000b2")!,
            customerID: "acme",
            actor: actor
        )
    }

    static func tamNotice(_ step: String, _ extra: [String: String] = [:]) -> Effect<Event> {
        .notify(
            Notification(
                to: .tamOrDutyManager,
                template: "av-release-\(step)",
                fields: requestFields.merging(extra) { _, new in new },
                dedupKey: "tam-\(step)"
            )
        )
    }

    func refusal(_ event: Event, in state: State) -> TransitionError? {
        do {
            _ = try workflow.decide(state, on: event, context: Self.context("2026-05-04T10:00:00Z"))
            return nil
        } catch {
            return error
        }
    }

    // MARK: - The happy path, with the TAM told at every step

    @Test func aSampleIsAnalysedReleasedPublishedAndConfirmedWithTheTAMToldAtEveryStep() throws {
        let started = try workflow.start(Self.request, context: Self.context("2026-05-04T09:00:00Z", actor: .customer("ann")))
        #expect(started.state == .analysis(request: Self.request))
        #expect(
            started.effects == [
                .createTask(
                    TaskSpec(
                        name: "analyse-sample",
                        group: "virus-lab",
                        title: "Analyse sample sha256:9f86d081 (falsePositive): payroll.exe quarantined",
                        priority: 10
                    )
                ),
                Self.tamNotice("requested"),
            ]
        )
        #expect(workflow.mover(of: started.state) == .group("virus-lab"))

        let approved = try workflow.decide(started.state, on: .approveRelease, context: Self.context("2026-05-04T09:40:00Z"))
        #expect(approved.state == .releasePreparation(request: Self.request))
        #expect(
            approved.effects == [
                .cancelTask(name: "analyse-sample"),
                .createTask(
                    TaskSpec(
                        name: "prepare-release",
                        group: "av-release",
                        title: "Prepare an urgent database release for sample sha256:9f86d081 (falsePositive)",
                        priority: 10
                    )
                ),
                Self.tamNotice("approved"),
            ]
        )
        #expect(workflow.mover(of: approved.state) == .group("av-release"))

        // Released at 11:15: the system publishes it at once through a timer due at the same instant.
        let released = try workflow.decide(
            approved.state,
            on: .release(urgentReleaseID: Self.releaseID),
            context: Self.context("2026-05-04T11:15:00Z")
        )
        #expect(released.state == .released(request: Self.request, urgentReleaseID: Self.releaseID))
        #expect(
            released.effects == [
                .cancelTask(name: "prepare-release"),
                Self.tamNotice("released", ["urgentReleaseID": Self.releaseID]),
                .scheduleTimer(name: "publish", at: Self.instant("2026-05-04T11:15:00Z"), event: .publish),
            ]
        )
        #expect(workflow.mover(of: released.state) == .system)

        // Published at 11:15: the customer has 7 days to confirm before it closes itself (11 May 11:15).
        let published = try workflow.decide(released.state, on: .publish, context: Self.context("2026-05-04T11:15:00Z"))
        #expect(published.state == .awaitingConfirmation(request: Self.request, urgentReleaseID: Self.releaseID))
        #expect(
            published.effects == [
                .cancelTimer(name: "publish"),
                .notify(
                    Notification(
                        to: .customerContacts,
                        template: "av-release-published",
                        fields: Self.requestFields.merging(["urgentReleaseID": Self.releaseID]) { _, new in new },
                        dedupKey: "customer-published"
                    )
                ),
                Self.tamNotice("published", ["urgentReleaseID": Self.releaseID]),
                .scheduleTimer(name: "auto-close", at: Self.instant("2026-05-11T11:15:00Z"), event: .autoCloseDue),
            ]
        )
        #expect(workflow.mover(of: published.state) == .customer)

        let closed = try workflow.decide(published.state, on: .confirm, context: Self.context("2026-05-05T08:00:00Z"))
        #expect(closed.state == .closed(request: Self.request, urgentReleaseID: Self.releaseID))
        #expect(
            closed.effects == [
                .cancelTimer(name: "auto-close"),
                Self.tamNotice("closed", ["urgentReleaseID": Self.releaseID, "closedBy": "customer"]),
            ]
        )
        #expect(closed.state.isTerminal)
        #expect(workflow.mover(of: closed.state) == .nobody)

        // Every step told the TAM, each with its own template and dedup key.
        let tamKeys = [started, approved, released, published, closed].flatMap(\.effects).compactMap { effect -> String? in
            guard case .notify(let notification) = effect, notification.recipient == .tamOrDutyManager else { return nil }
            return notification.dedupKey
        }
        #expect(tamKeys == ["tam-requested", "tam-approved", "tam-released", "tam-published", "tam-closed"])
    }

    @Test func anUnconfirmedReleaseClosesItselfAndTellsTheTAM() throws {
        let closed = try workflow.decide(
            .awaitingConfirmation(request: Self.request, urgentReleaseID: Self.releaseID),
            on: .autoCloseDue,
            context: Self.context("2026-05-11T11:15:00Z")
        )
        #expect(closed.state == .closed(request: Self.request, urgentReleaseID: Self.releaseID))
        #expect(closed.effects == [Self.tamNotice("closed", ["urgentReleaseID": Self.releaseID, "closedBy": "auto-close"])])
    }

    @Test func theVirusLabRejectsAndTheCustomerAndTAMAreTold() throws {
        let rejected = try workflow.decide(
            .analysis(request: Self.request),
            on: .reject(reason: " the file is malicious "),
            context: Self.context("2026-05-04T10:00:00Z")
        )
        #expect(rejected.state == .rejected(request: Self.request, reason: "the file is malicious"))
        #expect(
            rejected.effects == [
                .cancelTask(name: "analyse-sample"),
                .notify(
                    Notification(
                        to: .customerContacts,
                        template: "av-release-rejected",
                        fields: Self.requestFields.merging(["reason": "the file is malicious"]) { _, new in new },
                        dedupKey: "customer-rejected"
                    )
                ),
                Self.tamNotice("rejected", ["reason": "the file is malicious"]),
            ]
        )
        #expect(rejected.state.isTerminal)
    }

    @Test func aConfiguredPriorityAndAutoCloseDelayAreUsed() throws {
        let workflow = AVDatabaseReleaseWorkflow(configuration: .init(autoCloseAfter: .seconds(2 * 86_400), taskPriority: 5))
        let started = try workflow.start(Self.request, context: Self.context("2026-05-04T09:00:00Z"))
        guard case .createTask(let task) = started.effects.first else {
            Issue.record("expected a task first, got \(started.effects)")
            return
        }
        #expect(task.priority == 5)
        let published = try workflow.decide(
            .released(request: Self.request, urgentReleaseID: Self.releaseID),
            on: .publish,
            context: Self.context("2026-05-04T11:15:00Z")
        )
        #expect(
            published.effects.last == .scheduleTimer(name: "auto-close", at: Self.instant("2026-05-06T11:15:00Z"), event: .autoCloseDue)
        )
    }

    // MARK: - Rules

    @Test(arguments: ["", "   "])
    func aBlankSampleReferenceIsRefused(sample: String) throws {
        var input = Self.request
        input.sampleReference = sample
        do {
            _ = try workflow.start(input, context: Self.context("2026-05-04T09:00:00Z"))
            Issue.record("a blank sample reference was accepted")
        } catch {
            #expect(error.code == .ruleViolated)
            #expect(error.field == "sampleReference")
            #expect(error.reason.contains("say where the virus lab finds the sample"))
        }
    }

    @Test(arguments: [
        (State.analysis(request: request), Event.reject(reason: " "), "reason"),
        (.releasePreparation(request: request), .release(urgentReleaseID: ""), "urgentReleaseID"),
        (.analysis(request: request), .cancel(reason: ""), "reason"),
    ])
    func aBlankEventFieldIsRefusedNamingIt(state: State, event: Event, field: String) throws {
        let error = try #require(refusal(event, in: state))
        #expect(error.code == .ruleViolated)
        #expect(error.field == field)
        #expect(error.state == state.name && error.event == event.name)
    }

    // MARK: - Cancellation, invalid events, movers

    @Test(arguments: nonTerminalStates)
    func cancelFromEveryNonTerminalStateEndsTheRequestAndTellsTheTAM(state: State) throws {
        let cancelled = try workflow.decide(state, on: .cancel(reason: "found locally"), context: Self.context("2026-05-04T10:00:00Z"))
        #expect(cancelled.state == .cancelled(reason: "found locally"))
        #expect(cancelled.state.isTerminal)
        #expect(cancelled.effects == [Self.tamNotice("cancelled", ["reason": "found locally", "cancelledIn": state.name])])
        #expect(workflow.mover(of: cancelled.state) == .nobody)
    }

    @Test(arguments: terminalStates)
    func aTerminalStateRefusesEveryEvent(state: State) throws {
        for event in Self.events {
            let error = try #require(refusal(event, in: state))
            #expect(error.code == .invalidTransition)
            #expect(error.state == state.name && error.event == event.name)
        }
    }

    @Test(arguments: [
        (State.analysis(request: request), Event.release(urgentReleaseID: releaseID), "approveRelease, reject, cancel"),
        (.releasePreparation(request: request), .approveRelease, "release, cancel"),
        (.released(request: request, urgentReleaseID: releaseID), .confirm, "publish, cancel"),
        (.awaitingConfirmation(request: request, urgentReleaseID: releaseID), .publish, "confirm, autoCloseDue, cancel"),
    ])
    func anInvalidEventNamesTheStateTheEventAndWhatIsAllowed(state: State, event: Event, allowed: String) throws {
        let error = try #require(refusal(event, in: state))
        #expect(error.code == .invalidTransition)
        #expect(error.state == state.name)
        #expect(error.event == event.name)
        #expect(error.reason == "av-database-release in state '\(state.name)' does not accept '\(event.name)' (allowed there: \(allowed))")
    }

    @Test(
        arguments: zip(
            nonTerminalStates + terminalStates,
            [Mover.group("virus-lab"), .group("av-release"), .system, .customer, .nobody, .nobody, .nobody]))
    func everyStateHasItsMover(state: State, mover: Mover) {
        #expect(workflow.mover(of: state) == mover)
    }

    // MARK: - The diagram

    typealias Step = EdgeReplay<AVDatabaseReleaseWorkflow>

    /// One way to take each diagram edge.
    static func step(for edge: StateDiagram.Edge) -> Step? {
        switch (edge.from, edge.event) {
        case ("requested", "start"): return .start(request)
        case (let from, let event):
            guard let state = nonTerminalStates.first(where: { $0.name == from }),
                let event = events.first(where: { $0.name == event })
            else { return nil }
            return .decide(state, event)
        }
    }

    @Test(arguments: AVDatabaseReleaseWorkflow.diagram.edges)
    func everyDiagramEdgeIsReplayedThroughTheWorkflow(edge: StateDiagram.Edge) throws {
        try DiagramConformance.replay(edge, of: workflow, by: Self.step(for: edge), context: Self.context("2026-05-04T10:00:00Z"))
    }

    @Test func theTableNamesEveryEventOnce() throws {
        try DiagramConformance.tableNamesEveryEvent(of: AVDatabaseReleaseWorkflow.self, events: Self.events)
    }

    @Test func everyEventAcceptedInAnyStateIsADiagramEdge() {
        DiagramConformance.acceptedEventsAreEdges(
            of: workflow,
            diagram: AVDatabaseReleaseWorkflow.diagram,
            nonTerminal: Self.nonTerminalStates,
            terminal: Self.terminalStates,
            events: Self.events,
            context: Self.context("2026-05-04T10:00:00Z")
        )
    }

    // MARK: - Codable

    @Test(arguments: nonTerminalStates + terminalStates)
    func everyStateSurvivesAJSONRoundTrip(state: State) throws {
        #expect(try JSONCoding.decoder.decode(State.self, from: JSONCoding.encoder.encode(state)) == state)
    }

    @Test(arguments: events)
    func everyEventSurvivesAJSONRoundTrip(event: Event) throws {
        #expect(try JSONCoding.decoder.decode(Event.self, from: JSONCoding.encoder.encode(event)) == event)
    }

    @Test(arguments: AVDatabaseReleaseWorkflow.Kind.allCases)
    func everyKindOfInputSurvivesAJSONRoundTrip(kind: AVDatabaseReleaseWorkflow.Kind) throws {
        let input = Input(kind: kind, sampleReference: "upload:77", description: "")
        #expect(try JSONCoding.decoder.decode(Input.self, from: JSONCoding.encoder.encode(input)) == input)
    }

    @Test func theEngineRunsItFromJSON() throws {
        let erased = AnyWorkflow(workflow)
        #expect(erased.type == "av-database-release")
        let started = try erased.start(
            input: Data(#"{"kind":"missedDetection","sampleReference":"upload:77","description":"dropper not detected"}"#.utf8),
            context: Self.context("2026-05-04T09:00:00Z")
        )
        #expect(started.stateName == "analysis")
        #expect(started.mover == .group("virus-lab"))
        let released = try erased.decide(
            state: Data(
                #"{"releasePreparation":{"request":{"kind":"missedDetection","sampleReference":"upload:77","description":""}}}"#.utf8
            ),
            event: Data(#"{"release":{"urgentReleaseID":"UR-1"}}"#.utf8),
            context: Self.context("2026-05-04T11:00:00Z")
        )
        #expect(released.stateName == "released")
        #expect(released.mover == .system)
        #expect(
            released.effects.contains(
                .scheduleTimer(name: "publish", at: Self.instant("2026-05-04T11:00:00Z"), event: Data(#"{"publish":{}}"#.utf8))
            ))
    }
}
