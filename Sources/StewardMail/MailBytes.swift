/// Byte-level helpers the parser shares: everything works on `ArraySlice<UInt8>` of the original
/// message, so no part of a large body is copied into a `String` more than once.
enum MailBytes {
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// One line of a buffer: its content without the line break, and where the next line starts.
    struct Line {
        var content: Range<Int>
        var next: Int
        /// Whether a line break (LF or CRLF) ended the line, rather than the end of the buffer.
        var hasBreak: Bool
    }

    /// The line starting at `start`, ended by LF or CRLF (both occur in the wild); nil at the end.
    static func line(in bytes: ArraySlice<UInt8>, at start: Int) -> Line? {
        guard start < bytes.endIndex else { return nil }
        let feed = bytes[start...].firstIndex(of: lineFeed)
        let end = feed ?? bytes.endIndex
        var contentEnd = end
        if contentEnd > start && bytes[contentEnd - 1] == carriageReturn {
            contentEnd -= 1
        }
        return Line(content: start..<contentEnd, next: feed.map { $0 + 1 } ?? end, hasBreak: feed != nil)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == lineFeed || byte == carriageReturn
    }

    /// The slice without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isWhitespace($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }

    /// Whether `bytes` starting at `index` begin with `prefix`.
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: [UInt8], at index: Int) -> Bool {
        guard bytes.endIndex - index >= prefix.count else { return false }
        var offset = 0
        while offset < prefix.count {
            if bytes[index + offset] != prefix[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The value of a hexadecimal digit, either case.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// A size the way people read it, rounded up so a message just over a limit never reads as equal to it:
    /// "31 MB", "25.1 MB", "300 KB", "12 bytes" (1 MB = 1,048,576 bytes).
    static func sizeText(_ count: Int) -> String {
        func tenths(_ unit: Int, _ name: String) -> String {
            let value = (count * 10 + unit - 1) / unit
            return value % 10 == 0 ? "\(value / 10) \(name)" : "\(value / 10).\(value % 10) \(name)"
        }
        if count >= 1_048_576 { return tenths(1_048_576, "MB") }
        if count >= 1024 { return tenths(1024, "KB") }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }
}
