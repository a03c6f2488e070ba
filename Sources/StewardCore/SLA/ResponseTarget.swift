import Foundation

/// When the first response to one incident is due, and when the TAM is warned on the way.
///
/// The response time is counted from the receipt instant in the time the policy says: all time for
/// a round-the-clock target (``BusinessCalendar/roundTheClock``), the support calendar's business
/// hours for a business-hours one. A request filed outside business hours therefore starts counting
/// at the next business instant. Each warning is its fraction of the response time counted the same
/// way from the same start, so a 50 % warning of a 6-business-hour target falls 3 business hours in.
public struct ResponseTarget: Sendable, Hashable, Codable {
    /// The instant a fraction of the response time has passed.
    public struct Warning: Sendable, Hashable, Codable {
        /// The fraction of the response time, e.g. 0.8.
        public let fraction: Double
        /// When that fraction has passed.
        public let at: Date
    }

    /// When the request was received: the clock's origin, kept across severity changes.
    public let receivedAt: Date
    public let severity: Severity
    public let tier: SupportTier
    /// The policy's response time for this severity and tier.
    public let responseTime: SLAPolicy.ResponseTime
    /// The first instant counted: `receivedAt`, or the next business instant after it.
    public let startsCountingAt: Date
    /// The instant the response time runs out; a first response at or before it meets the target.
    public let dueAt: Date
    /// One warning per policy fraction, in ascending order.
    public let warnings: [Warning]

    /// Computes the target of an incident of `severity` received at `receivedAt` from a customer on
    /// `tier` whose contract names `supportCalendar`.
    public init(
        receivedAt: Date,
        severity: Severity,
        tier: SupportTier,
        policy: SLAPolicy,
        supportCalendar: BusinessCalendar
    ) {
        let responseTime = policy.responseTime(for: severity, tier: tier)
        let calendar = responseTime.counting.calendar(support: supportCalendar)
        self.receivedAt = receivedAt
        self.severity = severity
        self.tier = tier
        self.responseTime = responseTime
        startsCountingAt = calendar.adding(.zero, to: receivedAt)
        dueAt = calendar.adding(responseTime.duration, to: receivedAt)
        warnings = policy.warningFractions.map { fraction in
            // Rounded to the second: 80 % of 6 h is 17 280 s, not 17 280.000000000004 s.
            let seconds = (responseTime.duration.timeInterval * fraction).rounded()
            return Warning(fraction: fraction, at: calendar.adding(businessSeconds: seconds, to: receivedAt))
        }
    }
}
