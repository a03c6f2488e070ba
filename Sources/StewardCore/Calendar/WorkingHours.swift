import Foundation

/// One interval of working time in a day, from `start` up to (not including) `end`, in the
/// calendar's local wall-clock time.
///
/// `00:00-24:00` is the whole day. Work that runs past midnight is two intervals, one ending at
/// 24:00 and one starting at 00:00 the next day; they join with no gap. Written as `HH:MM-HH:MM`,
/// in `description` and in `Codable`.
public struct WorkingHours: Sendable, Hashable, Codable, LosslessStringConvertible {
    public let start: TimeOfDay
    public let end: TimeOfDay

    public init(start: TimeOfDay, end: TimeOfDay) {
        self.start = start
        self.end = end
    }

    /// 00:00 to 24:00: the whole local day, 23 or 25 real hours on a day the clocks change.
    public static let allDay = WorkingHours(start: .midnight, end: .endOfDay)

    /// Parses `HH:MM-HH:MM`, e.g. `09:00-18:00`; the range is checked by ``BusinessCalendar``.
    public init?(_ description: String) {
        let parts = description.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = TimeOfDay(String(parts[0])), let end = TimeOfDay(String(parts[1]))
        else { return nil }
        self.init(start: start, end: end)
    }

    public var description: String { "\(start)-\(end)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hours = WorkingHours(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\"\(text)\" is not an interval; write it as HH:MM-HH:MM, e.g. 09:00-18:00"
            )
        }
        self = hours
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
