/// Why an ``SLAPolicy`` was rejected: which field, and what to change.
public struct SLAPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason, e.g. `sla.missing_response_time`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String

        private init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// A severity has no response time that applies to every tier.
        public static let missingResponseTime = Code("sla.missing_response_time")
        /// A response time is not a positive whole number of minutes.
        public static let invalidResponseTime = Code("sla.invalid_response_time")
        /// A severity key is not 1 to 4 (decoding only).
        public static let unknownSeverity = Code("sla.unknown_severity")
        /// A tier key is not `enterprise` or `standard` (decoding only).
        public static let unknownTier = Code("sla.unknown_tier")
        /// A warning fraction is not strictly between 0 and 1.
        public static let fractionOutOfRange = Code("sla.fraction_out_of_range")
        /// A warning fraction appears twice.
        public static let duplicateFraction = Code("sla.duplicate_fraction")
        /// The warning fractions are not in ascending order.
        public static let fractionsOutOfOrder = Code("sla.fractions_out_of_order")
    }

    public let code: Code
    /// The offending field, as a path into the policy's encoded form, e.g. `warningFractions[1]`.
    public let field: String
    /// What is wrong and what to do, in plain words.
    public let message: String

    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String {
        "SLA policy, field \(field): \(message) (\(code))"
    }
}
