/// One person or endpoint a notification goes to, on one channel: what a role-based recipient
/// ("the customer's contacts") becomes when the notification is written.
public struct NotificationDelivery: Sendable, Hashable {
    public var recipient: Recipient
    public var channel: Notification.Channel
    /// Why this recipient (a TAM away, a duty shift), for the history; nil when it was named as is.
    public var reason: String?

    public init(recipient: Recipient, channel: Notification.Channel, reason: String? = nil) {
        self.recipient = recipient
        self.channel = channel
        self.reason = reason
    }
}
