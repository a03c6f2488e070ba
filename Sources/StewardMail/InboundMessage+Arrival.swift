import Foundation

extension InboundMessage {
    /// When the topmost `Received` header says the message arrived: the time the last MTA, the one
    /// that handed it to us, saw it. A sender's own `Date` can be anything; this one is ours.
    public var arrivedAt: Date? {
        guard let received = headers.all("Received").first, let semicolon = received.lastIndex(of: ";") else { return nil }
        return MailDate.parse(received[received.index(after: semicolon)...].trimmingCharacters(in: .whitespaces))
    }
}
