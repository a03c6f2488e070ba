import Foundation

// The policy's form in `workflows/policy.yaml` (and JSON):
//
//     {"responseTimes": {"1": {"minutes": 30, "counting": "round-the-clock"},
//                        "2": {"minutes": 240, "counting": "round-the-clock"},
//                        "3": {"minutes": 360, "counting": "business-hours"},
//                        "4": {"minutes": 480, "counting": "business-hours"}},
//      "tierResponseTimes": {"enterprise": {"1": {"minutes": 15, "counting": "round-the-clock"}}},
//      "warningFractions": [0.5, 0.8]}
//
// Severities are object keys ("1" to "4") rather than a list, so a severity cannot appear twice;
// `tierResponseTimes` and `warningFractions` may be omitted. Decoding checks the policy, throwing
// `SLAPolicyError` with the same field paths the initializer uses.
extension SLAPolicy: Codable {
    private enum CodingKeys: String, CodingKey {
        case responseTimes, tierResponseTimes, warningFractions
    }

    /// Decodes and checks a policy.
    /// - Throws: `DecodingError` for malformed input; ``SLAPolicyError`` for a well-formed policy
    ///   that is not valid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let responseTimes = try Self.bySeverity(
            try container.decode([String: ResponseTime].self, forKey: .responseTimes),
            field: "responseTimes"
        )
        var tierResponseTimes: [SupportTier: [Severity: ResponseTime]] = [:]
        let byTierName =
            try container.decodeIfPresent([String: [String: ResponseTime]].self, forKey: .tierResponseTimes) ?? [:]
        for (name, times) in byTierName.sorted(by: { $0.key < $1.key }) {
            guard let tier = SupportTier(rawValue: name) else {
                throw SLAPolicyError(
                    code: .unknownTier,
                    field: "tierResponseTimes.\(name)",
                    message: "\"\(name)\" is not a support tier; use enterprise or standard"
                )
            }
            tierResponseTimes[tier] = try Self.bySeverity(times, field: "tierResponseTimes.\(name)")
        }
        try self.init(
            responseTimes: responseTimes,
            tierResponseTimes: tierResponseTimes,
            warningFractions: try container.decodeIfPresent([Double].self, forKey: .warningFractions)
                ?? Self.defaultWarningFractions
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.bySeverityKey(responseTimes), forKey: .responseTimes)
        try container.encode(
            Dictionary(uniqueKeysWithValues: tierResponseTimes.map { ($0.key.rawValue, Self.bySeverityKey($0.value)) }),
            forKey: .tierResponseTimes
        )
        try container.encode(warningFractions, forKey: .warningFractions)
    }

    private static func bySeverity(
        _ times: [String: ResponseTime], field: String
    ) throws(SLAPolicyError) -> [Severity: ResponseTime] {
        var bySeverity: [Severity: ResponseTime] = [:]
        for (key, time) in times.sorted(by: { $0.key < $1.key }) {
            guard let number = Int(key), let severity = Severity(rawValue: number) else {
                throw SLAPolicyError(
                    code: .unknownSeverity,
                    field: "\(field).\(key)",
                    message: "\"\(key)\" is not a severity; use 1 (critical), 2 (high), 3 (medium) or 4 (low)"
                )
            }
            bySeverity[severity] = time
        }
        return bySeverity
    }

    private static func bySeverityKey(_ times: [Severity: ResponseTime]) -> [String: ResponseTime] {
        Dictionary(uniqueKeysWithValues: times.map { (String($0.key.rawValue), $0.value) })
    }
}

// `{"minutes": 360, "counting": "business-hours"}`; the policy checks the minutes are positive.
extension SLAPolicy.ResponseTime: Codable {
    private enum CodingKeys: String, CodingKey {
        case minutes, counting
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let minutes = try container.decode(Int.self, forKey: .minutes)
        let (seconds, overflow) = minutes.multipliedReportingOverflow(by: 60)
        guard !overflow else {
            throw DecodingError.dataCorruptedError(
                forKey: .minutes,
                in: container,
                debugDescription: "\(minutes) minutes is too long for a response time; write it in minutes, e.g. 360"
            )
        }
        self.init(.seconds(seconds), counting: try container.decode(SLAPolicy.Counting.self, forKey: .counting))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(duration.components.seconds / 60, forKey: .minutes)
        try container.encode(counting, forKey: .counting)
    }
}

extension SLAPolicy.Counting {
    /// Decodes the name, rejecting unknown ones with a message that lists the known ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let counting = SLAPolicy.Counting(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(name)\" is not a way of counting; use round-the-clock or business-hours"
            )
        }
        self = counting
    }
}
