/// A request type that states its transitions once, in a ``TransitionTable``.
///
/// Its audience sets and its ``diagram`` come from ``transitions``, and its `decide` starts with
/// ``checkDeclared(_:in:)``, so an event the table does not declare in a state never reaches the
/// decision and is refused naming the events that are accepted there.
public protocol DeclaredWorkflow: Workflow {
    static var transitions: TransitionTable<State> { get }
}

extension DeclaredWorkflow {
    public static var customerEvents: Set<String> { transitions.customerEvents }
    public static var timerEvents: Set<String> { transitions.timerEvents }
    public static var slaBreachEvents: Set<String> { transitions.slaBreachEvents }
    public static var staffOnlyEvents: Set<String> { transitions.staffOnlyEvents }

    /// Every transition by name, for the generated Mermaid diagram.
    public static var diagram: StateDiagram { transitions.diagram }

    /// Refuses `event` unless the table declares it in `state`; the first thing `decide` does.
    public static func checkDeclared(_ event: Event, in state: State) throws(TransitionError) {
        guard transitions.declares(event.name, in: state.name) else { throw refusal(of: event, in: state) }
    }

    /// The refusal of `event` in `state`, naming the events that move the workflow there.
    public static func refusal(of event: Event, in state: State) -> TransitionError {
        .invalid(type, state: state.name, event: event.name, allowed: transitions.acceptedEvents(in: state))
    }
}
