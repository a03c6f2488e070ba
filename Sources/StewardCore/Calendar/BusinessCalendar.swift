import Foundation

/// When an SLA clock runs: weekly working hours in an IANA time zone, less holidays.
///
/// Severities 1–2 use ``roundTheClock``; severities 3–4 use the support calendar named in the
/// customer's contract. Working hours are local wall-clock intervals per weekday (any weekdays, e.g.
/// Mon–Fri 09:00–18:00 or Sun–Thu); holidays are local dates with no working time at all.
///
/// Every value is valid: the initializer and `Decodable` reject a calendar with an unknown zone,
/// times outside 00:00–24:00, inverted or overlapping intervals, or no working hours at all, so the
/// arithmetic in `BusinessCalendar+Arithmetic.swift` always terminates.
///
/// Encoded as:
/// ```json
/// {"name": "support-berlin", "timeZone": "Europe/Berlin",
///  "weeklyHours": {"mon": ["09:00-18:00"], "tue": ["09:00-12:00", "13:00-18:00"]},
///  "holidays": ["2026-12-25"]}
/// ```
/// with weekday keys `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`; `holidays` may be omitted.
public struct BusinessCalendar: Sendable, Hashable, Codable {
    /// The name contracts refer to the calendar by.
    public let name: String
    /// The IANA time zone identifier as given, e.g. `Europe/Berlin`.
    public let timeZoneIdentifier: String
    /// The zone working hours and holidays are read in.
    public let timeZone: TimeZone
    /// Working intervals per weekday, each day's sorted by start; days without work are absent.
    public let weeklyHours: [Locale.Weekday: [WorkingHours]]
    /// Local dates with no working time.
    public let holidays: Set<LocalDate>

    /// Creates a calendar, checking it.
    ///
    /// Intervals of one weekday may be given in any order and may touch (09:00–12:00 and
    /// 12:00–18:00) but not overlap.
    /// - Throws: ``BusinessCalendarError`` naming the first offending field.
    public init(
        name: String,
        timeZoneIdentifier: String,
        weeklyHours: [Locale.Weekday: [WorkingHours]],
        holidays: Set<LocalDate> = []
    ) throws(BusinessCalendarError) {
        func failure(_ code: BusinessCalendarError.Code, _ field: String, _ message: String) -> BusinessCalendarError {
            BusinessCalendarError(code: code, calendar: name, field: field, message: message)
        }
        guard !name.allSatisfy(\.isWhitespace) else {
            throw failure(.emptyName, "name", "the name is empty; give the calendar the name contracts use for it")
        }
        guard let timeZone = TimeZone(identifier: timeZoneIdentifier) else {
            throw failure(
                .unknownTimeZone,
                "timeZone",
                "\"\(timeZoneIdentifier)\" is not a known time zone; use an IANA identifier such as Europe/Berlin"
            )
        }
        var sortedHours: [Locale.Weekday: [WorkingHours]] = [:]
        for weekday in Self.weekdaysFromMonday {
            guard let intervals = weeklyHours[weekday], !intervals.isEmpty else { continue }
            let dayField = "weeklyHours.\(weekday.rawValue)"
            for (index, interval) in intervals.enumerated() {
                for (bound, time) in [("start", interval.start), ("end", interval.end)] where !time.isWithinDay {
                    throw failure(
                        .timeOutOfRange,
                        "\(dayField)[\(index)].\(bound)",
                        "\(time) is not a time of day; use 00:00 to 24:00"
                    )
                }
                guard interval.start < interval.end else {
                    throw failure(
                        .invertedInterval,
                        "\(dayField)[\(index)]",
                        "\(interval) does not end after it starts; write the start first, and split work past "
                            + "midnight into one interval ending at 24:00 and one starting at 00:00 the next day"
                    )
                }
            }
            let byStart = intervals.indices.sorted { intervals[$0].start < intervals[$1].start }
            for (earlier, later) in zip(byStart, byStart.dropFirst())
            where intervals[later].start < intervals[earlier].end {
                throw failure(
                    .overlappingIntervals,
                    "\(dayField)[\(later)]",
                    "\(intervals[later]) overlaps \(intervals[earlier]); make the intervals of one day disjoint"
                )
            }
            sortedHours[weekday] = byStart.map { intervals[$0] }
        }
        guard !sortedHours.isEmpty else {
            throw failure(
                .noWorkingHours,
                "weeklyHours",
                "no weekday has working hours, so no business deadline could ever be reached; "
                    + "add at least one interval, or use the round-the-clock calendar"
            )
        }
        self.init(
            name: name,
            timeZoneIdentifier: timeZoneIdentifier,
            timeZone: timeZone,
            weeklyHours: sortedHours,
            holidays: holidays
        )
    }

    private init(
        name: String,
        timeZoneIdentifier: String,
        timeZone: TimeZone,
        weeklyHours: [Locale.Weekday: [WorkingHours]],
        holidays: Set<LocalDate>
    ) {
        self.name = name
        self.timeZoneIdentifier = timeZoneIdentifier
        self.timeZone = timeZone
        self.weeklyHours = weeklyHours
        self.holidays = holidays
    }

    /// Every instant is business time: 00:00–24:00 every day, no holidays, in UTC.
    ///
    /// The zone only decides where local dates begin; business time is all real time, so a
    /// 24×7 calendar in any other zone computes the same deadlines.
    public static let roundTheClock = BusinessCalendar(
        name: "24x7",
        timeZoneIdentifier: "UTC",
        timeZone: .gmt,
        weeklyHours: Dictionary(uniqueKeysWithValues: weekdaysFromMonday.map { ($0, [WorkingHours.allDay]) }),
        holidays: []
    )

    /// Weekdays in the order validation reports them.
    static let weekdaysFromMonday: [Locale.Weekday] = [
        .monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday,
    ]

    private enum CodingKeys: String, CodingKey {
        case name, timeZone, weeklyHours, holidays
    }

    /// Decodes and checks a calendar.
    /// - Throws: `DecodingError` for malformed JSON, dates or times; ``BusinessCalendarError`` for a
    ///   well-formed calendar that is not valid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let hoursByKey = try container.decode([String: [WorkingHours]].self, forKey: .weeklyHours)
        var weeklyHours: [Locale.Weekday: [WorkingHours]] = [:]
        for (key, intervals) in hoursByKey.sorted(by: { $0.key < $1.key }) {
            guard let weekday = Locale.Weekday(rawValue: key) else {
                throw BusinessCalendarError(
                    code: .unknownWeekday,
                    calendar: name,
                    field: "weeklyHours.\(key)",
                    message: "\"\(key)\" is not a weekday; use mon, tue, wed, thu, fri, sat or sun"
                )
            }
            weeklyHours[weekday] = intervals
        }
        try self.init(
            name: name,
            timeZoneIdentifier: try container.decode(String.self, forKey: .timeZone),
            weeklyHours: weeklyHours,
            holidays: try container.decodeIfPresent(Set<LocalDate>.self, forKey: .holidays) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(timeZoneIdentifier, forKey: .timeZone)
        try container.encode(
            Dictionary(uniqueKeysWithValues: weeklyHours.map { ($0.key.rawValue, $0.value) }),
            forKey: .weeklyHours
        )
        // Sorted, so the same calendar always encodes to the same text.
        try container.encode(holidays.sorted(), forKey: .holidays)
    }
}
