import Foundation

/// A received message, decoded: who sent it, what it answers, its text and files, and whether a
/// machine sent it (an auto-reply or a bounce), which Steward must not answer.
public struct InboundMessage: Sendable {
    public var headers: MailHeaders
    /// Without angle brackets.
    public var messageID: String?
    /// The ids this message answers, without brackets; usually one.
    public var inReplyTo: [String]
    /// The thread's ids, oldest first, without brackets.
    public var references: [String]
    public var from: MailAddress?
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var replyTo: MailAddress?
    /// RFC 2047 decoded and unfolded; "" when absent.
    public var subject: String
    /// The Date header, nil when absent or unreadable.
    public var date: Date?
    /// The best plain-text body: the text/plain part, else text derived from the HTML part, else "".
    /// Line ends are LF; format=flowed paragraphs are rejoined.
    public var text: String
    public var html: String?
    public var attachments: [MailAttachment]
    /// The header showing the message is machine-generated, as "Name: value"; nil for mail a person wrote.
    public var automaticReason: String?
    /// The delivery report when the message is a bounce (multipart/report; report-type=delivery-status).
    public var deliveryReport: DeliveryReport?

    /// Decodes a message as received (CRLF or bare LF line ends), refusing what cannot be a real
    /// e-mail or exceeds `limits`.
    public static func parse(_ bytes: [UInt8], limits: MailParseLimits = .init()) throws(MailParseError) -> InboundMessage {
        guard bytes.count <= limits.maxMessageBytes else {
            throw MailParseError(
                .messageTooLarge,
                "the message is \(MailBytes.sizeText(bytes.count)); the limit is \(MailBytes.sizeText(limits.maxMessageBytes))")
        }
        let section = try HeaderSection.parse(bytes[...], strictness: .message, maxBytes: limits.maxHeaderBytes)
        let headers = section.headers
        guard let fromValue = headers["From"], !fromValue.isEmpty else {
            throw MailParseError(.noFrom, "no From header: the sender is unknown, so the message can be neither matched nor answered")
        }
        var body = MessageBody(limits: limits)
        try body.collect(MIMEEntity(headers: headers, body: bytes[section.bodyStart...]), depth: 0, inRelated: false)

        let report =
            body.isDeliveryReport
            ? DeliveryReport(statusBlocks: body.statusBlocks, originalHeaders: body.returnedHeaders, reportHeaders: headers) : nil
        return InboundMessage(
            headers: headers,
            messageID: headers["Message-ID"].flatMap { MessageID.parseList($0).first },
            inReplyTo: headers["In-Reply-To"].map(MessageID.parseList) ?? [],
            references: headers["References"].map(MessageID.parseList) ?? [],
            from: MailAddress.parse(fromValue),
            to: headers.all("To").flatMap(MailAddress.parseList),
            cc: headers.all("Cc").flatMap(MailAddress.parseList),
            replyTo: headers["Reply-To"].flatMap(MailAddress.parse),
            subject: EncodedWord.decode(headers["Subject"] ?? "").trimmingWhitespace(),
            date: headers["Date"].flatMap(MailDate.parse),
            text: body.text ?? body.html.map(HTMLText.text(fromHTML:)) ?? "",
            html: body.html,
            attachments: body.attachments,
            automaticReason: AutomaticMail.reason(headers: headers, isDeliveryReport: report != nil),
            deliveryReport: report
        )
    }
}
