import Foundation

/// Something an operator must look at: what is stuck, since when, why, and what repairs it.
public struct StuckItem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A job failed `max_attempts` times (or could never succeed) and stopped.
        case deadJob = "dead-job"
        /// A job keeps losing its lease: the workers running it die or stall.
        case leaseLosses = "lease-losses"
        /// A workflow stayed in one state longer than its threshold.
        case stateTooOld = "state-too-old"
        /// A task waited in its group's queue unclaimed past its threshold.
        case taskUnclaimed = "task-unclaimed"
        /// A claimed task saw no activity past its threshold.
        case taskIdle = "task-idle"
        /// A workflow waits on the engine or a group, but no task, timer or job can move it.
        case nothingMovesIt = "nothing-moves-it"
    }

    public var kind: Kind
    public var customerID: String
    public var workflowID: UUID?
    public var workflowType: String?
    public var state: String?
    public var jobID: Int64?
    public var taskID: UUID?
    public var since: Date
    public var reason: String
    public var repair: String
}
