/// What a customer's contact sees of a request of one type: the fields of its state, of its
/// filing, and of each event's payload in the history, each an allow-list.
///
/// Anything not listed is staff's: assignees, internal and QA notes, build names, group and staff
/// ids. A field a type adds later stays hidden from customers until its type lists it here.
public struct CustomerView: Sendable, Hashable {
    /// The fields inside the state's case, whichever case it is (`{"inQA": {…}}`).
    public var state: VisibleFields
    /// The fields of the filing (the history's `start` entry, whose payload is the type's input).
    public var input: VisibleFields
    /// The fields inside each event's case by event name; an event not named here shows its name only.
    public var events: [String: VisibleFields]

    public init(state: VisibleFields, input: VisibleFields, events: [String: VisibleFields] = [:]) {
        self.state = state
        self.input = input
        self.events = events
    }

    /// Nothing but the state's and the events' names: what a type that declares no view shows.
    public static let nothing = CustomerView(state: .none, input: .none)

    /// The customer's view of a stored state, e.g. `{"inQA": {"request": {…}}}` without the build.
    public func state(_ state: JSONValue) -> JSONValue {
        self.state.keepingCase(state)
    }

    /// The customer's view of a history entry's payload: the filing's listed fields for `start`, the
    /// listed fields inside the event's case for any other event.
    public func payload(_ payload: JSONValue, ofEvent event: String) -> JSONValue {
        event == "start" ? input.keeping(payload) : (events[event] ?? .none).keepingCase(payload)
    }
}
