import Foundation

/// A request type: a typed state machine whose transitions are pure functions.
///
/// A workflow never performs I/O. Given the current state and an event it returns the next
/// state and the effects the engine must materialise in the same transaction (tasks, timers,
/// notifications). Everything it needs to know about the world arrives in the ``WorkflowContext``.
public protocol Workflow: Sendable {
    /// What a caller supplies to start one (for an incident: severity, summary, channel).
    associatedtype Input: Codable & Sendable
    associatedtype State: WorkflowState
    associatedtype Event: WorkflowEvent

    /// The stable name stored with every workflow row, for example `incident`.
    static var type: String { get }

    /// The definition version new workflows start under; each row records the one it started with.
    var version: Int { get }

    /// The first state and its effects.
    func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event>

    /// The next state and its effects, or a ``TransitionError`` when `event` is not allowed in `state`.
    func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>

    /// Who must act for a workflow in `state` to move on; drives the stuck-workflow check.
    func mover(of state: State) -> Mover

    // The audience sets: a DeclaredWorkflow derives them from its transition table; a workflow
    // without one has none (only staff send its events, and all of them are visible).

    /// The events a customer's contact may send (reply, confirm, cancel…); staff may send them too.
    static var customerEvents: Set<String> { get }
    /// The events only timers send; no caller of the API may send one, an operator may force one.
    static var timerEvents: Set<String> { get }
    /// The events whose transition records an SLA breach; counted in the metrics.
    static var slaBreachEvents: Set<String> { get }
    /// The events only staff see in the history (internal notes).
    static var staffOnlyEvents: Set<String> { get }

    /// What a customer's contact sees of a request's state and history: allow-lists of fields.
    /// A type that declares none shows customers its states' and events' names only.
    static var customerView: CustomerView { get }

    /// The forms people file it and move it with, in the contract's words. An instance's, since
    /// some choices come from the policy (the products of the support lifecycle). A type that
    /// declares none is filed and moved through the API only.
    var forms: WorkflowForms { get }

    /// The figures of the workflow's response-time target in `state`, for a workflow that has one.
    /// The engine stores them beside the state with every transition.
    func slaFigures(of state: State) -> SLAFigures?

    /// The calendar ``SLAFigures/calendar`` names; nil when the workflow knows none by that name,
    /// which then counts round the clock.
    func slaCalendar(named name: String) -> BusinessCalendar?
}

extension Workflow {
    public static var customerEvents: Set<String> { [] }
    public static var timerEvents: Set<String> { [] }
    public static var slaBreachEvents: Set<String> { [] }
    public static var staffOnlyEvents: Set<String> { [] }
    public static var customerView: CustomerView { .nothing }
    public var forms: WorkflowForms { .none }
    public func slaFigures(of state: State) -> SLAFigures? { nil }
    public func slaCalendar(named name: String) -> BusinessCalendar? { nil }

    /// Where the workflow's SLA stands at `now`, for a workflow that has one.
    public func slaStatus(of state: State, at now: Date) -> SLAStatus? {
        slaFigures(of: state).map { slaStatus(of: $0, at: now) }
    }

    /// Where a target with `figures` stands at `now`, counted in the calendar they name.
    public func slaStatus(of figures: SLAFigures, at now: Date) -> SLAStatus {
        figures.status(at: now, calendar: slaCalendar(named: figures.calendar) ?? .roundTheClock)
    }
}

/// A workflow's state: a Codable value with a stable name per case.
public protocol WorkflowState: Codable, Sendable, Equatable {
    /// The state's name as stored and shown (`new`, `in_progress`, …).
    var name: String { get }
    /// A terminal state ends the workflow: its open tasks and timers are cancelled.
    var isTerminal: Bool { get }
}

/// An event a workflow reacts to: sent by a person, the API, a completed task or a timer.
public protocol WorkflowEvent: Codable, Sendable, Equatable {
    /// The event's name as stored in the history (`respond`, `autoCloseDue`, …).
    var name: String { get }
}

extension WorkflowEvent {
    /// The enum case's name, which is also the key of its synthesized Codable form:
    /// `respond` for `.respond(message: "…")`, `confirm` for `.confirm`.
    ///
    /// An event that is not such an enum (or describes itself differently) states its own name.
    public var name: String {
        // A case with associated values reflects as one child labelled with the case's name; a case
        // without them has no children and describes itself by its name.
        Mirror(reflecting: self).children.first?.label ?? String(describing: self)
    }
}

/// The result of a pure decision: where the workflow goes and what must happen because of it.
public struct Transition<State: WorkflowState, Event: WorkflowEvent>: Sendable {
    public var state: State
    public var effects: [Effect<Event>]

    public init(to state: State, effects: [Effect<Event>] = []) {
        self.state = state
        self.effects = effects
    }
}
