import Foundation
import StewardCore

/// A calendar quarter such as `2026-Q4`, cut in a customer's time zone.
public struct Quarter: Sendable, Hashable, LosslessStringConvertible {
    public let year: Int
    /// 1 to 4.
    public let number: Int

    public init?(year: Int, number: Int) {
        guard (1...4).contains(number), (1970...9999).contains(year) else { return nil }
        self.year = year
        self.number = number
    }

    /// Reads `2026-Q4` (or `2026-q4`): four digits, a dash, Q and one digit from 1 to 4.
    public init?(_ description: String) {
        let characters = Array(description.uppercased())
        guard characters.count == 7, characters[4] == "-", characters[5] == "Q",
            characters[0..<4].allSatisfy(\.isASCII) && characters[0..<4].allSatisfy(\.isNumber),
            let year = Int(String(characters[0..<4])), let number = Int(String(characters[6]))
        else { return nil }
        self.init(year: year, number: number)
    }

    public var description: String { "\(year)-Q\(number)" }

    /// The quarter `instant` falls in, in `timeZone`.
    public static func containing(_ instant: Date, in timeZone: TimeZone) -> Quarter {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: instant)
        return Quarter(year: parts.year!, number: (parts.month! - 1) / 3 + 1)!
    }

    /// From the first day's midnight to the next quarter's, in `timeZone`.
    public func interval(in timeZone: TimeZone) -> DateInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.date(from: DateComponents(year: year, month: (number - 1) * 3 + 1, day: 1))!
        let end = calendar.date(byAdding: .month, value: 3, to: start)!
        return DateInterval(start: start, end: end)
    }

    /// The quarter before this one.
    public var previous: Quarter {
        number == 1 ? Quarter(year: year - 1, number: 4) ?? self : Quarter(year: year, number: number - 1)!
    }
}
