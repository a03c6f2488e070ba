import Foundation

/// Content-Transfer-Encoding (RFC 2045): decoding what arrives, encoding what Steward sends.
enum TransferEncoding {
    /// The decoded bytes of a part body; unknown encodings (and 7bit, 8bit, binary) pass through unchanged.
    static func decode(_ bytes: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "quoted-printable": decodeQuotedPrintable(bytes)
        case "base64": decodeBase64(bytes)
        default: Array(bytes)
        }
    }

    /// Quoted-printable: `=XX` is a byte, `=` at the end of a line is a soft line break, and trailing
    /// whitespace on a line is transport padding. A stray `=` is kept as it is.
    static func decodeQuotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var start = bytes.startIndex
        while let line = MailBytes.line(in: bytes, at: start) {
            var end = line.content.upperBound
            while end > line.content.lowerBound, bytes[end - 1] == MailBytes.space || bytes[end - 1] == MailBytes.tab {
                end -= 1
            }
            var soft = false
            var index = line.content.lowerBound
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "=") {
                    if index + 1 == end {
                        soft = true
                        index += 1
                        continue
                    }
                    if index + 2 < end,
                        let high = MailBytes.hexValue(bytes[index + 1]), let low = MailBytes.hexValue(bytes[index + 2])
                    {
                        output.append(high << 4 | low)
                        index += 3
                        continue
                    }
                }
                output.append(byte)
                index += 1
            }
            if line.hasBreak && !soft {
                output.append(contentsOf: bytes[line.content.upperBound..<line.next])
            }
            start = line.next
        }
        return output
    }

    /// Base64, tolerating line breaks, stray characters and missing padding; stops at the first `=`.
    static func decodeBase64(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.underestimatedCount * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="): return output
            default: continue
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return output
    }

    /// Quoted-printable for a text part: line breaks become CRLF, lines stay within 76 octets (soft
    /// breaks), and only printable ASCII other than `=` is written as itself, so the result is 7-bit
    /// and cannot contain `=_` (which is why the MIME boundaries start with it).
    static func encodeQuotedPrintable(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var lineLength = 0
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var index = 0
        func isLineBreak(at position: Int) -> Bool {
            position >= bytes.count || bytes[position] == MailBytes.lineFeed || bytes[position] == MailBytes.carriageReturn
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == MailBytes.carriageReturn || byte == MailBytes.lineFeed {
                output.append(contentsOf: [MailBytes.carriageReturn, MailBytes.lineFeed])
                lineLength = 0
                let isCRLF = byte == MailBytes.carriageReturn && index + 1 < bytes.count && bytes[index + 1] == MailBytes.lineFeed
                index += isCRLF ? 2 : 1
                continue
            }
            let isWhitespace = byte == MailBytes.space || byte == MailBytes.tab
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || (isWhitespace && !isLineBreak(at: index + 1))
            let width = literal ? 1 : 3
            // Leave room for the "=" of a soft break when more of the line follows.
            let limit = isLineBreak(at: index + 1) ? 76 : 75
            if lineLength + width > limit {
                output.append(contentsOf: [UInt8(ascii: "="), MailBytes.carriageReturn, MailBytes.lineFeed])
                lineLength = 0
            }
            if literal {
                output.append(byte)
            } else {
                output.append(contentsOf: [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
            }
            lineLength += width
            index += 1
        }
        return output
    }

    /// Base64 in lines of 76 characters separated by CRLF, with no line break after the last line.
    static func encodeBase64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 28 + 4)
        var index = 0
        var lineLength = 0
        while index < bytes.count {
            if lineLength == 76 {
                output.append(contentsOf: [MailBytes.carriageReturn, MailBytes.lineFeed])
                lineLength = 0
            }
            let count = min(3, bytes.count - index)
            let first = UInt32(bytes[index]) << 16
            let second = count > 1 ? UInt32(bytes[index + 1]) << 8 : 0
            let third = count > 2 ? UInt32(bytes[index + 2]) : 0
            let group = first | second | third
            output.append(alphabet[Int(group >> 18 & 63)])
            output.append(alphabet[Int(group >> 12 & 63)])
            output.append(count > 1 ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            output.append(count > 2 ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            lineLength += 4
            index += 3
        }
        return output
    }
}
