import Foundation
import Testing

@testable import StewardCore

/// A gate that states its transitions in a table: opening is refused by a rule while it is locked,
/// and locking is accepted only while it is unlocked.
struct Gate: DeclaredWorkflow {
    static let type = "gate"

    struct Input: Codable, Sendable {}

    enum State: WorkflowState {
        case open
        case closed(locked: Bool)
        case removed

        var name: String {
            switch self {
            case .open: "open"
            case .closed: "closed"
            case .removed: "removed"
            }
        }

        var isTerminal: Bool { self == .removed }
    }

    enum Event: WorkflowEvent {
        case close
        case open
        case lock(code: String)
        case knock
        case note(text: String)
        case remove(reason: String)
    }

    static let transitions = TransitionTable<State>(
        initial: "open",
        events: [
            .staff("close", .from("open", to: "closed")),
            .customer("open", .from("closed", to: "open", when: { $0 == .closed(locked: false) })),
            .staff("lock", recordsSLABreach: true, .stays(in: "closed", when: { $0 == .closed(locked: false) })),
            .timer("knock", .stays(in: "open", "closed")),
            .staff("note", hiddenFromCustomer: true, .stays(in: "open", "closed")),
            .customer("remove", .from("open", "closed", to: "removed")),
        ],
        terminal: ["removed"]
    )

    let version = 1

    func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        Transition(to: .open)
    }

    func decide(_ state: State, on event: Event, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        try Self.checkDeclared(event, in: state)
        switch (state, event) {
        case (.open, .close): return Transition(to: .closed(locked: false))
        case (.closed(false), .open): return Transition(to: .open)
        case (.closed(true), .open): throw Self.ruleViolation("the gate is locked; unlock it first", in: state, on: event)
        case (.closed(false), .lock(let code)):
            try Self.required(code, field: "code", what: "the code that unlocks it", in: state, on: event)
            return Transition(to: .closed(locked: true))
        case (_, .knock), (_, .note): return Transition(to: state)
        case (_, .remove): return Transition(to: .removed)
        default: throw Self.refusal(of: event, in: state)
        }
    }

    func mover(of state: State) -> Mover { .system }
}

@Suite struct TransitionTableTests {
    let context = WorkflowContext(now: Date(timeIntervalSince1970: 1_800_000_000), workflowID: UUID(), customerID: "acme", actor: .system)

    @Test func theDiagramDrawsEveryMoveInTheOrderOfTheRows() {
        let diagram = Gate.diagram
        #expect(diagram.initial == "open" && diagram.terminal == ["removed"])
        #expect(
            diagram.edges == [
                .init("open", "close", "closed"), .init("closed", "open", "open"), .init("closed", "lock", "closed"),
                .init("open", "knock", "open"), .init("closed", "knock", "closed"), .init("open", "note", "open"),
                .init("closed", "note", "closed"), .init("open", "remove", "removed"), .init("closed", "remove", "removed"),
            ])
    }

    @Test func aStartThatLeavesTheInitialStateIsDrawnAsStart() {
        let table = TransitionTable<Gate.State>(initial: "filed", startsIn: ["open", "removed"], events: [], terminal: ["removed"])
        #expect(table.diagram.edges == [.init("filed", "start", "open"), .init("filed", "start", "removed")])
    }

    @Test func theAudienceSetsComeFromTheRows() {
        let gate = AnyWorkflow(Gate())
        #expect(gate.customerEvents == ["open", "remove"])
        #expect(gate.timerEvents == ["knock"])
        #expect(gate.slaBreachEvents == ["lock"])
        #expect(gate.staffOnlyEvents == ["note"])
    }

    @Test(arguments: [
        (Gate.State.open, ["close", "knock", "note", "remove"]),
        (.closed(locked: false), ["open", "lock", "knock", "note", "remove"]),
        (.closed(locked: true), ["knock", "note", "remove"]),
        (.removed, []),
    ])
    func aStateAcceptsTheEventsWhoseMovesItMeets(state: Gate.State, accepted: [String]) {
        #expect(Gate.transitions.acceptedEvents(in: state) == accepted)
    }

    @Test func anUndeclaredEventIsRefusedNamingTheAcceptedOnes() throws {
        let error = try #require(throws: TransitionError.self) { try Gate().decide(.open, on: .open, context: context) }
        #expect(error.code == .invalidTransition)
        #expect(error.reason == "gate in state 'open' does not accept 'open' (allowed there: close, knock, note, remove)")
    }

    @Test func aDeclaredEventOutsideItsConditionReachesTheDecision() throws {
        let locked = Gate.State.closed(locked: true)
        #expect(Gate.transitions.declares("open", in: "closed"))
        let rule = try #require(throws: TransitionError.self) { try Gate().decide(locked, on: .open, context: context) }
        #expect(rule.code == .ruleViolated && rule.state == "closed" && rule.event == "open")
        let refused = try #require(throws: TransitionError.self) { try Gate().decide(locked, on: .lock(code: "7"), context: context) }
        #expect(refused.reason == "gate in state 'closed' does not accept 'lock' (allowed there: knock, note, remove)")
    }

    @Test func aTerminalStateAcceptsNothing() throws {
        let error = try #require(throws: TransitionError.self) { try Gate().decide(.removed, on: .knock, context: context) }
        #expect(error.reason.contains("nothing moves it any more"))
    }

    @Test(arguments: [Gate.Event.close, .lock(code: "7"), .knock, .remove(reason: "rusty")])
    func anEventIsNamedByItsCaseAsItsJSONIsKeyed(event: Gate.Event) throws {
        let json = try JSONSerialization.jsonObject(with: JSONCoding.encoder.encode(event)) as? [String: Any]
        #expect(json?.keys.sorted() == [event.name])
    }

    @Test func aRequiredTextIsTrimmedAndABlankOneRefusedNamingTheField() throws {
        #expect(try Gate.required("  b-101\n", field: "build", what: "the build") == "b-101")
        let error = try #require(throws: TransitionError.self) {
            try Gate().decide(.closed(locked: false), on: .lock(code: " \n"), context: context)
        }
        #expect(error.code == .ruleViolated && error.field == "code")
        #expect(error.state == "closed" && error.event == "lock")
        #expect(error.reason == "code is empty; give the code that unlocks it")
    }
}
