import Foundation

/// A request's response-time target as the engine stores it beside the state: the figures that
/// stay as they are until the request moves again. Where the target stands at any later instant
/// (``SLAStatus``) follows from them and the calendar they name, so a list of requests shows its
/// countdowns without decoding a single state.
public struct SLAFigures: Sendable, Hashable, Codable {
    public var severity: Severity
    public var receivedAt: Date
    public var dueAt: Date
    public var firstResponseAt: Date?
    public var breachedAt: Date?
    public var breachedSeverity: Severity?
    /// The whole response time of the target in force, in counted seconds.
    public var targetSeconds: Int
    /// The fractions of the response time at which the TAM-or-duty-manager is warned, ascending.
    public var warningFractions: [Double]
    /// The name of the calendar the response time is counted in (``BusinessCalendar/name``).
    public var calendar: String
    /// When the clock stopped without a response (a cancellation): time counts up to it only.
    public var stoppedAt: Date?

    /// The figures of `clock`, counted in its target's calendar for a customer with `supportCalendar`.
    public init(clock: SLAClock, supportCalendar: BusinessCalendar, stoppedAt: Date? = nil) {
        severity = clock.severity
        receivedAt = clock.receivedAt
        dueAt = clock.dueAt
        firstResponseAt = clock.firstResponse?.at
        breachedAt = clock.breachedAt
        breachedSeverity = clock.breachedAt.map { _ in clock.breachedSeverity ?? clock.severity }
        targetSeconds = Int(clock.target.responseTime.duration.components.seconds)
        warningFractions = clock.target.warnings.map(\.fraction)
        calendar = clock.target.responseTime.counting.calendar(support: supportCalendar).name
        self.stoppedAt = stoppedAt
    }

    /// Where the target stands at `now`, counting in `calendar` (the one ``calendar`` names).
    public func status(at now: Date, calendar: BusinessCalendar) -> SLAStatus {
        let instant = stoppedAt.map { min(now, $0) } ?? now
        return SLAStatus(figures: self, remaining: remaining(at: instant, calendar: calendar), at: instant)
    }

    /// The time `calendar` counts from `now` (or the first response once given) to the due
    /// instant; negative once it has passed.
    func remaining(at now: Date, calendar: BusinessCalendar) -> Duration {
        calendar.businessTime(from: firstResponseAt ?? now, to: dueAt)
    }
}
