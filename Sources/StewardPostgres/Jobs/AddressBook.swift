import Foundation
import StewardCore

/// Where a recipient is reached, read when the delivery is made (so a contact's new address is used).
public protocol AddressBook: Sendable {
    /// The mailbox of a contact, a staff member or an address; nil when there is none any more
    /// (deactivated, removed), which skips the delivery.
    func mailbox(of recipient: Recipient, customerID: String) async throws -> Mailbox?
    /// The endpoint of `.webhook(id)`; nil when it was removed.
    func endpoint(_ id: String, customerID: String) async throws -> WebhookEndpoint?
    /// The customer's name, for the wording.
    func customerName(_ customerID: String) async throws -> String?
    /// Turns an endpoint off for `reason` and tells the customer's TAM, in one transaction.
    func disable(endpoint id: String, customerID: String, reason: String, workflowID: UUID?) async throws
}

public struct Mailbox: Sendable, Hashable {
    public var name: String
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }
}

public struct WebhookEndpoint: Sendable, Hashable {
    public var id: String
    public var url: String
    /// `whsec_…`; every one signs, so the receiver accepts during a rotation.
    public var secrets: [String]
    /// Off when deactivated by an operator or disabled by its answers (`disabledReason`).
    public var active: Bool
    public var disabledReason: String?

    public init(id: String, url: String, secrets: [String], active: Bool, disabledReason: String? = nil) {
        self.id = id
        self.url = url
        self.secrets = secrets
        self.active = active
        self.disabledReason = disabledReason
    }
}
