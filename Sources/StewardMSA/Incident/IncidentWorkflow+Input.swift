import Foundation
import StewardCore

extension IncidentWorkflow {
    /// How the request reached support; recorded, never limited (requests are accepted on every channel).
    public enum Channel: String, Codable, Sendable, Hashable, CaseIterable {
        /// The web support portal.
        case portal
        /// E-mail, logged by staff on the customer's behalf.
        case email
        /// The priority phone line, logged by staff on the customer's behalf.
        case phone
        /// The API.
        case api

        /// Decodes the name, rejecting unknown channels with a message that lists the known ones.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let name = try container.decode(String.self)
            guard let channel = Channel(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "\"\(name)\" is not a channel; use portal, email, phone or api"
                )
            }
            self = channel
        }
    }

    /// How the customer wants the daily status report of a severity-1 incident: an e-mail to their
    /// contacts and the TAM, or a call from the TAM-or-duty-manager.
    public enum DailyReportVia: String, Codable, Sendable, Hashable, CaseIterable {
        case email
        case phone

        /// Decodes the name, rejecting anything but `email` and `phone` with a message that lists them.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let name = try container.decode(String.self)
            guard let via = DailyReportVia(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "\"\(name)\" is not a way of reporting; use email or phone"
                )
            }
            self = via
        }
    }

    /// What a caller supplies to file an incident.
    ///
    /// Encoded as `{"summary": "…", "severity": 1, "tier": "enterprise", "channel": "phone",
    /// "supportCalendar": "support-berlin", "dailyReportVia": "phone", "receivedAt": "2026-03-10T01:00:00Z"}`;
    /// `dailyReportVia` (default `email`) and `receivedAt` (default: now) may be omitted.
    public struct Input: Codable, Sendable, Hashable {
        /// What is wrong, in the customer's words.
        public var summary: String
        public var severity: Severity
        public var tier: SupportTier
        public var channel: Channel
        /// The name of the support calendar the customer's contract names, e.g. `support-berlin`.
        public var supportCalendar: String
        public var dailyReportVia: DailyReportVia
        /// When the customer called or wrote, if staff log the request after the fact; never in the future.
        public var receivedAt: Date?
        /// More of the customer's words than the summary holds (an e-mail's body); kept in the history.
        public var description: String?

        public init(
            summary: String,
            severity: Severity,
            tier: SupportTier,
            channel: Channel,
            supportCalendar: String,
            dailyReportVia: DailyReportVia = .email,
            receivedAt: Date? = nil,
            description: String? = nil
        ) {
            self.summary = summary
            self.severity = severity
            self.tier = tier
            self.channel = channel
            self.supportCalendar = supportCalendar
            self.dailyReportVia = dailyReportVia
            self.receivedAt = receivedAt
            self.description = description
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                summary: try container.decode(String.self, forKey: .summary),
                severity: try container.decode(Severity.self, forKey: .severity),
                tier: try container.decode(SupportTier.self, forKey: .tier),
                channel: try container.decode(Channel.self, forKey: .channel),
                supportCalendar: try container.decode(String.self, forKey: .supportCalendar),
                dailyReportVia: try container.decodeIfPresent(DailyReportVia.self, forKey: .dailyReportVia) ?? .email,
                receivedAt: try container.decodeIfPresent(Date.self, forKey: .receivedAt),
                description: try container.decodeIfPresent(String.self, forKey: .description)
            )
        }
    }
}
