import NIOCore

/// Turns the bytes a server sends into ``SMTPReply`` values, joining the lines of a multi-line reply.
///
/// Lines end in CRLF; a bare LF is accepted too because some servers send it. A reply's continuation lines
/// must carry the same code (RFC 5321 section 4.2.1). Replies are bounded in size so a broken or hostile
/// server cannot make the client buffer without limit.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 allows 512 octets per reply line; this leaves room for servers that send longer ones.
    static let maximumLineLength = 4096
    /// EHLO replies have a line per extension; no real server sends this many.
    static let maximumLineCount = 100

    private var code: Int?
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let lineEnd = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPReplyDecodingError(detail: "a reply line longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        let length = lineEnd - buffer.readerIndex
        guard length <= Self.maximumLineLength, var line = buffer.readString(length: length) else {
            throw SMTPReplyDecodingError(detail: "a reply line longer than \(Self.maximumLineLength) bytes")
        }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") {
            line.removeLast()
        }
        if let reply = try consume(line: line) {
            context.fireChannelRead(Self.wrapInboundOut(reply))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial reply at the end of the connection is dropped: the request waiting for it fails as closed.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }

    /// Adds one line; returns the reply when the line was its last.
    mutating func consume(line: String) throws -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let lineCode = Int(String(decoding: bytes[0..<3], as: UTF8.self))
        else {
            throw SMTPReplyDecodingError(detail: "a line that does not start with a three-digit reply code: \(line.debugDescription)")
        }
        if let code, code != lineCode {
            throw SMTPReplyDecodingError(detail: "a multi-line reply whose codes differ (\(code), then \(lineCode))")
        }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw SMTPReplyDecodingError(detail: "a reply line with neither ' ' nor '-' after the code: \(line.debugDescription)")
        }
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard separator == UInt8(ascii: " ") else {
            guard lines.count < Self.maximumLineCount else {
                throw SMTPReplyDecodingError(detail: "a reply of more than \(Self.maximumLineCount) lines")
            }
            code = lineCode
            return nil
        }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}

/// The server sent bytes that are not an SMTP reply.
struct SMTPReplyDecodingError: Error {
    var detail: String
}
