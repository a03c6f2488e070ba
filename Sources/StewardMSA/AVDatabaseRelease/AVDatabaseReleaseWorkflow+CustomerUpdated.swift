import Foundation
import StewardCore

extension AVDatabaseReleaseWorkflow: CustomerUpdated {
    /// The kind of release asked for and the sample's reference, e.g. `falsePositive sample upload-7`;
    /// nil once cancelled.
    public func summary(of state: State, at now: Date) -> String? {
        switch state {
        case .analysis(let request), .releasePreparation(let request), .rejected(let request, _),
            .released(let request, _), .awaitingConfirmation(let request, _), .closed(let request, _):
            "\(request.kind.rawValue) sample \(request.sampleReference)"
        case .cancelled: nil
        }
    }
}
