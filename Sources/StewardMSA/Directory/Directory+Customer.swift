import Foundation
import StewardCore

extension Directory {
    /// A customer and their contract.
    public struct Customer: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var tier: SupportTier
        /// The support calendar (calendars.yaml) severity 3 and 4 targets count in.
        public var supportCalendar: String
        /// The customer's own zone, for reports and the portal; it may differ from the calendar's.
        public var timeZone: String
        public var contractStart: LocalDate
        /// The contract's last day; none while it runs on.
        public var contractEnd: LocalDate?
        public var tam: String?
        public var dailyReportVia: IncidentWorkflow.DailyReportVia
        public var contacts: [Contact]
        public var webhooks: [Webhook]
        public var active: Bool

        public init(
            id: String, name: String, tier: SupportTier = .enterprise, supportCalendar: String, timeZone: String,
            contractStart: LocalDate, contractEnd: LocalDate? = nil, tam: String? = nil,
            dailyReportVia: IncidentWorkflow.DailyReportVia = .email,
            contacts: [Contact] = [], webhooks: [Webhook] = [], active: Bool = true
        ) {
            self.id = id
            self.name = name
            self.tier = tier
            self.supportCalendar = supportCalendar
            self.timeZone = timeZone
            self.contractStart = contractStart
            self.contractEnd = contractEnd
            self.tam = tam
            self.dailyReportVia = dailyReportVia
            self.contacts = contacts
            self.webhooks = webhooks
            self.active = active
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            tier = try container.decodeIfPresent(SupportTier.self, forKey: .tier) ?? .enterprise
            supportCalendar = try container.decode(String.self, forKey: .supportCalendar)
            timeZone = try container.decode(String.self, forKey: .timeZone)
            contractStart = try container.decode(LocalDate.self, forKey: .contractStart)
            contractEnd = try container.decodeIfPresent(LocalDate.self, forKey: .contractEnd)
            tam = try container.decodeIfPresent(String.self, forKey: .tam)
            dailyReportVia = try container.decodeIfPresent(IncidentWorkflow.DailyReportVia.self, forKey: .dailyReportVia) ?? .email
            contacts = try container.decodeIfPresent([Contact].self, forKey: .contacts) ?? []
            webhooks = try container.decodeIfPresent([Webhook].self, forKey: .webhooks) ?? []
            active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
        }

        /// Whether the contract still runs on `day` (its last day included).
        public func isInForce(on day: LocalDate) -> Bool {
            contractEnd.map { day <= $0 } ?? true
        }
    }

    /// A person at a customer: who is told what, on which channel, and who may accept a licence.
    public struct Contact: Sendable, Hashable, Codable {
        /// How a contact receives one kind of notification.
        public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
            case email, webhook, none
        }

        public var id: String
        public var name: String
        public var email: String
        public var phone: String?
        /// An IETF language tag such as `en` or `de-AT`.
        public var language: String
        /// Notification kind (`sla-breach`, `daily-report`, …) → channel; a kind not named goes by e-mail.
        public var notifications: [String: Channel]
        /// A named licence acceptor may accept a private-patch licence for the customer.
        public var licenceAcceptor: Bool
        public var active: Bool

        public init(
            id: String, name: String, email: String, phone: String? = nil, language: String = "en",
            notifications: [String: Channel] = [:], licenceAcceptor: Bool = false, active: Bool = true
        ) {
            self.id = id
            self.name = name
            self.email = email
            self.phone = phone
            self.language = language
            self.notifications = notifications
            self.licenceAcceptor = licenceAcceptor
            self.active = active
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
            email = try container.decode(String.self, forKey: .email)
            phone = try container.decodeIfPresent(String.self, forKey: .phone)
            language = try container.decodeIfPresent(String.self, forKey: .language) ?? "en"
            notifications = try container.decodeIfPresent([String: Channel].self, forKey: .notifications) ?? [:]
            licenceAcceptor = try container.decodeIfPresent(Bool.self, forKey: .licenceAcceptor) ?? false
            active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
        }

        /// The channel this contact is told of `kind` on.
        public func channel(for kind: String) -> Channel { notifications[kind] ?? .email }
    }

    /// A customer's endpoint (their ticketing system or SIEM) that receives signed webhooks.
    public struct Webhook: Sendable, Hashable, Codable {
        public var id: String
        public var url: String
        /// `whsec_…`; two are valid at once while the customer rotates.
        public var secrets: [String]
        /// The notification kinds it receives.
        public var kinds: [String]
        public var active: Bool

        public init(id: String, url: String, secrets: [String], kinds: [String], active: Bool = true) {
            self.id = id
            self.url = url
            self.secrets = secrets
            self.kinds = kinds
            self.active = active
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            url = try container.decode(String.self, forKey: .url)
            secrets = try container.decode([String].self, forKey: .secrets)
            kinds = try container.decode([String].self, forKey: .kinds)
            active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
        }
    }
}
