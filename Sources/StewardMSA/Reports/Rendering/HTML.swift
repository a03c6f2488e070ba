/// A piece of HTML (or inline SVG) built so that text cannot become markup: in
/// `"<td>\(summary)</td>" as HTML` the string `summary` is escaped, while an interpolated `HTML`
/// value is kept as it is.
///
/// The report renderers build every page, fragment and chart through this type, so a customer
/// name such as `<script>` arrives in the browser as text.
struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    private(set) var description: String

    /// Markup written in this module's source: a literal is trusted as it is.
    init(stringLiteral value: String) {
        description = value
    }

    init(stringInterpolation: StringInterpolation) {
        description = stringInterpolation.markup
    }

    /// Nothing.
    static let empty: HTML = ""

    /// The pieces one after another, with `separator` between them.
    init(joining pieces: some Sequence<HTML>, separator: HTML = "") {
        description = pieces.map(\.description).joined(separator: separator.description)
    }

    static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(joining: [lhs, rhs])
    }

    static func += (lhs: inout HTML, rhs: HTML) {
        lhs.description += rhs.description
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`, so that the text is safe in content and in a quoted
    /// attribute value, in HTML and in SVG (XML) alike.
    static func escape(_ text: some StringProtocol) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Literals are kept, text is escaped, `HTML` is kept.
    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var markup = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        mutating func appendInterpolation(_ html: HTML) {
            markup += html.description
        }

        mutating func appendInterpolation(_ pieces: [HTML]) {
            for piece in pieces { markup += piece.description }
        }

        mutating func appendInterpolation(_ text: some StringProtocol) {
            markup += HTML.escape(text)
        }

        mutating func appendInterpolation(_ number: Int) {
            markup += String(number)
        }
    }
}
