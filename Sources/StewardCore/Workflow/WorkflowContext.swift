import Foundation

/// What a pure decision may know about the world: the time, whose workflow it is, who acted.
public struct WorkflowContext: Sendable {
    /// The instant the transition happens at (the engine's clock, never `Date()` inside a workflow).
    public var now: Date
    public var workflowID: UUID
    public var customerID: String
    public var actor: Participant

    public init(now: Date, workflowID: UUID, customerID: String, actor: Participant) {
        self.now = now
        self.workflowID = workflowID
        self.customerID = customerID
        self.actor = actor
    }
}
