/// A request type's transitions, stated once: every event with who may send it and the moves it makes.
///
/// The rest is derived from it: the events each state accepts (what `decide` checks first, and what
/// a refusal lists), the ``StateDiagram`` the Mermaid files are generated from, and the audience
/// sets the API authorises by. Rows are listed in the order refusals name the events and the
/// diagram draws them.
///
/// ```swift
/// TransitionTable<State>(
///     initial: "open",
///     events: [
///         .staff("answer", recordsSLABreach: true, .from("open", to: "answered")),
///         .staff("note", hiddenFromCustomer: true, .stays(in: "open", "answered")),
///         .customer("cancel", .from("open", "answered", to: "cancelled")),
///     ],
///     terminal: ["cancelled"]
/// )
/// ```
public struct TransitionTable<State: WorkflowState>: Sendable {
    /// Who may send an event through the API.
    public enum Sender: Sendable, Hashable {
        /// Staff only: engineers, the TAM, the duty manager.
        case staff
        /// A customer's contact; staff may send it too.
        case customer
        /// Only a timer; no caller of the API may send it, an operator may force it.
        case timer
    }

    /// The moves of one event from a group of states: to one state, or staying where it is.
    public struct Move: Sendable {
        public let from: [String]
        /// The state the event leads to; nil when it stays in each of ``from``.
        public let to: String?
        /// Where a state's case carries more than its name can say (a licence accepted or not), the
        /// move is taken only from the states this holds for; elsewhere `decide` still receives the
        /// event and refuses it with its own reason, but a refusal does not list it as allowed.
        let condition: (@Sendable (State) -> Bool)?

        /// The event leads from each of `from` to `to`.
        public static func from(_ from: String..., to: String, when condition: (@Sendable (State) -> Bool)? = nil) -> Move {
            Move(from: from, to: to, condition: condition)
        }

        /// The event keeps the workflow in each of `states` (a note, a reminder, a reply that changes data).
        public static func stays(in states: String..., when condition: (@Sendable (State) -> Bool)? = nil) -> Move {
            Move(from: states, to: nil, condition: condition)
        }
    }

    /// One event: its name in the history (the Swift case's name), its audience and its moves.
    public struct Row: Sendable {
        public let name: String
        public let sender: Sender
        /// Whether the event's transition may record an SLA breach; the metrics count those.
        public let recordsSLABreach: Bool
        /// Whether only staff see the event in the history (an internal note).
        public let hiddenFromCustomer: Bool
        public let moves: [Move]

        /// An event only staff may send.
        public static func staff(
            _ name: String, recordsSLABreach: Bool = false, hiddenFromCustomer: Bool = false, _ moves: Move...
        ) -> Row {
            Row(name: name, sender: .staff, recordsSLABreach: recordsSLABreach, hiddenFromCustomer: hiddenFromCustomer, moves: moves)
        }

        /// An event a customer's contact may send (staff too).
        public static func customer(_ name: String, _ moves: Move...) -> Row {
            Row(name: name, sender: .customer, recordsSLABreach: false, hiddenFromCustomer: false, moves: moves)
        }

        /// An event only a timer sends.
        public static func timer(_ name: String, recordsSLABreach: Bool = false, _ moves: Move...) -> Row {
            Row(name: name, sender: .timer, recordsSLABreach: recordsSLABreach, hiddenFromCustomer: false, moves: moves)
        }
    }

    /// The state a request is filed in.
    public let initial: String
    /// Where `start` takes a new request at once when it does not rest in ``initial``.
    public let startsIn: [String]
    /// Every event, once.
    public let events: [Row]
    public let terminal: [String]

    /// The transitions by name: `start` from ``initial`` to each of ``startsIn``, then every move of
    /// every event in the order of ``events``.
    public let diagram: StateDiagram
    /// The events a customer's contact may send; see ``Workflow/customerEvents``.
    public let customerEvents: Set<String>
    /// The events only timers send; see ``Workflow/timerEvents``.
    public let timerEvents: Set<String>
    /// The events whose transition may record an SLA breach; see ``Workflow/slaBreachEvents``.
    public let slaBreachEvents: Set<String>
    /// The events only staff see in the history; see ``Workflow/staffOnlyEvents``.
    public let staffOnlyEvents: Set<String>

    public init(initial: String, startsIn: [String] = [], events: [Row], terminal: [String]) {
        self.initial = initial
        self.startsIn = startsIn
        self.events = events
        self.terminal = terminal
        let starts = startsIn.map { StateDiagram.Edge(initial, "start", $0) }
        let moves = events.flatMap { row in
            row.moves.flatMap { move in move.from.map { StateDiagram.Edge($0, row.name, move.to ?? $0) } }
        }
        diagram = StateDiagram(initial: initial, edges: starts + moves, terminal: terminal)
        customerEvents = Set(events.filter { $0.sender == .customer }.map(\.name))
        timerEvents = Set(events.filter { $0.sender == .timer }.map(\.name))
        slaBreachEvents = Set(events.filter(\.recordsSLABreach).map(\.name))
        staffOnlyEvents = Set(events.filter(\.hiddenFromCustomer).map(\.name))
    }

    /// Whether `event` has a move from the state named `state`, whatever its condition.
    public func declares(_ event: String, in state: String) -> Bool {
        events.contains { $0.name == event && $0.moves.contains { $0.from.contains(state) } }
    }

    /// The events that move a workflow in `state`, in the order of ``events``.
    public func acceptedEvents(in state: State) -> [String] {
        events.filter { row in
            row.moves.contains { $0.from.contains(state.name) && ($0.condition?(state) ?? true) }
        }
        .map(\.name)
    }
}
