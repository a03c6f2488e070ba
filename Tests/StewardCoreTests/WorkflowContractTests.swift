import Foundation
import StewardCore
import Testing

@Suite struct WorkflowContractTests {
    struct Door: Workflow {
        static let type = "door"
        struct Input: Codable, Sendable { var locked: Bool }
        enum State: String, WorkflowState {
            case open, closed, locked, removed
            var name: String { rawValue }
            var isTerminal: Bool { self == .removed }
        }
        enum Event: String, WorkflowEvent {
            case close, open, lock, remove
            var name: String { rawValue }
        }
        let version = 3

        func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
            Transition(
                to: input.locked ? .locked : .closed,
                effects: [.scheduleTimer(name: "check", at: context.now.addingTimeInterval(60), event: .open)]
            )
        }

        func decide(
            _ state: State, on event: Event, context: WorkflowContext
        ) throws(TransitionError)
            -> Transition<State, Event>
        {
            switch (state, event) {
            case (.closed, .open): return Transition(to: .open)
            case (.open, .close): return Transition(to: .closed)
            case (.closed, .lock): return Transition(to: .locked)
            case (let state, .remove) where !state.isTerminal: return Transition(to: .removed)
            default: throw .invalid(Self.type, state: state.name, event: event.name, allowed: ["open", "close"])
            }
        }

        func mover(of state: State) -> Mover { state == .locked ? .customer : .system }
    }

    let context = WorkflowContext(
        now: Date(timeIntervalSince1970: 1_800_000_000),
        workflowID: UUID(),
        customerID: "acme",
        actor: .staff("alice")
    )

    @Test func startRecordsStateMoverAndTimerEventAsJSON() throws {
        let door = AnyWorkflow(Door())
        let transition = try door.start(input: Data(#"{"locked":true}"#.utf8), context: context)
        #expect(transition.stateName == "locked")
        #expect(transition.mover == .customer)
        #expect(transition.event == "start")
        #expect(transition.effects == [.scheduleTimer(name: "check", at: context.now.addingTimeInterval(60), event: Data(#""open""#.utf8))])
        #expect(door.version == 3)
    }

    @Test func invalidEventNamesStateAndEvent() throws {
        let door = AnyWorkflow(Door())
        let error = try #require(throws: TransitionError.self) {
            try door.decide(state: Data(#""locked""#.utf8), event: Data(#""open""#.utf8), context: context)
        }
        #expect(error.code == .invalidTransition)
        #expect(error.state == "locked")
        #expect(error.event == "open")
        #expect(error.reason.contains("'locked'") && error.reason.contains("'open'"))
    }

    @Test func undecodableInputNamesTheField() throws {
        let door = AnyWorkflow(Door())
        let missing = try #require(throws: TransitionError.self) {
            try door.start(input: Data("{}".utf8), context: context)
        }
        #expect(missing.code == .undecodable)
        #expect(missing.field == "locked")
        let wrongType = try #require(throws: TransitionError.self) {
            try door.start(input: Data(#"{"locked":"yes"}"#.utf8), context: context)
        }
        #expect(wrongType.field == "locked")
        #expect(wrongType.reason.contains("must be Bool"))
    }

    @Test func terminalStatesAreMovedByNobody() throws {
        let transition = try AnyWorkflow(Door()).decide(
            state: Data(#""open""#.utf8),
            event: Data(#""remove""#.utf8),
            context: context
        )
        #expect(transition.isTerminal)
        #expect(transition.mover == .nobody)
    }

    @Test func registryNamesKnownTypesForAnUnknownOne() {
        let registry = WorkflowRegistry([AnyWorkflow(Door())])
        #expect(throws: UnknownWorkflowType.self) { try registry.definition(for: "window") }
        do {
            _ = try registry.definition(for: "window")
        } catch {
            #expect(error.description == "unknown workflow type 'window': use one of door")
        }
    }

    @Test(arguments: [
        Recipient.staff("alice"), .group("virus-lab"), .customerContacts, .tamOrDutyManager, .address("ops@example.com"),
        .contact("ada"), .webhook("siem"),
    ])
    func recipientsRoundTripThroughText(_ recipient: Recipient) throws {
        #expect(Recipient(recipient.description) == recipient)
        let json = try JSONEncoder().encode(recipient)
        #expect(try JSONDecoder().decode(Recipient.self, from: json) == recipient)
    }

    @Test(arguments: [Mover.system, .group("qa"), .customer, .tam, .nobody])
    func moversRoundTripThroughText(_ mover: Mover) {
        #expect(Mover(mover.description) == mover)
    }

    @Test(arguments: [Participant.system, .staff("alice"), .customer("acme-bob"), .operator("olga")])
    func actorsRoundTripThroughText(_ actor: Participant) {
        #expect(Participant(actor.description) == actor)
    }

    @Test func unknownTextIsNoRecipientMoverOrActor() {
        #expect(Recipient("pager:42") == nil)
        #expect(Recipient("staff:") == nil)
        #expect(Mover("group:") == nil)
        #expect(Participant("robot:7") == nil)
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(60), maxAttempts: 5)

    @Test(arguments: [(1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0), (7, 30.0, 60.0), (30, 30.0, 60.0)])
    func delaysDoubleWithinHalfToFullStep(attempt: Int, low: Double, high: Double) {
        #expect(policy.delay(afterAttempt: attempt, jitter: 0).timeInterval == low)
        #expect(policy.delay(afterAttempt: attempt, jitter: 1).timeInterval == high)
        let middle = policy.delay(afterAttempt: attempt, jitter: 0.5).timeInterval
        #expect(middle > low && middle < high)
    }
}

@Suite struct ManualClockTests {
    @Test func movesOnlyWhenTold() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = ManualClock(start)
        #expect(clock.now == start)
        clock.advance(by: .milliseconds(1_500))
        #expect(clock.now == start.addingTimeInterval(1.5))
    }
}

@Suite struct StateDiagramTests {
    @Test func rendersMermaidWithStartAndEndMarkers() {
        let diagram = StateDiagram(
            initial: "closed",
            edges: [.init("closed", "open", "open"), .init("open", "close", "closed"), .init("closed", "remove", "removed")],
            terminal: ["removed"]
        )
        #expect(diagram.states == ["closed", "open", "removed"])
        let text = diagram.mermaid(title: "Door")
        #expect(text.hasPrefix("---\ntitle: Door\n---\nstateDiagram-v2\n"))
        #expect(text.contains("%% Generated by `steward workflows diagram`"))
        #expect(text.contains("    [*] --> closed\n"))
        #expect(text.contains("    open --> closed: close\n"))
        #expect(text.hasSuffix("    removed --> [*]\n"))
    }
}

@Suite struct JSONCodingTests {
    @Test func instantsAreWrittenInUTCWithTheirZoneAndReadBack() throws {
        let instant = Date(timeIntervalSince1970: 1_795_521_600.25)
        let json = try JSONCoding.encoder.encode(["at": instant])
        #expect(String(decoding: json, as: UTF8.self) == #"{"at":"2026-11-24T12:00:00.250Z"}"#)
        #expect(try JSONCoding.decoder.decode([String: Date].self, from: json)["at"] == instant)
        let plain = Data(#"{"at":"2026-11-24T13:00:00+01:00"}"#.utf8)
        #expect(try JSONCoding.decoder.decode([String: Date].self, from: plain)["at"] == Date(timeIntervalSince1970: 1_795_521_600))
    }
}
