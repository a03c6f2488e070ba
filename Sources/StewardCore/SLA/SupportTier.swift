/// The support contract a customer holds; MSA Enterprise requests outrank standard support.
///
/// Encoded as `enterprise` or `standard`. `.enterprise < .standard`, so sorting a queue ascending
/// puts enterprise requests first.
public enum SupportTier: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// MSA Enterprise: the premium contract.
    case enterprise
    /// Standard support.
    case standard

    public static func < (lhs: SupportTier, rhs: SupportTier) -> Bool {
        lhs.rank < rhs.rank
    }

    /// 0 for enterprise, 1 for standard: the position in a queue, other things being equal.
    var rank: Int {
        switch self {
        case .enterprise: 0
        case .standard: 1
        }
    }

    /// Decodes the name, rejecting unknown tiers with a message that lists the known ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let tier = SupportTier(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(name)\" is not a support tier; use enterprise or standard"
            )
        }
        self = tier
    }
}
