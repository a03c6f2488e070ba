/// How urgent an incident is, from 1 (critical) to 4 (low); the contract sets a first-response
/// target for each.
///
/// Encoded as its number, 1 to 4. More urgent sorts first: `.critical < .low`, so sorting a queue
/// ascending puts severity 1 on top.
public enum Severity: Int, Sendable, Hashable, CaseIterable, Comparable, Codable, CustomStringConvertible {
    /// Severity 1: first response within 30 minutes, round the clock.
    case critical = 1
    /// Severity 2: first response within 4 hours, round the clock.
    case high = 2
    /// Severity 3: first response within 6 business hours.
    case medium = 3
    /// Severity 4: first response within 8 business hours.
    case low = 4

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The number and its name, e.g. `1 (critical)`, as messages and reports write it.
    public var description: String {
        switch self {
        case .critical: "1 (critical)"
        case .high: "2 (high)"
        case .medium: "3 (medium)"
        case .low: "4 (low)"
        }
    }

    /// Decodes the number, rejecting anything but 1 to 4 with a message that lists them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let number = try container.decode(Int.self)
        guard let severity = Severity(rawValue: number) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\(number) is not a severity; use 1 (critical), 2 (high), 3 (medium) or 4 (low)"
            )
        }
        self = severity
    }
}
