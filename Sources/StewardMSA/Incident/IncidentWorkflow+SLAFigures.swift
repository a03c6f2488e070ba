import Foundation
import StewardCore

extension IncidentWorkflow {
    /// The first-response countdown, counted in the incident's support calendar; a cancelled
    /// incident's clock stops at its cancellation.
    public func slaStatus(of state: State, at now: Date) -> SLAStatus? {
        let incident = state.incident
        let calendar = policy.calendar(named: incident.supportCalendar) ?? .roundTheClock
        var instant = now
        if case .cancelled(_, let cancellation) = state { instant = min(now, cancellation.at) }
        return SLAStatus(
            clock: incident.clock,
            remaining: incident.clock.remaining(at: instant, supportCalendar: calendar),
            at: instant
        )
    }
}
