import Foundation
import StewardCore

extension IncidentWorkflow {
    public static let customerEvents: Set<String> = ["customerReplied", "confirm", "reopen", "cancel"]
    public static let timerEvents: Set<String> = ["slaWarningDue", "slaBreachDue", "dailyReportDue", "autoCloseDue"]
    /// The breach timer records a breach; so does a severity change whose new target has passed, and
    /// a late first response (or resolution) that beats a lagging breach timer.
    public static let slaBreachEvents: Set<String> = ["slaBreachDue", "changeSeverity", "respond", "resolve"]
    public static let staffOnlyEvents: Set<String> = ["addInternalNote"]

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
