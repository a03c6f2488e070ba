import Foundation

/// What an ``SLAClock`` operation asks its workflow to do, typically as timer and notification effects.
///
/// Timers are named by what they deliver: one per warning fraction and one for the breach, so
/// scheduling a fraction (or the breach) again replaces its earlier timer, as
/// `Effect.scheduleTimer` does for a name.
public enum SLAAction: Sendable, Hashable {
    /// Arm the timer that delivers ``SLAClock/warningDue(fraction:at:)`` for `fraction` at `at`,
    /// replacing any earlier one for that fraction.
    case scheduleWarning(fraction: Double, at: Date)
    /// Drop the pending warning timer for `fraction`.
    case cancelWarning(fraction: Double)
    /// Arm the timer that delivers ``SLAClock/breachDue(at:)`` at `at`, replacing any earlier one.
    case scheduleBreach(at: Date)
    /// Drop the pending breach timer.
    case cancelBreach
    /// Tell the TAM-or-duty-manager that `fraction` of the response time has passed; the first
    /// response is due at `dueAt`.
    case notifyWarning(fraction: Double, dueAt: Date)
    /// Record the breach (history and a notice to the TAM-or-duty-manager): the first-response
    /// target was missed at `breachedAt`. Emitted at most once per incident.
    case recordBreach(breachedAt: Date)
}
