import Foundation

/// A local wall-clock time to the minute, one bound of a ``WorkingHours`` interval.
///
/// Valid times run from 00:00 to 24:00 inclusive; 24:00 is the end of the day, so that a day can be
/// worked to midnight with no gap before the next day's 00:00. A value outside that range can be
/// built (it is what a configuration file said), and ``BusinessCalendar`` rejects it, naming the
/// field. Written as `HH:MM`, in `description` and in `Codable`.
public struct TimeOfDay: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    public let hour: Int
    public let minute: Int

    public init(hour: Int, minute: Int = 0) {
        self.hour = hour
        self.minute = minute
    }

    /// 00:00, the start of a day.
    public static let midnight = TimeOfDay(hour: 0)

    /// 24:00, the end of a day, the same instant as the next day's 00:00.
    public static let endOfDay = TimeOfDay(hour: 24)

    /// Parses `HH:MM` (two digits each); the range is checked by ``BusinessCalendar``.
    public init?(_ description: String) {
        let parts = description.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String {
        func twoDigits(_ value: Int) -> String { (0..<10).contains(value) ? "0\(value)" : "\(value)" }
        return "\(twoDigits(hour)):\(twoDigits(minute))"
    }

    /// Minutes from the start of the day: 0 for 00:00, 1440 for 24:00.
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// Whether the time lies between 00:00 and 24:00 inclusive.
    public var isWithinDay: Bool {
        (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = TimeOfDay(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(text)\" is not a time of day; write it as HH:MM, e.g. 09:00 or 24:00"
            )
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
