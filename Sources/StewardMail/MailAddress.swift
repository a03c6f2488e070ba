/// A mailbox: an optional display name and an addr-spec, as in `"Last, First" <first.last@example.com>`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public var name: String?
    /// The addr-spec as written. Mail systems treat the case of addresses loosely, so compare
    /// `normalizedAddress` rather than this.
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The address lowercased, for comparing and looking up senders.
    public var normalizedAddress: String { address.lowercased() }

    /// One mailbox: `Name <a@b>`, `a@b`, `a@b (Name)`, `"Last, First" <a@b>`, names in encoded words.
    /// Nil when no addr-spec with a local part and a domain can be found.
    public static func parse(_ text: String) -> MailAddress? {
        parseMailbox(Substring(text)) ?? parseList(text).first
    }

    /// A comma-separated address list (To, Cc). Group syntax (`Team: a@b, c@d;`,
    /// `undisclosed-recipients:;`) is tolerated: the members are returned, the group name dropped.
    /// Entries that are not addresses are skipped.
    public static func parseList(_ text: String) -> [MailAddress] {
        var entries: [Substring] = []
        var start = text.startIndex
        var scanner = Scanner()
        for index in text.indices {
            let character = text[index]
            guard scanner.isTopLevel(after: character) else { continue }
            switch character {
            case ",", ";":
                entries.append(text[start..<index])
                start = text.index(after: index)
            case ":":
                // The group's name ends here; its members follow.
                start = text.index(after: index)
            default:
                break
            }
        }
        entries.append(text[start...])
        return entries.compactMap(parseMailbox)
    }

    /// The header form: the name quoted when it holds specials, RFC 2047-encoded when it is not ASCII.
    public var description: String {
        guard let name, !name.isEmpty else { return address }
        let cleaned = name.replacing("\r", with: " ").replacing("\n", with: " ")
        if !EncodedWord.isPlainHeaderText(cleaned) {
            return "\(EncodedWord.encode(cleaned)) <\(address)>"
        }
        let atomText = cleaned.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0) }
        if atomText { return "\(cleaned) <\(address)>" }
        let escaped = cleaned.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"\(escaped)\" <\(address)>"
    }

    /// Tracks quoted strings, comments and angle brackets while a header is read character by character.
    private struct Scanner {
        private var inQuotes = false
        private var escaped = false
        private var commentDepth = 0
        private var inAngle = false

        /// Feeds one character; true when it stands outside quotes, comments and angle brackets
        /// and is not itself one of their delimiters.
        mutating func isTopLevel(after character: Character) -> Bool {
            if escaped {
                escaped = false
                return false
            }
            if inQuotes || commentDepth > 0, character == "\\" {
                escaped = true
                return false
            }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                return false
            }
            if commentDepth > 0 {
                if character == "(" { commentDepth += 1 }
                if character == ")" { commentDepth -= 1 }
                return false
            }
            switch character {
            case "\"": inQuotes = true
            case "(": commentDepth = 1
            case "<": inAngle = true
            case ">": inAngle = false
            default: return !inAngle
            }
            return false
        }
    }

    private static func parseMailbox(_ text: Substring) -> MailAddress? {
        var phrase = ""
        var comment = ""
        var angle: String?
        var bare = ""
        var inAngle = false
        var inQuotes = false
        var escaped = false
        var commentDepth = 0
        for character in text {
            if escaped {
                escaped = false
                if inQuotes { phrase.append(character) } else if commentDepth > 0 { comment.append(character) }
                continue
            }
            if (inQuotes || commentDepth > 0) && character == "\\" {
                escaped = true
                continue
            }
            if inQuotes {
                if character == "\"" {
                    inQuotes = false
                    if !inAngle { bare.append(character) }
                } else {
                    phrase.append(character)
                    bare.append(character)
                }
                continue
            }
            if commentDepth > 0 {
                if character == "(" { commentDepth += 1 }
                if character == ")" { commentDepth -= 1 }
                if commentDepth > 0 { comment.append(character) } else { comment.append(" ") }
                continue
            }
            switch character {
            case "\"":
                inQuotes = true
                bare.append(character)
            case "(":
                commentDepth = 1
            case "<" where angle == nil:
                inAngle = true
                angle = ""
            case ">" where inAngle:
                inAngle = false
            default:
                if inAngle {
                    angle?.append(character)
                } else {
                    phrase.append(character)
                    bare.append(character)
                }
            }
        }
        var address = angle.map { $0.filter { !$0.isWhitespace } } ?? bare.trimmingWhitespace()
        // An obsolete source route, "<@relay.example:user@example.com>", names the mailbox after its colon.
        if address.hasPrefix("@"), let colon = address.lastIndex(of: ":") {
            address = String(address[address.index(after: colon)...])
        }
        guard isAddrSpec(address) else { return nil }
        let nameSource = angle == nil ? comment : phrase
        let name = EncodedWord.decode(nameSource.trimmingWhitespace())
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return MailAddress(name: name.isEmpty ? nil : name, address: address)
    }

    /// A local part and a domain around the last `@`, with nothing that cannot be in an address.
    private static func isAddrSpec(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        return !local.isEmpty && !domain.isEmpty && !domain.contains("\"")
            && !text.contains { "<>,;()".contains($0) || $0.isWhitespace }
    }
}
