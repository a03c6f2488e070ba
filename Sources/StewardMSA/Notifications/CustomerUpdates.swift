import Foundation
import StewardCore

/// A request type whose customer's contacts hear of its receipt and of its moves: it says in one
/// line what a request is about, and what else the receipt tells.
public protocol CustomerUpdated: DeclaredWorkflow {
    /// What the request in `state` is about, in one line (`summary` of `request-received` and
    /// `state-changed`); nil for a state that no longer carries the request (a cancellation).
    func summary(of state: State, at now: Date) -> String?

    /// The fields of `request-received` besides `summary` (an incident's severity and target).
    func receiptFields(of state: State) -> [String: String]
}

extension CustomerUpdated {
    public func receiptFields(of state: State) -> [String: String] { [:] }
}

/// A request type as the engine runs it: `Base` itself, and the customer's contacts told of the
/// filing (`request-received`) and of every move to another state they may see (`state-changed`).
///
/// One rule for the four request types, kept out of their own decisions: the base's states, events,
/// transition table, audience sets, customer's view, forms, type, version and diagram are its own,
/// so the stored JSON, the API's checks and `steward workflows diagram` do not change. A move is
/// not told when:
/// - its event is staff-only (hidden from the customer in the history);
/// - the same transition already sends the customer's contacts a notification of its own (a
///   published release, a licence request, a proposed date), so nobody gets two mails for one step;
/// - it is the filing, which `request-received` tells.
public struct CustomerUpdates<Base: CustomerUpdated>: DeclaredWorkflow {
    public typealias Input = Base.Input
    public typealias State = Base.State
    public typealias Event = Base.Event

    public static var type: String { Base.type }
    public static var transitions: TransitionTable<State> { Base.transitions }
    public static var customerEvents: Set<String> { Base.customerEvents }
    public static var timerEvents: Set<String> { Base.timerEvents }
    public static var slaBreachEvents: Set<String> { Base.slaBreachEvents }
    public static var staffOnlyEvents: Set<String> { Base.staffOnlyEvents }
    public static var customerView: CustomerView { Base.customerView }
    public static var diagram: StateDiagram { Base.diagram }

    public let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public var version: Int { base.version }
    public var forms: WorkflowForms { base.forms }

    /// The base's start, and `request-received` to the customer's contacts.
    public func start(_ input: Input, context: WorkflowContext) throws(TransitionError) -> Transition<State, Event> {
        var transition = try base.start(input, context: context)
        var fields = base.receiptFields(of: transition.state)
        fields["summary"] = base.summary(of: transition.state, at: context.now)
        transition.effects.append(.notify(.customerContacts, "request-received", fields, key: "request-received"))
        return transition
    }

    /// The base's decision, and `state-changed` to the customer's contacts when the move is theirs to hear of.
    public func decide(
        _ state: State, on event: Event, context: WorkflowContext
    ) throws(TransitionError)
        -> Transition<State, Event>
    {
        var transition = try base.decide(state, on: event, context: context)
        let (from, to) = (state.name, transition.state.name)
        guard from != to, !Self.staffOnlyEvents.contains(event.name), !transition.effects.contains(where: \.tellsCustomer) else {
            return transition
        }
        var fields = ["from": from, "to": to, "event": event.name]
        fields["summary"] = base.summary(of: transition.state, at: context.now) ?? base.summary(of: state, at: context.now)
        // Unique per transition even when the workflow comes back to a state it was in: one
        // transition's instant, to the millisecond, with its from, to and event. A workflow's
        // transitions are one per transaction or, in a timer batch, one after another at the batch's
        // instant; two of them share all four only if the workflow went from `from` to `to` by
        // `event`, back, and again within one instant, which no request type's timers do. The
        // instant is the one the transition is recorded at, so a retried transaction that commits
        // once writes one row.
        let milliseconds = Int64((context.now.timeIntervalSince1970 * 1_000).rounded(.down))
        transition.effects.append(
            .notify(.customerContacts, "state-changed", fields, key: "state-changed-\(from)-\(to)-\(event.name)-\(milliseconds)")
        )
        return transition
    }

    public func mover(of state: State) -> Mover {
        base.mover(of: state)
    }

    public func slaFigures(of state: State) -> SLAFigures? {
        base.slaFigures(of: state)
    }

    public func slaCalendar(named name: String) -> BusinessCalendar? {
        base.slaCalendar(named: name)
    }
}

extension Effect {
    /// Whether this effect is a notification to the customer's contacts (all of them, or one).
    fileprivate var tellsCustomer: Bool {
        guard case .notify(let notification) = self else { return false }
        switch notification.recipient {
        case .customerContacts, .contact: return true
        case .staff, .group, .tamOrDutyManager, .address, .webhook: return false
        }
    }
}
