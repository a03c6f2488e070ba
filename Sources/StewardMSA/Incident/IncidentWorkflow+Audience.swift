import Foundation
import StewardCore

extension IncidentWorkflow {
    public static let customerEvents: Set<String> = ["customerReplied", "confirm", "reopen", "cancel"]
    public static let timerEvents: Set<String> = ["slaWarningDue", "slaBreachDue", "dailyReportDue", "autoCloseDue"]
    public static let slaBreachEvents: Set<String> = ["slaBreachDue"]
    public static let staffOnlyEvents: Set<String> = ["addInternalNote"]

    /// The first-response countdown, counted in the incident's support calendar.
    public func slaStatus(of state: State, at now: Date) -> SLAStatus? {
        let incident = state.incident
        let calendar = policy.calendar(named: incident.supportCalendar) ?? .roundTheClock
        return SLAStatus(clock: incident.clock, remaining: incident.clock.remaining(at: now, supportCalendar: calendar))
    }
}
