/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset?Q?…?=`) in headers.
enum EncodedWord {
    /// The header text with its encoded words decoded.
    ///
    /// Whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2), and adjacent
    /// words in the same charset are decoded together, because some mailers split one multi-byte
    /// character across two words. Anything that is not a well-formed encoded word is left as it is.
    static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, text.contains("=?") else { return text }
        var result = ""
        var pendingBytes: [UInt8] = []
        var pendingCharset = ""
        var literalStart = 0
        var index = 0
        var afterWord = false

        func flushPending() {
            guard !pendingBytes.isEmpty else { return }
            result += Charset.decode(pendingBytes, charset: pendingCharset)
            pendingBytes.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "="), let word = parseWord(bytes, at: index) else {
                index += 1
                continue
            }
            let between = bytes[literalStart..<index]
            if !(afterWord && between.allSatisfy(MailBytes.isWhitespace)) {
                flushPending()
                result += String(decoding: between, as: UTF8.self)
            }
            if word.charset != pendingCharset { flushPending() }
            pendingCharset = word.charset
            pendingBytes += word.bytes
            afterWord = true
            index = word.end
            literalStart = index
        }
        flushPending()
        result += String(decoding: bytes[literalStart...], as: UTF8.self)
        return result
    }

    private struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// The encoded word starting at `start`, or nil when the text there is not one.
    private static func parseWord(_ bytes: [UInt8], at start: Int) -> Word? {
        guard start + 1 < bytes.count, bytes[start + 1] == UInt8(ascii: "?") else { return nil }
        var index = start + 2
        let charsetStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "?") {
            if MailBytes.isWhitespace(bytes[index]) { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: "?") else { return nil }
        let charsetEnd = index
        let method = bytes[index + 1] | 0x20  // lowercased
        guard method == UInt8(ascii: "b") || method == UInt8(ascii: "q") else { return nil }
        index += 3
        let textStart = index
        while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "?") && bytes[index + 1] == UInt8(ascii: "=")) {
            if MailBytes.isWhitespace(bytes[index]) || bytes[index] == UInt8(ascii: "?") { return nil }
            index += 1
        }
        guard index + 1 < bytes.count else { return nil }
        let encoded = bytes[textStart..<index]
        // RFC 2231 allows a language after the charset: "utf-8*de".
        var charset = String(decoding: bytes[charsetStart..<charsetEnd], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let decoded = method == UInt8(ascii: "b") ? TransferEncoding.decodeBase64(encoded) : decodeQ(encoded)
        return Word(charset: charset.lowercased(), bytes: decoded, end: index + 2)
    }

    /// The Q encoding: quoted-printable where `_` stands for a space.
    private static func decodeQ(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                output.append(MailBytes.space)
            } else if byte == UInt8(ascii: "="), index + 2 < bytes.endIndex,
                let high = MailBytes.hexValue(bytes[index + 1]), let low = MailBytes.hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// UTF-8 B-encoded words for `text`, split between characters so every word decodes on its own,
    /// and joined by spaces, which a decoder drops. Each word holds at most 39 bytes (64 characters),
    /// so even after "Subject: " a line stays within the 76 characters RFC 2047 section 2 allows.
    static func encode(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let characterBytes = Array(character.utf8)
            if !chunk.isEmpty && chunk.count + characterBytes.count > 39 {
                words.append(word(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
            chunk += characterBytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: " ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?utf-8?B?" + String(decoding: TransferEncoding.encodeBase64(bytes), as: UTF8.self) + "?="
    }

    /// Whether `text` can go into a header as it is: printable ASCII and spaces only, and nothing a
    /// decoder would mistake for an encoded word.
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }
}
