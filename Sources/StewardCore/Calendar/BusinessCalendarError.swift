import Foundation

/// Why a ``BusinessCalendar`` was rejected: which calendar, which field, and what to change.
public struct BusinessCalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason, e.g. `calendar.unknown_time_zone`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String

        private init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// The name is empty or only whitespace.
        public static let emptyName = Code("calendar.empty_name")
        /// The time zone is not an IANA identifier this system knows.
        public static let unknownTimeZone = Code("calendar.unknown_time_zone")
        /// A `weeklyHours` key is not a weekday (decoding only).
        public static let unknownWeekday = Code("calendar.unknown_weekday")
        /// A start or end lies outside 00:00–24:00.
        public static let timeOutOfRange = Code("calendar.time_out_of_range")
        /// An interval ends at or before its start.
        public static let invertedInterval = Code("calendar.inverted_interval")
        /// Two intervals of the same weekday overlap.
        public static let overlappingIntervals = Code("calendar.overlapping_intervals")
        /// No weekday has any working hours, so no deadline could ever be reached.
        public static let noWorkingHours = Code("calendar.no_working_hours")
    }

    public let code: Code
    /// The calendar's name as given.
    public let calendar: String
    /// The offending field, as a path into the calendar's encoded form, e.g. `weeklyHours.mon[1].end`.
    public let field: String
    /// What is wrong and what to do, in plain words.
    public let message: String

    public init(code: Code, calendar: String, field: String, message: String) {
        self.code = code
        self.calendar = calendar
        self.field = field
        self.message = message
    }

    public var description: String {
        "business calendar \"\(calendar)\", field \(field): \(message) (\(code))"
    }
}
