import Foundation
import StewardCore

/// One page of a list walked newest (or first) first, and where the next page starts.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Opaque; pass it back as `cursor` for the next page. Nil on the last page.
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// The page of the first `limit` of `rows` (fetch one more than `limit` to know whether more
    /// follow), with a cursor after its last row when they do.
    public static func cut<Row>(_ rows: [Row], limit: Int, item: (Row) -> Item, cursor: (Row) -> Cursor) -> Page {
        let shown = rows.prefix(limit)
        let next = rows.count > limit ? shown.last.map { cursor($0).encoded } : nil
        return Page(items: shown.map(item), nextCursor: next)
    }
}

/// A position in a keyset-ordered list: the sort values of the last item seen, never an offset,
/// so a page costs the same however deep it is.
public struct Cursor: Sendable, Hashable {
    public var values: [String]

    public init(_ values: [String]) {
        self.values = values
    }

    /// The opaque form: base64url of the values joined by newlines.
    public var encoded: String {
        Data(values.joined(separator: "\n").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The value at `index` as the instant PostgreSQL wrote it (`2026-11-24 23:57:25.786+00`), or
    /// `infinity`; false for anything a client made up, which must not reach the server.
    public func holdsInstant(at index: Int) -> Bool {
        Self.isTimestamp(values[index])
    }

    /// PostgreSQL's text of a `timestamptz` as this server writes it, `2026-11-24 12:00:00.123456+00`
    /// (an offset of `+05:30` or `-03`), on a day and at a time that exist, or `infinity`: what the
    /// list's cast accepts, so a forged cursor is refused here rather than by the database.
    static func isTimestamp(_ text: String) -> Bool {
        guard text != "infinity" else { return true }
        let characters = Array(text)
        guard characters.count >= 22, characters.count <= 35, characters[10] == " ", characters[13] == ":", characters[16] == ":",
            let year = Int(String(characters[0..<4])), let month = Int(String(characters[5..<7])),
            let day = Int(String(characters[8..<10])),
            characters[4] == "-", characters[7] == "-", LocalDate(year: year, month: month, day: day) != nil,
            let hour = Int(String(characters[11..<13])), let minute = Int(String(characters[14..<16])),
            let second = Int(String(characters[17..<19])), (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return false }
        var rest = characters[19...]
        if rest.first == "." {
            let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard (1...6).contains(digits.count) else { return false }
            rest = rest.dropFirst(1 + digits.count)
        }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return false }
        let offset = String(rest.dropFirst()).split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(offset.count), offset.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hours = Int(offset[0]), hours <= 15, offset.count == 1 || Int(offset[1])! <= 59
        else { return false }
        return true
    }

    public func holdsUUID(at index: Int) -> Bool { UUID(uuidString: values[index]) != nil }

    public func holdsInteger(at index: Int) -> Bool { Int64(values[index]) != nil }

    /// A value that fits PostgreSQL's `integer` (a task's priority).
    public func holdsInt32(at index: Int) -> Bool { Int32(values[index]) != nil }

    /// Reads a cursor this server handed out, expecting `count` values; nil when it is not one.
    public init?(encoded: String, count: Int) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let values = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard values.count == count else { return nil }
        self.values = values
    }
}
