import Foundation
import StewardCore

extension IncidentWorkflow: CustomerUpdated {
    /// The incident's summary, in the customer's words.
    public func summary(of state: State, at now: Date) -> String? {
        state.incident.summary
    }

    /// The severity filed and the first-response target it sets.
    public func receiptFields(of state: State) -> [String: String] {
        let incident = state.incident
        return ["severity": "\(incident.severity)", "targetAt": incident.clock.dueAt.formatted(.iso8601)]
    }
}
