/// Why a workflow refused an input or an event. Nothing is written when one is thrown.
public struct TransitionError: Error, Sendable, Equatable {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The event is not allowed in the current state.
        public static let invalidTransition = Code(rawValue: "invalid-transition")
        /// The event is allowed but breaks a rule of the contract (a date too early, a quota used).
        public static let ruleViolated = Code(rawValue: "rule-violated")
        /// The input or event JSON does not match the request type.
        public static let undecodable = Code(rawValue: "undecodable")
    }

    public var code: Code
    public var workflowType: String
    /// The state the workflow was in, or nil when starting.
    public var state: String?
    /// The event's name, or nil when starting.
    public var event: String?
    /// What was wrong and what to do, in the contract's words.
    public var reason: String
    /// The input field at fault, for validation errors.
    public var field: String?

    public init(
        code: Code,
        workflowType: String,
        state: String? = nil,
        event: String? = nil,
        reason: String,
        field: String? = nil
    ) {
        self.code = code
        self.workflowType = workflowType
        self.state = state
        self.event = event
        self.reason = reason
        self.field = field
    }

    /// The event is not allowed in `state`; names both and the events that are.
    public static func invalid(
        _ workflowType: String,
        state: String,
        event: String,
        allowed: [String] = []
    ) -> TransitionError {
        let hint = allowed.isEmpty ? "nothing moves it any more" : "allowed there: \(allowed.joined(separator: ", "))"
        return TransitionError(
            code: .invalidTransition,
            workflowType: workflowType,
            state: state,
            event: event,
            reason: "\(workflowType) in state '\(state)' does not accept '\(event)' (\(hint))"
        )
    }
}

extension TransitionError: CustomStringConvertible {
    public var description: String { reason }
}
