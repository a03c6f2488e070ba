import Foundation

// The refusals every request type shares, worded alike.
extension Workflow {
    /// A rule of the contract refused `event` in `state`, or the input when both are nil.
    public static func ruleViolation(
        _ reason: String, field: String? = nil, in state: State? = nil, on event: Event? = nil
    ) -> TransitionError {
        TransitionError(code: .ruleViolated, workflowType: type, state: state?.name, event: event?.name, reason: reason, field: field)
    }

    /// `value` without surrounding white space, or a rule violation naming `field` when nothing is left.
    @discardableResult
    public static func required(
        _ value: String, field: String, what: String, in state: State? = nil, on event: Event? = nil
    ) throws(TransitionError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.isEmpty else { return trimmed }
        throw ruleViolation("\(field) is empty; give \(what)", field: field, in: state, on: event)
    }
}
