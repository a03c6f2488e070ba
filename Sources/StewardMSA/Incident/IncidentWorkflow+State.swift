import Foundation
import StewardCore

extension IncidentWorkflow {
    /// Where an incident stands (DESIGN.md section 2). Every state carries the ``Incident``; the
    /// later ones also how it was resolved, closed or cancelled.
    ///
    /// Encoded keyed by the Swift case, e.g. `{"inProgress": {"incident": {…}}}` or
    /// `{"resolved": {"incident": {…}, "resolution": {…}}}`; ``name`` is the snake_case name stored
    /// and shown (`in_progress`).
    public enum State: WorkflowState, Hashable {
        /// Filed; the first-response clock runs and the support group has a `respond` task.
        case new(incident: Incident)
        /// Answered; the support group works it (task `resolve`).
        case inProgress(incident: Incident)
        /// Staff asked the customer for information.
        case waitingForCustomer(incident: Incident)
        /// Resolved; waiting for the customer's confirmation or the auto-close timer.
        case resolved(incident: Incident, resolution: Resolution)
        case closed(incident: Incident, resolution: Resolution, closure: Closure)
        case cancelled(incident: Incident, cancellation: Cancellation)

        public var name: String {
            switch self {
            case .new: "new"
            case .inProgress: "in_progress"
            case .waitingForCustomer: "waiting_for_customer"
            case .resolved: "resolved"
            case .closed: "closed"
            case .cancelled: "cancelled"
            }
        }

        public var isTerminal: Bool {
            switch self {
            case .closed, .cancelled: true
            case .new, .inProgress, .waitingForCustomer, .resolved: false
            }
        }

        /// The incident, whatever the state.
        public var incident: Incident {
            switch self {
            case .new(let incident), .inProgress(let incident), .waitingForCustomer(let incident),
                .resolved(let incident, _), .closed(let incident, _, _), .cancelled(let incident, _):
                incident
            }
        }

        /// The same state with `incident` in it.
        func replacing(_ incident: Incident) -> State {
            switch self {
            case .new: .new(incident: incident)
            case .inProgress: .inProgress(incident: incident)
            case .waitingForCustomer: .waitingForCustomer(incident: incident)
            case .resolved(_, let resolution): .resolved(incident: incident, resolution: resolution)
            case .closed(_, let resolution, let closure): .closed(incident: incident, resolution: resolution, closure: closure)
            case .cancelled(_, let cancellation): .cancelled(incident: incident, cancellation: cancellation)
            }
        }
    }

    /// How an incident was resolved, and when it closes unless the customer confirms or reopens it.
    public struct Resolution: Codable, Sendable, Hashable {
        public let at: Date
        /// What the customer was told.
        public let summary: String
        /// When the `auto-close` timer fires.
        public let autoCloseAt: Date
    }

    /// How a resolved incident ended.
    public struct Closure: Codable, Sendable, Hashable {
        public enum Reason: String, Codable, Sendable, Hashable {
            /// The customer confirmed the resolution.
            case confirmed
            /// Nobody objected within the policy's business days.
            case autoClosed = "auto-closed"
        }

        public let at: Date
        public let reason: Reason
    }

    /// Why and when a request was withdrawn.
    public struct Cancellation: Codable, Sendable, Hashable {
        public let at: Date
        public let reason: String
    }
}
