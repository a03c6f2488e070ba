import Foundation

/// Something a transition asks the engine to do, atomically with the state change.
public enum Effect<Event: WorkflowEvent>: Sendable, Equatable {
    /// Queue human work for a group; its completion comes back as a workflow event.
    case createTask(TaskSpec)
    /// Withdraw an open task by name (nothing happens when none is open).
    case cancelTask(name: String)
    /// Deliver `event` to this workflow at `at`; scheduling a name again replaces the earlier timer.
    case scheduleTimer(name: String, at: Date, event: Event)
    /// Drop a pending timer by name (nothing happens when none is pending).
    case cancelTimer(name: String)
    /// Send a notification through the transactional outbox.
    case notify(Notification)
}

extension Effect {
    /// A notification to one recipient by e-mail; `key` makes a retried transition send it once.
    public static func notify(_ recipient: Recipient, _ template: String, _ fields: [String: String] = [:], key: String) -> Effect {
        .notify(Notification(to: recipient, template: template, fields: fields, dedupKey: key))
    }
}

/// Human work handed to an engineering group.
public struct TaskSpec: Codable, Sendable, Hashable {
    /// Unique among the workflow's open tasks, for example `respond` or `build-patch`.
    public var name: String
    /// The group whose members may claim it, for example `support` or `virus-lab`.
    public var group: String
    /// What a person sees in the queue.
    public var title: String
    /// Queue order: lower comes first (severity, then tier).
    public var priority: Int
    /// When it should be done, if there is a target; ties in a queue are broken by it.
    public var dueAt: Date?
    /// What the person needs beyond the title, e.g. the status a daily report call reads out.
    public var brief: String?

    public init(name: String, group: String, title: String, priority: Int = 100, dueAt: Date? = nil, brief: String? = nil) {
        self.name = name
        self.group = group
        self.title = title
        self.priority = priority
        self.dueAt = dueAt
        self.brief = brief
    }
}

/// A message to one recipient over one channel. `dedupKey` makes a retried transition send it once.
public struct Notification: Codable, Sendable, Hashable {
    public enum Channel: String, Codable, Sendable, CaseIterable {
        case email, phone, portal, webhook
    }

    public var recipient: Recipient
    public var channel: Channel
    /// The kind of message (`sla-warning`, `daily-report`, …); the sender picks the wording.
    public var template: String
    public var fields: [String: String]
    /// Unique per workflow: the same key is delivered at most once per recipient and channel.
    public var dedupKey: String

    public init(
        to recipient: Recipient,
        via channel: Channel = .email,
        template: String,
        fields: [String: String] = [:],
        dedupKey: String
    ) {
        self.recipient = recipient
        self.channel = channel
        self.template = template
        self.fields = fields
        self.dedupKey = dedupKey
    }
}

/// Who a notification is addressed to; role-based recipients are resolved when it is written.
public enum Recipient: Sendable, Hashable {
    case staff(String)
    case group(String)
    case customerContacts
    /// The customer's TAM inside the TAM's business hours, otherwise the duty manager on duty.
    case tamOrDutyManager
    case address(String)
    /// One contact of the workflow's customer; `customerContacts` is written as one row per contact.
    case contact(String)
    /// One of the customer's webhook endpoints.
    case webhook(String)
}

extension Recipient: CustomStringConvertible, LosslessStringConvertible, Codable {
    public var description: String {
        switch self {
        case .staff(let id): "staff:\(id)"
        case .group(let name): "group:\(name)"
        case .customerContacts: "customer-contacts"
        case .tamOrDutyManager: "tam-or-duty-manager"
        case .address(let address): "address:\(address)"
        case .contact(let id): "contact:\(id)"
        case .webhook(let id): "webhook:\(id)"
        }
    }

    public init?(_ description: String) {
        switch description {
        case "customer-contacts": self = .customerContacts
        case "tam-or-duty-manager": self = .tamOrDutyManager
        default:
            guard let colon = description.firstIndex(of: ":") else { return nil }
            let value = String(description[description.index(after: colon)...])
            guard !value.isEmpty else { return nil }
            switch description[..<colon] {
            case "staff": self = .staff(value)
            case "group": self = .group(value)
            case "address": self = .address(value)
            case "contact": self = .contact(value)
            case "webhook": self = .webhook(value)
            default: return nil
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let recipient = Recipient(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown recipient '\(text)'")
            )
        }
        self = recipient
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
