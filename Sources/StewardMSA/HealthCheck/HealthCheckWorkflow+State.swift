import Foundation
import StewardCore

extension HealthCheckWorkflow {
    /// Where a health check stands.
    ///
    /// `requested` is the moment of filing: ``HealthCheckWorkflow/start(_:context:)`` opens
    /// `scheduling` at once, so a workflow never rests there. In `scheduling` a date is proposed
    /// (by the TAM or the customer) and then confirmed by the customer.
    public enum State: WorkflowState {
        /// A date is being agreed; `proposal` is the latest proposed date, waiting for the customer's confirmation.
        case scheduling(request: Request, proposal: Proposal?)
        /// The customer confirmed `date`; the `health-check-start` timer fires at the start of its working hours.
        case scheduled(request: Request, date: LocalDate)
        /// The health-check group performs the remote health check (one business day).
        case inProgress(request: Request, date: LocalDate)
        /// The health-check group writes the report.
        case reporting(request: Request, date: LocalDate)
        /// The checklist was delivered; the customer confirms, or it closes itself.
        case delivered(request: Request, date: LocalDate, checklist: [ChecklistItem])
        case closed(request: Request, date: LocalDate, checklist: [ChecklistItem])
        case cancelled(reason: String)

        public var name: String {
            switch self {
            case .scheduling: "scheduling"
            case .scheduled: "scheduled"
            case .inProgress: "in_progress"
            case .reporting: "reporting"
            case .delivered: "delivered"
            case .closed: "closed"
            case .cancelled: "cancelled"
            }
        }

        public var isTerminal: Bool {
            switch self {
            case .closed, .cancelled: true
            case .scheduling, .scheduled, .inProgress, .reporting, .delivered: false
            }
        }
    }

    /// The health check's fixed facts, carried from state to state.
    public struct Request: Codable, Sendable, Hashable {
        /// The customer's business calendar by name.
        public var calendar: String
        public var contractStart: LocalDate
        /// How many dates have been proposed so far; numbers the notifications about dates.
        public var proposals: Int

        public init(calendar: String, contractStart: LocalDate, proposals: Int = 0) {
            self.calendar = calendar
            self.contractStart = contractStart
            self.proposals = proposals
        }
    }

    /// A proposed date waiting for the customer's confirmation.
    public struct Proposal: Codable, Sendable, Hashable {
        public var date: LocalDate
        /// The actor as recorded in the history, e.g. `staff:tom` or `customer:ann`.
        public var proposedBy: String
        public var proposedAt: Date

        public init(date: LocalDate, proposedBy: String, proposedAt: Date) {
            self.date = date
            self.proposedBy = proposedBy
            self.proposedAt = proposedAt
        }
    }
}
