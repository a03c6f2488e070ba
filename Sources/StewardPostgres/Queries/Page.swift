import Foundation

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
        let text = values[index]
        guard text != "infinity" else { return true }
        let allowed = Set("0123456789-:+. ")
        return text.count >= 19 && text.count <= 40 && text.allSatisfy(allowed.contains) && text.first?.isNumber == true
            && text.dropFirst(4).first == "-"
    }

    public func holdsUUID(at index: Int) -> Bool { UUID(uuidString: values[index]) != nil }

    public func holdsInteger(at index: Int) -> Bool { Int64(values[index]) != nil }

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
