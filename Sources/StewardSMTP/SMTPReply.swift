/// One reply from an SMTP server: a three-digit code and one or more lines of text (RFC 5321 section 4.2).
///
/// Multi-line replies (`250-first`, `250 last`) arrive as one value. ``description`` renders the reply as the
/// server sent it, so errors and receipts can quote it verbatim.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, 200 to 599 for replies this client acts on (for example 250, 354, 451, 550).
    public var code: Int
    /// The text of each line, without the code and the separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// The reply as the server sent it, lines separated by a line feed.
    public var description: String {
        lines.enumerated().map { index, line in
            let separator = index == lines.count - 1 ? " " : "-"
            return line.isEmpty && separator == " " ? "\(code)" : "\(code)\(separator)\(line)"
        }.joined(separator: "\n")
    }

    /// 2xx: the command was accepted.
    var isSuccess: Bool { (200..<300).contains(code) }
    /// 5xx: the server will not accept this command as it is, so retrying it unchanged is pointless.
    var isPermanentFailure: Bool { (500..<600).contains(code) }
}
