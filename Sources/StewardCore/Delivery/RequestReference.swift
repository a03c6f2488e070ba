import Foundation

/// A request as people quote it in mail and on the phone: `MSA-2026-000123`, the year it was filed
/// (UTC) and its number. Mail subjects carry it in brackets so replies find their request.
public struct RequestReference: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    public var year: Int
    public var number: Int64

    public init(year: Int, number: Int64) {
        self.year = year
        self.number = number
    }

    public init(number: Int64, filedAt: Date) {
        self.init(year: LocalDate(of: filedAt, in: .gmt).year, number: number)
    }

    /// Written for every item of a list: `String(format:)` here took about 1 % of a page's time.
    public var description: String { "MSA-\(year)-" + String(zeroPadded: number, width: 6) }

    /// Reads `MSA-2026-000123` (any letter case).
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "MSA", parts[1].count == 4, let year = Int(parts[1]), parts[2].count >= 6,
            parts[2].allSatisfy(\.isASCII), let number = Int64(parts[2]), number > 0
        else { return nil }
        self.init(year: year, number: number)
    }

    /// The first `[MSA-…]` in a subject such as `Re: [MSA-2026-000123] Scanner crashes`.
    public static func find(in subject: String) -> RequestReference? {
        var rest = Substring(subject)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { return nil }
            if let reference = RequestReference(String(after[..<close]).trimmingCharacters(in: .whitespaces)) { return reference }
            rest = after[after.index(after: close)...]
        }
        return nil
    }
}
