import StewardCore

extension Directory.Customer {
    /// Who of this customer hears of a notification of `kind` addressed to its contacts: every
    /// active endpoint that receives the kind, once, and by e-mail every active contact who did not
    /// choose otherwise for it. A contact who chose `webhook` is told through the endpoints only.
    public func audience(ofKind kind: String) -> [NotificationDelivery] {
        let endpoints = webhooks.filter { $0.active && $0.kinds.contains(kind) }
            .map { NotificationDelivery(recipient: .webhook($0.id), channel: .webhook) }
        let mailed = contacts.filter { $0.active && $0.channel(for: kind) == .email }
            .map { NotificationDelivery(recipient: .contact($0.id), channel: .email) }
        return endpoints + mailed
    }
}
