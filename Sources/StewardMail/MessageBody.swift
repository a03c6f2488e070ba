/// Walks a message's MIME tree and collects what `InboundMessage` shows: the first text/plain
/// and text/html bodies, the attachments, and the parts of a delivery report.
struct MessageBody {
    let limits: MailParseLimits
    var text: String?
    var html: String?
    var attachments: [MailAttachment] = []
    var isDeliveryReport = false
    var statusBlocks: [MailHeaders] = []
    var returnedHeaders: MailHeaders?

    init(limits: MailParseLimits) {
        self.limits = limits
    }

    mutating func collect(_ entity: MIMEEntity, depth: Int, inRelated: Bool) throws(MailParseError) {
        guard depth <= limits.maxPartsDepth else {
            throw MailParseError(
                .nestedTooDeep, "the MIME parts nest more than \(limits.maxPartsDepth) deep, the limit; no mail program writes that")
        }
        if entity.type.hasPrefix("multipart/"), let boundary = entity.contentType["boundary"], !boundary.isEmpty {
            let isReport = entity.type == "multipart/report"
            if isReport && entity.contentType["report-type"]?.lowercased() == "delivery-status" { isDeliveryReport = true }
            for (position, bytes) in entity.parts(boundary: boundary).enumerated() {
                let part = try MIMEEntity.parse(bytes, limits: limits)
                // A report's first part is its human-readable text; the machine-readable parts follow.
                if isReport && position > 0, try collectReportPart(part) { continue }
                try collect(part, depth: depth + 1, inRelated: entity.type == "multipart/related")
            }
            return
        }
        if isAttachment(entity, inRelated: inRelated) {
            try addAttachment(entity)
            return
        }
        // A multipart without a boundary cannot be split, so it is read as text. Other inline parts
        // (an image the HTML embeds, text/calendar) are neither the body nor a file.
        if entity.type == "text/html" {
            html = html ?? entity.text
        } else if entity.type == "text/plain" || entity.type.hasPrefix("multipart/") {
            text = text ?? entity.text
        }
    }

    /// Takes in a delivery-status or returned-message part; false for any other part.
    private mutating func collectReportPart(_ part: MIMEEntity) throws(MailParseError) -> Bool {
        switch part.type {
        case "message/delivery-status", "message/global-delivery-status":
            statusBlocks += try DeliveryReport.statusBlocks(part.decodedBody, limits: limits)
            return true
        case "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers":
            let returned = part.decodedBody
            returnedHeaders = try HeaderSection.parse(returned[...], strictness: .part, maxBytes: limits.maxHeaderBytes).headers
            return true
        default:
            return false
        }
    }

    /// A part is a file when the sender says so (Content-Disposition: attachment), or when it has a
    /// filename or is not text, unless it sits in a multipart/related (images the HTML shows).
    private func isAttachment(_ entity: MIMEEntity, inRelated: Bool) -> Bool {
        if entity.disposition?.value == "attachment" { return true }
        if inRelated || entity.type.hasPrefix("multipart/") { return false }
        return entity.filename != nil || !entity.type.hasPrefix("text/")
    }

    private mutating func addAttachment(_ entity: MIMEEntity) throws(MailParseError) {
        guard attachments.count < limits.maxAttachments else {
            throw MailParseError(.tooManyAttachments, "the message has more than \(limits.maxAttachments) attachments, the limit")
        }
        let filename = entity.filename ?? Self.defaultFilename(for: entity.type)
        let data = entity.decodedBody
        guard data.count <= limits.maxAttachmentBytes else {
            throw MailParseError(
                .attachmentTooLarge,
                "the attachment \"\(filename)\" is \(MailBytes.sizeText(data.count)); the limit is \(MailBytes.sizeText(limits.maxAttachmentBytes))"
            )
        }
        attachments.append(MailAttachment(filename: filename, contentType: entity.type, data: data))
    }

    private static func defaultFilename(for type: String) -> String {
        let subtype = type.split(separator: "/").last.map(String.init) ?? ""
        switch type {
        case "message/rfc822", "message/global": return "message.eml"
        case "text/plain": return "attachment.txt"
        case "text/html": return "attachment.html"
        case "text/calendar": return "invite.ics"
        case "application/pdf": return "attachment.pdf"
        default: return type.hasPrefix("image/") && subtype.allSatisfy({ $0.isLetter }) ? "image.\(subtype)" : "attachment"
        }
    }
}
