import Foundation
import StewardCore

extension PrivatePatchWorkflow: CustomerUpdated {
    /// `product version`, e.g. `endpoint-security 11.0`; nil once cancelled.
    public func summary(of state: State, at now: Date) -> String? {
        switch state {
        case .rejected(let product, let version, _): "\(product) \(version)"
        case .inDevelopment(let request, _, _), .inQA(let request, _, _), .awaitingLicenseAcceptance(let request, _, _, _),
            .delivered(let request, _, _), .closed(let request, _):
            "\(request.product) \(request.version)"
        case .cancelled: nil
        }
    }
}
