/// Splits a message or MIME part into its header fields and its body.
struct HeaderSection {
    var headers: MailHeaders
    /// Where the body starts: after the blank line, or where the headers stopped.
    var bodyStart: Int

    /// How a line that is neither a header field nor the blank line is treated.
    enum Strictness {
        /// A message: refuse it, the sender did not write an e-mail.
        case message
        /// A MIME part or a delivery-status block: the body starts at that line, as lenient readers do.
        case part
    }

    static func parse(
        _ bytes: ArraySlice<UInt8>, strictness: Strictness, maxBytes: Int
    ) throws(MailParseError) -> HeaderSection {
        var fields: [MailHeaders.Field] = []
        var name: String?
        var value: [UInt8] = []
        var start = bytes.startIndex
        var lineNumber = 0

        func finishField() {
            if let name {
                let trimmed = MailBytes.trimmed(value[...])
                fields.append(.init(name: name, value: Charset.decode(trimmed, charset: nil)))
            }
            name = nil
            value.removeAll(keepingCapacity: true)
        }

        while let line = MailBytes.line(in: bytes, at: start) {
            lineNumber += 1
            if line.next - bytes.startIndex > maxBytes {
                throw MailParseError(
                    .headerTooLarge,
                    "the header section is over \(MailBytes.sizeText(maxBytes)), the limit; the headers are malformed or hostile")
            }
            let content = bytes[line.content]
            if content.isEmpty {
                if fields.isEmpty && name == nil && strictness == .message {
                    throw MailParseError(.noHeaderSection, "no header section: the message starts with a blank line")
                }
                finishField()
                return HeaderSection(headers: MailHeaders(fields), bodyStart: line.next)
            }
            // An mbox "From sender date" line before the headers is an artefact of how the file was saved.
            if lineNumber == 1, strictness == .message, MailBytes.hasPrefix(content, Array("From ".utf8), at: content.startIndex) {
                start = line.next
                continue
            }
            if let first = content.first, first == MailBytes.space || first == MailBytes.tab, name != nil {
                value += content
                start = line.next
                continue
            }
            guard let colon = content.firstIndex(of: UInt8(ascii: ":")),
                case let nameBytes = MailBytes.trimmed(content[content.startIndex..<colon]),
                !nameBytes.isEmpty, nameBytes.allSatisfy({ $0 >= 33 && $0 <= 126 })
            else {
                switch strictness {
                case .part:
                    finishField()
                    return HeaderSection(headers: MailHeaders(fields), bodyStart: line.content.lowerBound)
                case .message:
                    let excerpt = Charset.decode(content.prefix(60), charset: nil)
                    let reason =
                        fields.isEmpty
                        ? "no header section: line 1 is not a header field (\"\(excerpt)\")"
                        : "no header/body separator: line \(lineNumber) (\"\(excerpt)\") is neither a header field nor the blank line that must end the headers"
                    throw MailParseError(fields.isEmpty ? .noHeaderSection : .noSeparator, reason)
                }
            }
            finishField()
            name = String(decoding: nameBytes, as: UTF8.self)
            value += content[(colon + 1)...]
            start = line.next
        }
        finishField()
        if fields.isEmpty && strictness == .message {
            throw MailParseError(.noHeaderSection, "no header section: the message is empty")
        }
        // Headers without a body: legal (RFC 5322 makes the body optional).
        return HeaderSection(headers: MailHeaders(fields), bodyStart: bytes.endIndex)
    }
}
