/// A delivery status notification (RFC 3464): which recipients of a message Steward sent could not
/// be reached, and why.
public struct DeliveryReport: Sendable, Hashable {
    /// The Message-ID (without brackets) of the message the report is about: from the returned
    /// message or its headers, else the Original-Envelope-Id, else an X-Original-Message-ID header.
    public var originalMessageID: String?
    public var recipients: [Recipient]

    public struct Recipient: Sendable, Hashable {
        /// The address without its type: "alice@example.com" from "rfc822; alice@example.com".
        public var finalRecipient: String
        /// "failed", "delayed", "delivered", "relayed" or "expanded", lowercased.
        public var action: String
        /// The enhanced status code (RFC 3463), e.g. "5.1.1".
        public var status: String
        /// What the remote server said, without its type: "550 5.1.1 <alice@example.com>: Recipient address rejected".
        public var diagnostic: String?

        public init(finalRecipient: String, action: String, status: String, diagnostic: String? = nil) {
            self.finalRecipient = finalRecipient
            self.action = action
            self.status = status
            self.diagnostic = diagnostic
        }
    }

    /// Whether some recipient's delivery failed for good (not merely delayed).
    public var isFailure: Bool {
        recipients.contains { $0.action == "failed" }
    }

    public init(originalMessageID: String? = nil, recipients: [Recipient]) {
        self.originalMessageID = originalMessageID
        self.recipients = recipients
    }

    /// The report from the blocks of a message/delivery-status part (per-message fields, then one block
    /// per recipient) and the headers of the returned message.
    init(statusBlocks: [MailHeaders], originalHeaders: MailHeaders?, reportHeaders: MailHeaders) {
        var recipients: [Recipient] = []
        var envelopeID: String?
        var originalIDField: String?
        for block in statusBlocks {
            envelopeID = envelopeID ?? block["Original-Envelope-Id"]
            originalIDField = originalIDField ?? block["X-Original-Message-ID"]
            guard let recipient = block["Final-Recipient"] ?? block["Original-Recipient"] else { continue }
            recipients.append(
                Recipient(
                    finalRecipient: MessageID.bare(Self.withoutType(recipient)),
                    action: (block["Action"] ?? "").trimmingWhitespace().lowercased(),
                    status: String((block["Status"] ?? "").trimmingWhitespace().prefix { !$0.isWhitespace }),
                    diagnostic: block["Diagnostic-Code"].map(Self.withoutType).map {
                        $0.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    }
                ))
        }
        let fromReturnedMessage = originalHeaders?["Message-ID"].flatMap { MessageID.parseList($0).first }
        let fallback = [envelopeID, originalIDField, reportHeaders["X-Original-Message-ID"]].compactMap { $0 }.first
        self.originalMessageID = fromReturnedMessage ?? fallback.map(MessageID.bare).flatMap { $0.isEmpty ? nil : $0 }
        self.recipients = recipients
    }

    /// The value after "type;", as in "rfc822; a@b" and "smtp; 550 …".
    private static func withoutType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingWhitespace() }
        return value[value.index(after: semicolon)...].trimmingWhitespace()
    }

    /// The field blocks of a message/delivery-status body, which are separated by blank lines.
    static func statusBlocks(_ bytes: [UInt8], limits: MailParseLimits) throws(MailParseError) -> [MailHeaders] {
        var blocks: [MailHeaders] = []
        var remaining = bytes[...]
        while !remaining.isEmpty {
            let section = try HeaderSection.parse(remaining, strictness: .part, maxBytes: limits.maxHeaderBytes)
            if !section.headers.fields.isEmpty { blocks.append(section.headers) }
            if section.bodyStart > remaining.startIndex {
                remaining = remaining[section.bodyStart...]
            } else {
                // A line that is not a field: skip it.
                remaining = remaining[(MailBytes.line(in: remaining, at: remaining.startIndex)?.next ?? remaining.endIndex)...]
            }
        }
        return blocks
    }
}
