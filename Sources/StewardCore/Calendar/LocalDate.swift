import Foundation

/// A calendar date in some place's local time (proleptic Gregorian), with no time and no zone.
///
/// Holidays, business days and health-check dates are local dates: "1 January" is the same date in
/// Berlin and in Tokyo even though it starts at different instants. Written as `YYYY-MM-DD`, in
/// `description` and in `Codable`.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns `nil` when the day does not exist (2026-02-29) or the year is
    /// outside 1...9999, the years `YYYY-MM-DD` can write.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; returns `nil` for any other shape or a day that does not exist.
    public init?(_ description: String) {
        let parts = description.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        String(zeroPadded: year, width: 4) + "-" + String(zeroPadded: month, width: 2) + "-" + String(zeroPadded: day, width: 2)
    }

    /// The date a wall clock in `timeZone` shows at `instant`.
    public init(of instant: Date, in timeZone: TimeZone) {
        let localSeconds = instant.timeIntervalSince1970 + TimeInterval(timeZone.secondsFromGMT(for: instant))
        self.init(daysSinceEpoch: Int((localSeconds / 86_400).rounded(.down)))
    }

    /// The Monday on or before this date: the first day of its week.
    public var monday: LocalDate {
        adding(days: -Self.floorModulo(daysSinceEpoch + 3, 7))
    }

    /// The day of the week this date falls on.
    public var weekday: Locale.Weekday {
        // 1970-01-01 was a Thursday; index 0 is Sunday.
        Self.weekdaysFromSunday[Self.floorModulo(daysSinceEpoch + 4, 7)]
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(text)\" is not a date; write an existing date as YYYY-MM-DD, e.g. 2026-12-25"
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

// Day-number arithmetic, so that walking a calendar day by day needs no Foundation.Calendar.
extension LocalDate {
    /// Weekdays in the order of `(daysSinceEpoch + 4) mod 7`.
    static let weekdaysFromSunday: [Locale.Weekday] = [
        .sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday,
    ]

    /// Days from 1970-01-01 to this date (Howard Hinnant's `days_from_civil`).
    var daysSinceEpoch: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    init(daysSinceEpoch days: Int) {
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        (value - floorModulo(value, divisor)) / divisor
    }

    static func floorModulo(_ value: Int, _ divisor: Int) -> Int {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

extension String {
    /// `value` in decimal with leading zeros up to `width` digits: `0042`.
    init(zeroPadded value: some BinaryInteger, width: Int) {
        let digits = String(value)
        self = String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
