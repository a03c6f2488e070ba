/// The forms of one request type: how it is filed, the event forms people send to it, and the
/// outcomes its tasks are completed with. A page renders them; the type decides what they hold.
///
/// Which event forms a request offers follows from the type's ``TransitionTable``: those of the
/// events with a move from its state, for the user looking at it.
public struct WorkflowForms: Sendable {
    /// The forms that complete one task: events whose transition finishes it (closes the task or
    /// ends the request), as completing a task requires.
    public struct TaskOutcomes: Sendable {
        /// The task's name, or the name before the number of numbered tasks.
        public let task: String
        /// Whether `task` names tasks numbered one by one: `daily-report-call-` for `daily-report-call-3`.
        public let isNumbered: Bool
        public let forms: [EventForm]

        /// The outcomes of the task named `name`.
        public static func task(_ name: String, _ forms: EventForm...) -> TaskOutcomes {
            TaskOutcomes(task: name, isNumbered: false, forms: forms)
        }

        /// The outcomes of every task named `prefix` followed by a number.
        public static func numberedTasks(_ prefix: String, _ forms: EventForm...) -> TaskOutcomes {
            TaskOutcomes(task: prefix, isNumbered: true, forms: forms)
        }

        func matches(_ name: String) -> Bool {
            guard isNumbered else { return name == task }
            let number = name.dropFirst(task.count)
            return name.hasPrefix(task) && !number.isEmpty && number.allSatisfy { ("0"..."9").contains($0) }
        }
    }

    /// The filing form each user is offered.
    private let filing: [FormUser: FilingForm]
    /// The forms people send to a request directly, in the order a page offers them. An event that
    /// only ever completes a task (a QA verdict) has its form among the ``tasks``' outcomes instead.
    public let events: [EventForm]
    /// The outcomes of each task the type opens.
    public let tasks: [TaskOutcomes]
    /// The events with a move from each state, by state name.
    private let declared: [String: Set<String>]

    public init<State>(
        transitions: TransitionTable<State>, filing: [FormUser: FilingForm], events: [EventForm], tasks: [TaskOutcomes]
    ) {
        self.filing = filing
        self.events = events
        self.tasks = tasks
        var declared: [String: Set<String>] = [:]
        for row in transitions.events {
            for state in row.moves.flatMap(\.from) { declared[state, default: []].insert(row.name) }
        }
        self.declared = declared
    }

    private init() {
        filing = [:]
        events = []
        tasks = []
        declared = [:]
    }

    /// No forms: what a type that declares none has; it is filed and moved through the API only.
    public static let none = WorkflowForms()

    /// The filing form `user` is offered, or nil when they do not file this type.
    public func filing(for user: FormUser) -> FilingForm? {
        filing[user]
    }

    /// The event forms `user` is offered for a request in the state named `state`: those of the
    /// events the transition table moves from it.
    ///
    /// Where a move holds only for some cases of a state (a licence not yet accepted), its form is
    /// offered in all of them and the request type refuses it, with its reason, where it does not hold.
    public func events(inState state: String, for user: FormUser) -> [EventForm] {
        let accepted = declared[state] ?? []
        return events.filter { accepted.contains($0.event) && $0.users.contains(user) }
    }

    /// The form of `event` that `user` is offered, to read a submission with.
    public func event(_ event: String, for user: FormUser) -> EventForm? {
        events.first { $0.event == event && $0.users.contains(user) }
    }

    /// The forms that complete the task named `task` (`respond`, `daily-report-call-2`); empty for
    /// a task this type does not open.
    public func outcomes(forTask task: String) -> [EventForm] {
        tasks.first { $0.matches(task) }?.forms ?? []
    }
}
