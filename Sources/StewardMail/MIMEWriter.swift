/// Writes header fields and MIME entities with CRLF line ends, folding header lines at spaces so
/// none is longer than 78 characters where a space allows it (and never longer than 998).
struct MIMEWriter {
    /// Headers and an encoded body: every byte 7-bit, every line already CRLF-ended and short.
    struct Entity {
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    private(set) var bytes: [UInt8] = []

    mutating func header(_ name: String, _ value: String) {
        var line = name + ":"
        var lineLength = line.utf8.count
        // Runs of spaces are kept (split keeps the empty words between them); folds go only before a word.
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if !word.isEmpty && lineLength + 1 + word.utf8.count > 78 && lineLength > name.utf8.count + 1 {
                line += "\r\n"
                lineLength = 0
            }
            line += " " + word
            lineLength += 1 + word.utf8.count
        }
        bytes += Array(line.utf8) + [MailBytes.carriageReturn, MailBytes.lineFeed]
    }

    /// An entity's header fields, the blank line and its body.
    mutating func entity(_ entity: Entity) {
        for (name, value) in entity.headers { header(name, value) }
        bytes += [MailBytes.carriageReturn, MailBytes.lineFeed]
        bytes += entity.body
    }

    /// A multipart body: the parts between boundary lines, where the CRLF before each boundary
    /// line belongs to the boundary.
    static func multipart(boundary: String, parts: [Entity]) -> [UInt8] {
        var writer = MIMEWriter()
        for part in parts {
            writer.bytes += Array("--\(boundary)\r\n".utf8)
            writer.entity(part)
            writer.bytes += [MailBytes.carriageReturn, MailBytes.lineFeed]
        }
        writer.bytes += Array("--\(boundary)--\r\n".utf8)
        return writer.bytes
    }

    /// An unstructured header value (Subject, extra headers): as it is when it is short printable
    /// ASCII, else RFC 2047 encoded words, which can be folded anywhere between them.
    static func unstructured(_ value: String) -> String {
        let cleaned = value.map { $0 == "\r\n" || $0 == "\r" || $0 == "\n" || $0 == "\t" ? " " : String($0) }.joined()
        let hasLongWord = cleaned.split(separator: " ").contains { $0.utf8.count > 900 }
        return EncodedWord.isPlainHeaderText(cleaned) && !hasLongWord ? cleaned : EncodedWord.encode(cleaned)
    }

    /// A filename parameter. Plain ASCII names are quoted; others use RFC 2231 (`filename*=utf-8''…`,
    /// split into `filename*0*=`, `filename*1*=` … continuations when long), or, for the legacy
    /// Content-Type `name` that older clients read, RFC 2047 encoded words.
    static func filenameParameter(_ parameter: String, _ filename: String, legacy: Bool) -> String {
        let cleaned = String(filename.filter { !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) })
        if EncodedWord.isPlainHeaderText(cleaned) && cleaned.utf8.count <= 60 {
            let escaped = cleaned.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
            return "\(parameter)=\"\(escaped)\""
        }
        if legacy {
            return "\(parameter)=\"\(EncodedWord.encode(cleaned))\""
        }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var pieces: [String] = []
        var current: [UInt8] = Array("utf-8''".utf8)
        for byte in cleaned.utf8 {
            let encoded = unreserved.contains(byte) ? [byte] : [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            if current.count + encoded.count > 60 {
                pieces.append(String(decoding: current, as: UTF8.self))
                current = []
            }
            current += encoded
        }
        pieces.append(String(decoding: current, as: UTF8.self))
        if pieces.count == 1 { return "\(parameter)*=\(pieces[0])" }
        return pieces.enumerated().map { "\(parameter)*\($0.offset)*=\($0.element)" }.joined(separator: "; ")
    }
}
