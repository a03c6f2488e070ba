import Foundation

/// The first-response targets of a support contract: a response time per severity, optionally a
/// different one per support tier, and the fractions of it at which the TAM is warned.
///
/// Every value is valid: the initializer and `Decodable` reject a policy in which some severity has
/// no response time, a response time that is not a positive whole number of minutes, or warning
/// fractions that are not ascending, distinct and strictly between 0 and 1. See
/// `SLAPolicy+Codable.swift` for the encoded form.
public struct SLAPolicy: Sendable, Hashable {
    /// Which time a response time counts.
    public enum Counting: String, Sendable, Hashable, CaseIterable, Codable {
        /// Every instant counts: nights, weekends and holidays (``BusinessCalendar/roundTheClock``).
        case roundTheClock = "round-the-clock"
        /// Only the business hours of the support calendar named in the customer's contract count.
        case businessHours = "business-hours"

        /// The calendar that measures this kind of time for a customer with `support` as support calendar.
        public func calendar(support: BusinessCalendar) -> BusinessCalendar {
            switch self {
            case .roundTheClock: .roundTheClock
            case .businessHours: support
            }
        }
    }

    /// How long the first response may take, and which time counts.
    public struct ResponseTime: Sendable, Hashable {
        public let duration: Duration
        public let counting: Counting

        public init(_ duration: Duration, counting: Counting) {
            self.duration = duration
            self.counting = counting
        }
    }

    /// The response time of each severity, for every tier without one of its own.
    public let responseTimes: [Severity: ResponseTime]
    /// Response times that replace ``responseTimes`` for one tier, e.g. a faster severity 1 for
    /// MSA Enterprise; a severity a tier does not list uses ``responseTimes``.
    public let tierResponseTimes: [SupportTier: [Severity: ResponseTime]]
    /// The fractions of the response time at which the TAM-or-duty-manager is warned, ascending.
    public let warningFractions: [Double]

    /// Warnings at half and at four fifths of the response time.
    public static let defaultWarningFractions: [Double] = [0.5, 0.8]

    /// The MSA Enterprise contract: severity 1 in 30 minutes and severity 2 in 4 hours round the
    /// clock; severity 3 in 6 and severity 4 in 8 business hours; warnings at 50 % and 80 %.
    public static let contract = SLAPolicy(
        checked: [
            .critical: ResponseTime(.seconds(30 * 60), counting: .roundTheClock),
            .high: ResponseTime(.seconds(4 * 3_600), counting: .roundTheClock),
            .medium: ResponseTime(.seconds(6 * 3_600), counting: .businessHours),
            .low: ResponseTime(.seconds(8 * 3_600), counting: .businessHours),
        ],
        tierResponseTimes: [:],
        warningFractions: defaultWarningFractions
    )

    /// Creates a policy, checking it.
    ///
    /// An empty `warningFractions` is valid: no warnings, only the breach.
    /// - Throws: ``SLAPolicyError`` naming the first offending field.
    public init(
        responseTimes: [Severity: ResponseTime],
        tierResponseTimes: [SupportTier: [Severity: ResponseTime]] = [:],
        warningFractions: [Double] = defaultWarningFractions
    ) throws(SLAPolicyError) {
        for severity in Severity.allCases {
            let field = "responseTimes.\(severity.rawValue)"
            guard let responseTime = responseTimes[severity] else {
                throw SLAPolicyError(
                    code: .missingResponseTime,
                    field: field,
                    message: "severity \(severity) has no first-response target; add one, "
                        + "e.g. {minutes: 480, counting: business-hours}"
                )
            }
            try Self.check(responseTime, field: field)
        }
        for tier in SupportTier.allCases {
            for severity in Severity.allCases {
                guard let responseTime = tierResponseTimes[tier]?[severity] else { continue }
                try Self.check(responseTime, field: "tierResponseTimes.\(tier.rawValue).\(severity.rawValue)")
            }
        }
        for (index, fraction) in warningFractions.enumerated() {
            let field = "warningFractions[\(index)]"
            guard fraction > 0, fraction < 1 else {
                throw SLAPolicyError(
                    code: .fractionOutOfRange,
                    field: field,
                    message: "\(fraction) is not strictly between 0 and 1; write a warning at half the target as 0.5"
                )
            }
            guard index > 0 else { continue }
            let previous = warningFractions[index - 1]
            guard fraction != previous else {
                throw SLAPolicyError(
                    code: .duplicateFraction,
                    field: field,
                    message: "\(fraction) is listed twice; each warning threshold fires once, so list it once"
                )
            }
            guard fraction > previous else {
                throw SLAPolicyError(
                    code: .fractionsOutOfOrder,
                    field: field,
                    message: "\(fraction) comes after \(previous); list the warning fractions in ascending order"
                )
            }
        }
        self.init(checked: responseTimes, tierResponseTimes: tierResponseTimes, warningFractions: warningFractions)
    }

    private init(
        checked responseTimes: [Severity: ResponseTime],
        tierResponseTimes: [SupportTier: [Severity: ResponseTime]],
        warningFractions: [Double]
    ) {
        self.responseTimes = responseTimes
        self.tierResponseTimes = tierResponseTimes
        self.warningFractions = warningFractions
    }

    /// The response time for an incident of `severity` filed by a customer on `tier`.
    public func responseTime(for severity: Severity, tier: SupportTier) -> ResponseTime {
        // The initializer guarantees every severity a tier-wide response time.
        tierResponseTimes[tier]?[severity] ?? responseTimes[severity]!
    }

    /// Response times are written in whole minutes, so anything else could not be written back.
    private static func check(_ responseTime: ResponseTime, field: String) throws(SLAPolicyError) {
        let (seconds, attoseconds) = responseTime.duration.components
        guard seconds > 0, seconds % 60 == 0, attoseconds == 0 else {
            throw SLAPolicyError(
                code: .invalidResponseTime,
                field: "\(field).minutes",
                message: "\(responseTime.duration) is not a positive whole number of minutes; "
                    + "write 6 business hours as 360"
            )
        }
    }
}
