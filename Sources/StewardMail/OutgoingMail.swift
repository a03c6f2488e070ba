import Foundation

/// An e-mail Steward sends: the text, with an HTML alternative when there is one (multipart/alternative),
/// inside multipart/mixed when there are attachments.
public struct OutgoingMail: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    /// Without angle brackets, e.g. "outbox-42.1f3a…@steward.example"; brackets a caller adds are removed.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    public var date: Date
    /// Written after the standard headers, e.g. ("Auto-Submitted", "auto-generated"). Characters that
    /// are not allowed in a field name are dropped, line breaks in values become spaces, and
    /// non-ASCII values are RFC 2047-encoded, so a value can never add a header of its own.
    public var extraHeaders: [(name: String, value: String)]
    public var text: String
    public var html: String?
    public var attachments: [MailAttachment]

    public init(
        from: MailAddress, to: [MailAddress], subject: String, messageID: String, inReplyTo: String? = nil,
        references: [String] = [], date: Date, extraHeaders: [(name: String, value: String)] = [], text: String,
        html: String? = nil, attachments: [MailAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.extraHeaders = extraHeaders
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// The message as sent over SMTP DATA: CRLF line ends, every line at most 998 octets (header
    /// lines folded near 78), 7-bit clean (quoted-printable text parts, base64 attachments,
    /// RFC 2047 subject and names when not ASCII), MIME-Version, and boundaries that cannot occur in
    /// the content. Not dot-stuffed: the SMTP client does that.
    ///
    /// Addresses themselves are written as given; a non-ASCII address needs an SMTPUTF8 server.
    public func rendered() -> [UInt8] {
        var writer = MIMEWriter()
        writer.header("Date", MailDate.format(date))
        writer.header("From", from.description)
        if !to.isEmpty {
            writer.header("To", to.map(\.description).joined(separator: ", "))
        }
        writer.header("Subject", MIMEWriter.unstructured(subject))
        writer.header("Message-ID", "<\(MessageID.bare(messageID))>")
        if let inReplyTo {
            writer.header("In-Reply-To", "<\(MessageID.bare(inReplyTo))>")
        }
        if !references.isEmpty {
            writer.header("References", references.map { "<\(MessageID.bare($0))>" }.joined(separator: " "))
        }
        writer.header("MIME-Version", "1.0")
        for (name, value) in extraHeaders {
            let cleanName = name.filter { $0 != ":" && ($0.asciiValue.map { $0 > 0x20 && $0 < 0x7F } ?? false) }
            guard !cleanName.isEmpty else { continue }
            writer.header(cleanName, MIMEWriter.unstructured(value))
        }
        // The boundaries start with "=_", which quoted-printable and base64 output never contain.
        let token = UInt64.random(in: 0...UInt64.max)
        let body = alternativeEntity(boundary: "=_steward_alternative_\(String(token, radix: 16))")
        if attachments.isEmpty {
            writer.entity(body)
        } else {
            let mixed = "=_steward_mixed_\(String(token, radix: 16))"
            writer.entity(
                MIMEWriter.Entity(
                    headers: [("Content-Type", "multipart/mixed; boundary=\"\(mixed)\"")],
                    body: MIMEWriter.multipart(boundary: mixed, parts: [body] + attachments.map(Self.attachmentEntity))))
        }
        return writer.bytes
    }

    /// The text, or text and HTML as alternatives.
    private func alternativeEntity(boundary: String) -> MIMEWriter.Entity {
        let textPart = MIMEWriter.Entity(
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable")],
            body: TransferEncoding.encodeQuotedPrintable(text))
        guard let html else { return textPart }
        let htmlPart = MIMEWriter.Entity(
            headers: [("Content-Type", "text/html; charset=utf-8"), ("Content-Transfer-Encoding", "quoted-printable")],
            body: TransferEncoding.encodeQuotedPrintable(html))
        return MIMEWriter.Entity(
            headers: [("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")],
            body: MIMEWriter.multipart(boundary: boundary, parts: [textPart, htmlPart]))
    }

    private static func attachmentEntity(_ attachment: MailAttachment) -> MIMEWriter.Entity {
        let type = attachment.contentType.lowercased()
        let isMediaType =
            type.split(separator: "/", omittingEmptySubsequences: false).count == 2
            && type.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/.+-_".contains($0)) }
        let name = attachment.filename.isEmpty ? "attachment" : attachment.filename
        return MIMEWriter.Entity(
            headers: [
                (
                    "Content-Type",
                    "\(isMediaType ? type : "application/octet-stream"); \(MIMEWriter.filenameParameter("name", name, legacy: true))"
                ),
                ("Content-Disposition", "attachment; \(MIMEWriter.filenameParameter("filename", name, legacy: false))"),
                ("Content-Transfer-Encoding", "base64"),
            ],
            body: TransferEncoding.encodeBase64(attachment.data))
    }
}
