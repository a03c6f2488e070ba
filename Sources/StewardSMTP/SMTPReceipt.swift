/// What the server said when it accepted a message.
public struct SMTPReceipt: Sendable, Hashable {
    /// The server's reply to the end of the message data, for example `250 2.0.0 Ok: queued as ABC`.
    public var reply: SMTPReply
    /// The recipients the server accepted; the message goes to these.
    public var acceptedRecipients: [String]
    /// The recipients the server refused (some of them; if it refused all, ``SMTPClient/send(from:to:message:)`` throws).
    public var rejectedRecipients: [SMTPRecipientRejection]
    /// Whether the message went over TLS.
    public var wasEncrypted: Bool

    public init(reply: SMTPReply, acceptedRecipients: [String], rejectedRecipients: [SMTPRecipientRejection], wasEncrypted: Bool) {
        self.reply = reply
        self.acceptedRecipients = acceptedRecipients
        self.rejectedRecipients = rejectedRecipients
        self.wasEncrypted = wasEncrypted
    }
}
