import NIOCore

/// The bytes sent after DATA: the message with CRLF line endings, dot-stuffed, ending in CRLF.CRLF.
///
/// RFC 5321 section 4.5.2: a line that starts with "." gets another "." so the server does not read it as
/// the end of the message (the server removes it again). Lines end in CRLF on the wire (section 2.3.8), so a
/// bare LF or a bare CR becomes CRLF; a message that does not end in a line break gets one.
enum SMTPMessageData {
    static func encode(_ message: [UInt8], allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        let carriageReturn = UInt8(ascii: "\r")
        let lineFeed = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")
        // Dot-stuffing and CRLFs rarely add more than a few percent; reserving a little more avoids regrowth.
        var buffer = allocator.buffer(capacity: message.count + message.count / 32 + 8)
        var atLineStart = true
        var index = message.startIndex
        while index < message.endIndex {
            let byte = message[index]
            if byte == carriageReturn || byte == lineFeed {
                buffer.writeBytes([carriageReturn, lineFeed])
                let next = message.index(after: index)
                // CRLF is one line break, not two.
                index = byte == carriageReturn && next < message.endIndex && message[next] == lineFeed ? message.index(after: next) : next
                atLineStart = true
                continue
            }
            if atLineStart && byte == dot {
                buffer.writeInteger(dot)
            }
            buffer.writeInteger(byte)
            atLineStart = false
            index = message.index(after: index)
        }
        if !atLineStart {
            buffer.writeBytes([carriageReturn, lineFeed])
        }
        buffer.writeString(".\r\n")
        return buffer
    }

    /// Whether the message has bytes above 127, so MAIL FROM should declare BODY=8BITMIME (RFC 6152).
    static func hasEightBitBytes(_ message: [UInt8]) -> Bool {
        message.contains { $0 >= 0x80 }
    }
}
