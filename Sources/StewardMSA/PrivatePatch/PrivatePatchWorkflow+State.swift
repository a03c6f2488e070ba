import Foundation
import StewardCore

extension PrivatePatchWorkflow {
    /// Where a private patch request stands.
    ///
    /// `requested` is the moment of filing: ``PrivatePatchWorkflow/start(_:context:)`` checks the
    /// lifecycle at once, so a workflow never rests there (the diagram still shows it as the start).
    /// The licence is accepted inside `awaiting_license_acceptance`: `acceptLicense` records the
    /// acceptance and hands delivery to the engineering group, and `deliver` is refused until then.
    public enum State: WorkflowState {
        /// Outside the support lifecycle; nothing is built.
        case rejected(product: String, version: String, reason: String)
        /// The enterprise engineering group builds the patch; `round` counts builds, `qaNotes` says why QA failed the last one.
        case inDevelopment(request: Request, round: Int, qaNotes: String?)
        /// QA verifies `build`.
        case inQA(request: Request, round: Int, build: String)
        /// The customer must accept the private-patch licence; `license` is set once they have,
        /// and the engineering group then delivers.
        case awaitingLicenseAcceptance(request: Request, build: String, reminders: Int, license: LicenseAcceptance?)
        /// The patch was handed over as `artifact`; the customer confirms, or it closes itself.
        case delivered(request: Request, build: String, artifact: String)
        case closed(request: Request, artifact: String)
        case cancelled(reason: String)

        public var name: String {
            switch self {
            case .rejected: "rejected"
            case .inDevelopment: "in_development"
            case .inQA: "in_qa"
            case .awaitingLicenseAcceptance: "awaiting_license_acceptance"
            case .delivered: "delivered"
            case .closed: "closed"
            case .cancelled: "cancelled"
            }
        }

        public var isTerminal: Bool {
            switch self {
            case .rejected, .closed, .cancelled: true
            case .inDevelopment, .inQA, .awaitingLicenseAcceptance, .delivered: false
            }
        }
    }

    /// An eligible request as the engineering group sees it.
    public struct Request: Codable, Sendable, Hashable {
        public var product: String
        public var version: String
        public var description: String
        /// The customer's local date the request was filed on.
        public var requestedOn: LocalDate
        /// The version's last supported day, from the lifecycle when the request was filed.
        public var endOfSupport: LocalDate

        public init(product: String, version: String, description: String, requestedOn: LocalDate, endOfSupport: LocalDate) {
            self.product = product
            self.version = version
            self.description = description
            self.requestedOn = requestedOn
            self.endOfSupport = endOfSupport
        }
    }

    /// Who accepted the private-patch licence, and when.
    public struct LicenseAcceptance: Codable, Sendable, Hashable {
        /// The actor as recorded in the history, e.g. `customer:ann`.
        public var acceptedBy: String
        public var acceptedAt: Date

        public init(acceptedBy: String, acceptedAt: Date) {
            self.acceptedBy = acceptedBy
            self.acceptedAt = acceptedAt
        }
    }
}
