import Foundation
import StewardCore

extension IncidentWorkflow {
    /// The first-response target, counted in the incident's support calendar; a cancelled
    /// incident's clock stops at its cancellation.
    public func slaFigures(of state: State) -> SLAFigures? {
        let incident = state.incident
        var stoppedAt: Date?
        if case .cancelled(_, let cancellation) = state { stoppedAt = cancellation.at }
        return SLAFigures(
            clock: incident.clock, supportCalendar: policy.calendar(named: incident.supportCalendar) ?? .roundTheClock,
            stoppedAt: stoppedAt)
    }

    public func slaCalendar(named name: String) -> BusinessCalendar? {
        policy.calendar(named: name)
    }
}
