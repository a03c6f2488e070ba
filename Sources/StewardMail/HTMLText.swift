/// Plain text from an HTML body, for messages that have no text/plain part: tags stripped,
/// entities decoded, block elements on their own lines, `<blockquote>` content prefixed with "> "
/// so `ReplyText` can recognise quoted history the way it does in plain-text mail.
///
/// One pass over the UTF-8 bytes, writing into one buffer: linear in the size of the HTML.
enum HTMLText {
    private static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr",
        "address", "article", "section", "header", "footer", "dl", "dt", "dd", "form", "center", "tbody", "thead",
    ]
    /// Elements whose content is never shown.
    private static let hiddenElements: Set<String> = ["script", "style", "head", "title"]

    private static let entities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "bdquo": "„", "laquo": "«", "raquo": "»", "bull": "•", "middot": "·", "euro": "€",
        "pound": "£", "yen": "¥", "cent": "¢", "deg": "°", "times": "×", "divide": "÷", "sect": "§", "para": "¶",
        "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "aacute": "á", "agrave": "à", "acirc": "â", "ccedil": "ç",
        "iacute": "í", "oacute": "ó", "uacute": "ú", "ntilde": "ñ", "Eacute": "É", "oslash": "ø", "aring": "å",
        "zwnj": "\u{200C}", "zwj": "\u{200D}", "shy": "\u{AD}",
    ]

    static func text(fromHTML html: String) -> String {
        var renderer = Renderer(html: Array(html.utf8))
        renderer.run()
        return tidy(String(decoding: renderer.output, as: UTF8.self))
    }

    private struct Renderer {
        let html: [UInt8]
        var output: [UInt8] = []
        var index = 0
        var pendingNewlines = 0
        var pendingSpace = false
        var atLineStart = true
        var quoteDepth = 0
        var preDepth = 0

        init(html: [UInt8]) {
            self.html = html
            output.reserveCapacity(html.count / 2)
        }

        mutating func run() {
            while index < html.count {
                let byte = html[index]
                if byte == UInt8(ascii: "<") {
                    readTag()
                } else if byte == UInt8(ascii: "&") {
                    readEntity()
                } else if MailBytes.isWhitespace(byte) || byte == 0x0C {
                    if preDepth > 0 {
                        if byte == MailBytes.lineFeed { pendingNewlines += 1 } else if byte != MailBytes.carriageReturn { write([byte]) }
                    } else {
                        pendingSpace = true
                    }
                    index += 1
                } else {
                    write([byte])
                    index += 1
                }
            }
        }

        /// Writes visible text, first settling the line breaks, the quote prefix or the space before it.
        mutating func write(_ bytes: [UInt8]) {
            if pendingNewlines > 0 {
                if !output.isEmpty {
                    output.append(contentsOf: repeatElement(MailBytes.lineFeed, count: min(pendingNewlines, 2)))
                    atLineStart = true
                }
                pendingNewlines = 0
            }
            if atLineStart {
                if quoteDepth > 0 { output.append(contentsOf: Array(String(repeating: ">", count: quoteDepth).utf8) + [MailBytes.space]) }
                atLineStart = false
            } else if pendingSpace {
                output.append(MailBytes.space)
            }
            pendingSpace = false
            output.append(contentsOf: bytes)
        }

        mutating func lineBreak(_ count: Int = 1) {
            pendingNewlines = max(pendingNewlines, count)
            pendingSpace = false
        }

        mutating func readTag() {
            let start = index
            index += 1
            if MailBytes.hasPrefix(html[...], Array("!--".utf8), at: index) {
                index = find(Array("-->".utf8), from: index + 3).map { $0 + 3 } ?? html.count
                return
            }
            var closing = false
            if index < html.count, html[index] == UInt8(ascii: "/") {
                closing = true
                index += 1
            }
            let nameStart = index
            while index < html.count, isNameByte(html[index]) { index += 1 }
            let name = String(decoding: html[nameStart..<index], as: UTF8.self).lowercased()
            guard !name.isEmpty || html.count > index && (html[index] == UInt8(ascii: "!") || html[index] == UInt8(ascii: "?")) else {
                // A lone "<" in text, as careless HTML has it.
                index = start + 1
                write([UInt8(ascii: "<")])
                return
            }
            skipToTagEnd()
            if !closing, HTMLText.hiddenElements.contains(name) {
                skipHiddenContent(name)
                return
            }
            handle(name, closing: closing)
        }

        mutating func handle(_ name: String, closing: Bool) {
            guard HTMLText.blockElements.contains(name) else {
                if name == "td" || name == "th", closing { pendingSpace = true }
                return
            }
            switch name {
            case "br":
                pendingNewlines += 1
                pendingSpace = false
            case "blockquote":
                lineBreak()
                quoteDepth = max(0, quoteDepth + (closing ? -1 : 1))
            case "pre":
                lineBreak()
                preDepth = max(0, preDepth + (closing ? -1 : 1))
            case "li" where !closing:
                lineBreak()
                write(Array("- ".utf8))
                atLineStart = false
                pendingSpace = false
            case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol":
                lineBreak(closing ? 2 : 1)
            default:
                lineBreak()
            }
        }

        /// Moves past the `>` that ends the tag, skipping quoted attribute values.
        mutating func skipToTagEnd() {
            var quote: UInt8?
            while index < html.count {
                let byte = html[index]
                index += 1
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    return
                }
            }
        }

        /// Moves past the closing tag of a hidden element such as `<style>`, or to the end.
        mutating func skipHiddenContent(_ name: String) {
            let closing = Array("</\(name)".utf8)
            while let found = find([UInt8(ascii: "<"), UInt8(ascii: "/")], from: index) {
                index = found
                if html.count - found >= closing.count,
                    zip(html[found..<(found + closing.count)], closing).allSatisfy({ $0 | 0x20 == $1 | 0x20 })
                {
                    index = found + closing.count
                    skipToTagEnd()
                    return
                }
                index = found + 2
            }
            index = html.count
        }

        mutating func readEntity() {
            var end = index + 1
            while end < html.count, end - index <= 32, html[end] != UInt8(ascii: ";"),
                isNameByte(html[end]) || html[end] == UInt8(ascii: "#")
            {
                end += 1
            }
            guard end < html.count, html[end] == UInt8(ascii: ";"),
                let scalar = Self.scalar(for: String(decoding: html[(index + 1)..<end], as: UTF8.self))
            else {
                write([UInt8(ascii: "&")])
                index += 1
                return
            }
            index = end + 1
            write(Array(String(Character(scalar)).utf8))
        }

        static func scalar(for entity: String) -> Unicode.Scalar? {
            guard entity.hasPrefix("#") else { return HTMLText.entities[entity] }
            let number = entity.dropFirst()
            let value = number.first == "x" || number.first == "X" ? UInt32(number.dropFirst(), radix: 16) : UInt32(number)
            return value.flatMap(Unicode.Scalar.init)
        }

        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard let first = needle.first else { return nil }
            var position = start
            while position + needle.count <= html.count {
                if html[position] == first && MailBytes.hasPrefix(html[...], needle, at: position) { return position }
                position += 1
            }
            return nil
        }

        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }

    /// Trailing spaces off every line (non-breaking ones included), at most one blank line in a row,
    /// no blank lines at the start or end.
    private static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line
            while let last = trimmed.last, last == " " || last == "\u{A0}" || last == "\t" { trimmed.removeLast() }
            let isBlank = trimmed.allSatisfy { $0 == " " || $0 == "\u{A0}" }
            if isBlank {
                blank = !lines.isEmpty
                continue
            }
            if blank { lines.append("") }
            blank = false
            lines.append(trimmed)
        }
        return lines.joined(separator: "\n").replacing("\u{A0}", with: " ")
    }
}
