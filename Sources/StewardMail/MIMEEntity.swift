/// A message or one MIME part of it: header fields and a body that is still transfer-encoded.
/// The body is a slice of the received bytes, so splitting a message into parts copies nothing.
struct MIMEEntity {
    var headers: MailHeaders
    var body: ArraySlice<UInt8>
    /// Content-Type, "text/plain" when absent (RFC 2045 section 5.2).
    var contentType: HeaderParameters
    var disposition: HeaderParameters?

    init(headers: MailHeaders, body: ArraySlice<UInt8>) {
        self.headers = headers
        self.body = body
        contentType = HeaderParameters(parsing: headers["Content-Type"] ?? "text/plain")
        if contentType.value.isEmpty || !contentType.value.contains("/") {
            contentType = HeaderParameters(parsing: "text/plain")
        }
        disposition = headers["Content-Disposition"].map(HeaderParameters.init(parsing:))
    }

    static func parse(_ bytes: ArraySlice<UInt8>, limits: MailParseLimits) throws(MailParseError) -> MIMEEntity {
        let section = try HeaderSection.parse(bytes, strictness: .part, maxBytes: limits.maxHeaderBytes)
        return MIMEEntity(headers: section.headers, body: bytes[section.bodyStart...])
    }

    var type: String { contentType.value }

    /// The body with its Content-Transfer-Encoding undone.
    var decodedBody: [UInt8] {
        TransferEncoding.decode(body, encoding: headers["Content-Transfer-Encoding"])
    }

    /// A text part's content: decoded, LF line ends, format=flowed paragraphs rejoined.
    var text: String {
        var text = Charset.decode(decodedBody, charset: contentType["charset"])
        if text.utf8.contains(MailBytes.carriageReturn) {
            text = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        }
        if contentType["format"]?.lowercased() == "flowed" {
            text = FlowedText.decode(text, deleteSpace: contentType["delsp"]?.lowercased() == "yes")
        }
        return text
    }

    /// The filename the sender gave (Content-Disposition filename, else Content-Type name), or nil.
    var filename: String? {
        guard let given = disposition?["filename"] ?? contentType["name"] else { return nil }
        // Only the last path component, without control characters: a name is not a place to write to.
        let lastComponent = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? ""
        let name = lastComponent.filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }.trimmingWhitespace()
        return name.isEmpty || name == "." || name == ".." ? nil : name
    }

    /// The parts of a multipart body between its boundary lines. The line break before a boundary
    /// line belongs to the boundary (RFC 2046 section 5.1.1); a missing closing boundary ends the
    /// last part at the end of the body.
    func parts(boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var position = body.startIndex
        while let line = MailBytes.line(in: body, at: position) {
            position = line.next
            guard MailBytes.hasPrefix(body, delimiter, at: line.content.lowerBound) else { continue }
            var rest = body[(line.content.lowerBound + delimiter.count)..<line.content.upperBound]
            let isClosing = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
            if isClosing { rest = rest.dropFirst(2) }
            guard rest.allSatisfy(MailBytes.isWhitespace) else { continue }
            if let start = partStart {
                var end = line.content.lowerBound
                if end > start && body[end - 1] == MailBytes.lineFeed { end -= 1 }
                if end > start && body[end - 1] == MailBytes.carriageReturn { end -= 1 }
                parts.append(body[start..<max(start, end)])
            }
            if isClosing { return parts }
            partStart = line.next
        }
        if let partStart, partStart < body.endIndex {
            parts.append(body[partStart...])
        }
        return parts
    }
}
