import Foundation
import StewardCore

/// Why a directory entry was refused: the field and what to do. Nothing is written.
public struct DirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault, as a path (`email`, `customers[1].contacts[0].email`).
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }

    /// The same error one level down a document (`customers[1]` + `email`).
    func within(_ prefix: String) -> DirectoryError {
        DirectoryError(field: field.isEmpty ? prefix : "\(prefix).\(field)", message)
    }
}

/// What makes a directory entry valid, apart from what only the database knows (whether an id is
/// taken): the rules every shell's customer, contact and staff changes pass.
public struct DirectoryRules: Sendable {
    /// The calendars of calendars.yaml, by name.
    public var calendars: Set<String>
    /// Loopback and private webhook addresses are refused unless the server was started to allow
    /// them (tests, a receiver on the same host).
    public var allowsPrivateWebhooks: Bool

    public init(calendars: Set<String>, allowsPrivateWebhooks: Bool = false) {
        self.calendars = calendars
        self.allowsPrivateWebhooks = allowsPrivateWebhooks
    }

    public func check(_ customer: Directory.Customer, staff: Set<String>) throws(DirectoryError) {
        try Self.requireID(customer.id)
        try Self.requireText(customer.name, field: "name", what: "the customer's name")
        try requireCalendar(customer.supportCalendar, field: "supportCalendar")
        guard TimeZone(identifier: customer.timeZone) != nil else {
            throw DirectoryError(
                field: "timeZone", "'\(customer.timeZone)' is not a known time zone; use an IANA name such as Europe/Berlin")
        }
        if let end = customer.contractEnd, end < customer.contractStart {
            throw DirectoryError(
                field: "contractEnd",
                "the contract ends on \(end), before it starts on \(customer.contractStart); give an end on or after the start")
        }
        if let tam = customer.tam, !staff.contains(tam) {
            throw DirectoryError(field: "tam", "'\(tam)' is not a member of staff; add them first, or name an existing staff id")
        }
        try Self.unique(customer.contacts.map(\.id), what: "contact", field: "contacts")
        try Self.unique(customer.webhooks.map(\.id), what: "webhook", field: "webhooks")
        for (index, contact) in customer.contacts.enumerated() {
            do throws(DirectoryError) { try check(contact) } catch { throw error.within("contacts[\(index)]") }
        }
        for (index, webhook) in customer.webhooks.enumerated() {
            do throws(DirectoryError) { try check(webhook) } catch { throw error.within("webhooks[\(index)]") }
        }
    }

    public func check(_ contact: Directory.Contact) throws(DirectoryError) {
        try Self.requireID(contact.id)
        try Self.requireText(contact.name, field: "name", what: "the contact's name")
        try Self.requireEmail(contact.email)
        guard contact.language.range(of: #"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"#, options: .regularExpression) != nil else {
            throw DirectoryError(field: "language", "'\(contact.language)' is not a language tag; use one such as en, de or pt-BR")
        }
        for kind in contact.notifications.keys.sorted() where kind.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DirectoryError(field: "notifications", "a notification kind is blank; name the kind, such as sla-breach")
        }
    }

    public func check(_ webhook: Directory.Webhook) throws(DirectoryError) {
        try Self.requireID(webhook.id)
        guard let url = URL(string: webhook.url), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw DirectoryError(field: "url", "'\(webhook.url)' is not a URL; give the endpoint as https://host/path")
        }
        let isPrivate = HostAddress.isPrivate(host)
        guard scheme == "https" || (scheme == "http" && isPrivate && allowsPrivateWebhooks) else {
            throw DirectoryError(field: "url", "webhooks are sent over https only; give an https:// URL")
        }
        guard !isPrivate || allowsPrivateWebhooks else {
            throw DirectoryError(
                field: "url",
                "\(host) is a loopback or private address, which webhooks may not reach unless the server is started with --allow-private-webhooks"
            )
        }
        guard !webhook.secrets.isEmpty, webhook.secrets.count <= 2, webhook.secrets.allSatisfy({ $0.hasPrefix("whsec_") && $0.count > 16 })
        else {
            throw DirectoryError(field: "secrets", "give one or two secrets of the form whsec_<base64>, the second only while rotating")
        }
        guard !webhook.kinds.isEmpty else {
            throw DirectoryError(field: "kinds", "name the notification kinds the endpoint receives, such as sla-breach")
        }
    }

    public func check(_ member: Directory.StaffMember) throws(DirectoryError) {
        try Self.requireID(member.id)
        try Self.requireText(member.name, field: "name", what: "the staff member's name")
        try Self.requireEmail(member.email)
        try requireCalendar(member.calendar, field: "calendar")
        for (index, period) in member.away.enumerated() where period.end <= period.start {
            throw DirectoryError(field: "away[\(index)].end", "an away period must end after it starts")
        }
    }

    private func requireCalendar(_ name: String, field: String) throws(DirectoryError) {
        guard calendars.contains(name) else {
            throw DirectoryError(
                field: field, "'\(name)' is not a calendar of calendars.yaml; use one of \(calendars.sorted().joined(separator: ", "))")
        }
    }

    static func requireID(_ id: String) throws(DirectoryError) {
        guard id.range(of: #"^[a-z0-9][a-z0-9._-]{0,62}$"#, options: .regularExpression) != nil else {
            throw DirectoryError(
                field: "id", "'\(id)' is not an id; use 1 to 63 lower-case letters, digits, dots, dashes or underscores, such as acme")
        }
    }

    static func requireText(_ text: String, field: String, what: String) throws(DirectoryError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !text.contains("\0") else {
            throw DirectoryError(field: field, "\(field) is empty; give \(what)")
        }
    }

    static func requireEmail(_ email: String) throws(DirectoryError) {
        guard email.range(of: #"^[^@\s<>()\[\],;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"#, options: .regularExpression) != nil else {
            throw DirectoryError(field: "email", "'\(email)' is not an e-mail address; give one such as bob@acme.example")
        }
    }

    static func unique(_ ids: [String], what: String, field: String) throws(DirectoryError) {
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted {
            throw DirectoryError(field: field, "\(what) '\(id)' is listed twice; ids are unique")
        }
    }
}
