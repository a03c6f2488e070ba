import Foundation
import StewardCore

/// A request the engine refused. Nothing is written when one is thrown.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let unknownWorkflowType = Code(rawValue: "unknown-workflow-type")
        public static let unknownCustomer = Code(rawValue: "unknown-customer")
        public static let workflowNotFound = Code(rawValue: "workflow-not-found")
        public static let versionConflict = Code(rawValue: "version-conflict")
        public static let workflowFinished = Code(rawValue: "workflow-finished")
        public static let transitionRefused = Code(rawValue: "transition-refused")
        public static let taskNotFound = Code(rawValue: "task-not-found")
        public static let taskNotClaimable = Code(rawValue: "task-not-claimable")
        public static let notInGroup = Code(rawValue: "not-in-group")
        public static let jobNotFound = Code(rawValue: "job-not-found")
        public static let jobNotDead = Code(rawValue: "job-not-dead")
        public static let workflowPaused = Code(rawValue: "workflow-paused")
        public static let workflowNotPaused = Code(rawValue: "workflow-not-paused")
        public static let unknownStaff = Code(rawValue: "unknown-staff")
        public static let unknownContact = Code(rawValue: "unknown-contact")
        public static let badToken = Code(rawValue: "bad-token")
        public static let reasonRequired = Code(rawValue: "reason-required")
        public static let outcomeDoesNotFinishTask = Code(rawValue: "outcome-does-not-finish-task")
    }

    public var code: Code
    public var description: String
    public var workflowID: UUID?
    /// The workflow's refusal, when a transition was refused.
    public var transition: TransitionError?
    /// The version the workflow is at, for a version conflict.
    public var currentVersion: Int64?

    public init(
        _ code: Code,
        _ description: String,
        workflowID: UUID? = nil,
        transition: TransitionError? = nil,
        currentVersion: Int64? = nil
    ) {
        self.code = code
        self.description = description
        self.workflowID = workflowID
        self.transition = transition
        self.currentVersion = currentVersion
    }

    static func refused(_ error: TransitionError, workflowID: UUID?) -> EngineError {
        EngineError(.transitionRefused, error.reason, workflowID: workflowID, transition: error)
    }
}
