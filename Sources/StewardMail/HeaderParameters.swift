import Foundation

/// A header value with parameters, as in Content-Type and Content-Disposition:
/// `text/plain; charset="utf-8"; format=flowed`.
struct HeaderParameters {
    /// The value before the first `;`, lowercased: "text/plain", "attachment".
    var value: String
    /// Parameter names lowercased; values unquoted, RFC 2231 continuations joined and decoded,
    /// and RFC 2047 encoded words decoded (Outlook writes `name="=?utf-8?B?…?="`).
    var parameters: [String: String]

    subscript(name: String) -> String? { parameters[name] }

    init(parsing text: String) {
        let segments = Self.split(text)
        value = (segments.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var plain: [String: String] = [:]
        var pieces: [String: [(index: Int, extended: Bool, value: String)]] = [:]
        for segment in segments.dropFirst() {
            guard let equals = segment.firstIndex(of: "=") else { continue }
            var name = segment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = Self.unquote(segment[segment.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard !name.isEmpty else { continue }
            // RFC 2231: "name*" is charset'language'percent-encoded; "name*0", "name*1*" are continuations.
            let extended = name.hasSuffix("*")
            if extended { name.removeLast() }
            if let star = name.firstIndex(of: "*"), let index = Int(name[name.index(after: star)...]) {
                pieces[String(name[..<star]), default: []].append((index, extended, value))
            } else if extended {
                pieces[name, default: []].append((0, true, value))
            } else if plain[name] == nil {
                plain[name] = value
            }
        }
        var parameters = plain.mapValues(EncodedWord.decode)
        for (name, parts) in pieces {
            parameters[name] = Self.join(parts.sorted { $0.index < $1.index })
        }
        self.parameters = parameters
    }

    /// The RFC 2231 pieces of one parameter as text: the first extended piece names the charset.
    private static func join(_ parts: [(index: Int, extended: Bool, value: String)]) -> String {
        var bytes: [UInt8] = []
        var charset: String?
        for (position, part) in parts.enumerated() {
            var value = Substring(part.value)
            if part.extended && position == 0 {
                let fields = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if fields.count == 3 {
                    charset = String(fields[0])
                    value = fields[2]
                }
            }
            bytes += part.extended ? percentDecode(value) : Array(value.utf8)
        }
        return Charset.decode(bytes, charset: charset)
    }

    private static func percentDecode(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = MailBytes.hexValue(bytes[index + 1]), let low = MailBytes.hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// The text split at each `;` outside quoted strings.
    private static func split(_ text: String) -> [Substring] {
        var segments: [Substring] = []
        var start = text.startIndex
        var inQuotes = false
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" && inQuotes {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                segments.append(text[start..<index])
                start = text.index(after: index)
            }
        }
        segments.append(text[start...])
        return segments
    }

    /// A quoted string's content with its backslash escapes resolved; other text unchanged.
    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped || character != "\\" {
                result.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return result
    }
}
