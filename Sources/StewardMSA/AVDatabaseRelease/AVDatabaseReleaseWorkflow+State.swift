import StewardCore

extension AVDatabaseReleaseWorkflow {
    /// Where an antivirus database release request stands.
    ///
    /// `requested` is the moment of filing: ``AVDatabaseReleaseWorkflow/start(_:context:)`` hands the
    /// sample to the virus lab at once, so a workflow never rests there. `released` is left by the
    /// system: releasing schedules the `publish` timer for the same instant.
    public enum State: WorkflowState {
        /// The virus lab analyses the sample.
        case analysis(request: Input)
        /// The virus lab found no release is needed.
        case rejected(request: Input, reason: String)
        /// The release group prepares the urgent database release.
        case releasePreparation(request: Input)
        /// The urgent release is out; the system publishes it to the customer at once.
        case released(request: Input, urgentReleaseID: String)
        /// The customer checks the new databases; confirms, or the request closes itself.
        case awaitingConfirmation(request: Input, urgentReleaseID: String)
        case closed(request: Input, urgentReleaseID: String)
        case cancelled(reason: String)

        public var name: String {
            switch self {
            case .analysis: "analysis"
            case .rejected: "rejected"
            case .releasePreparation: "release_preparation"
            case .released: "released"
            case .awaitingConfirmation: "awaiting_confirmation"
            case .closed: "closed"
            case .cancelled: "cancelled"
            }
        }

        public var isTerminal: Bool {
            switch self {
            case .rejected, .closed, .cancelled: true
            case .analysis, .releasePreparation, .released, .awaitingConfirmation: false
            }
        }
    }
}
