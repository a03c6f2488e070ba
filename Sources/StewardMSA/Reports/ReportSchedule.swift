import Foundation
import StewardCore

/// When a customer's report is made and what it holds: the contract's quarterly report, or a
/// custom periodic report a TAM defined (daily, weekly on a weekday, or monthly on a day or the
/// last day, at a local time in the customer's zone).
///
/// Each run is at its exact instant: a weekly 09:00 report runs at 09:00 local time on both sides
/// of a clock change. Encoded as
/// `{"name": "Weekly status", "frequency": "weekly", "weekday": "monday", "time": "09:00",
/// "sections": ["open-requests", "breaches"], "period": "week", "recipients": ["bob"], "format": "html"}`.
public struct ReportSchedule: Sendable, Hashable, Codable {
    public enum Frequency: String, Sendable, Hashable, Codable, CaseIterable, ListedChoice {
        public static let what = "frequency"

        case quarterly, daily, weekly, monthly
    }

    /// What a run covers: the day, week, month or quarter before the run, in local time.
    public enum Period: String, Sendable, Hashable, Codable, CaseIterable, ListedChoice {
        public static let what = "period"

        case day, week, month, quarter
    }

    /// Which files the e-mail carries besides its summary.
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable, ListedChoice {
        public static let what = "format"

        /// The HTML page.
        case html
        /// One CSV file per table.
        case csv
        case both
    }

    public var name: String
    public var frequency: Frequency
    /// The weekday of a weekly report, e.g. `monday`.
    public var weekday: String?
    /// The day of a monthly report: `1` to `28`, or `last`.
    public var dayOfMonth: String?
    /// The local time of each run.
    public var time: TimeOfDay
    public var sections: [ReportSection]
    public var period: Period
    /// Contact ids of the customer; none means every contact who takes `periodic-report` by e-mail.
    public var recipients: [String]
    public var format: Format

    /// The contract's quarterly report: every section, at 00:00 when each quarter ends, to the
    /// contacts who take `quarterly-report` and the TAM.
    public static let quarterly = ReportSchedule(
        name: "Quarterly report", frequency: .quarterly, weekday: nil, dayOfMonth: nil, time: .midnight,
        sections: ReportSection.allCases, period: .quarter, recipients: [], format: .both
    )

    public init(
        name: String, frequency: Frequency, weekday: String? = nil, dayOfMonth: String? = nil, time: TimeOfDay,
        sections: [ReportSection], period: Period, recipients: [String] = [], format: Format = .html
    ) {
        self.name = name
        self.frequency = frequency
        self.weekday = weekday
        self.dayOfMonth = dayOfMonth
        self.time = time
        self.sections = sections
        self.period = period
        self.recipients = recipients
        self.format = format
    }

    /// Reads a schedule; `recipients` (none), `format` (`html`) and the weekday or day a frequency
    /// does not use may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            frequency: try container.decode(Frequency.self, forKey: .frequency),
            weekday: try container.decodeIfPresent(String.self, forKey: .weekday),
            dayOfMonth: try container.decodeIfPresent(String.self, forKey: .dayOfMonth),
            time: try container.decode(TimeOfDay.self, forKey: .time),
            sections: try container.decode([ReportSection].self, forKey: .sections),
            period: try container.decode(Period.self, forKey: .period),
            recipients: try container.decodeIfPresent([String].self, forKey: .recipients) ?? [],
            format: try container.decodeIfPresent(Format.self, forKey: .format) ?? .html
        )
    }

    // MARK: Runs

    /// The first run strictly after `instant`, in `zone`. A local time the clocks skip on some day
    /// (refused by ``check(in:from:)``, but a zone's rules can change) runs at the time after the gap.
    public func nextRun(after instant: Date, in zone: TimeZone) -> Date {
        if frequency == .quarterly {
            return Quarter.containing(instant, in: zone).interval(in: zone).end
        }
        var date = LocalDate(of: instant, in: zone)
        while true {
            if let day = runDay(onOrAfter: date) {
                let run = Self.instant(of: day, at: time, in: zone).instant
                if run > instant { return run }
                date = day.adding(days: 1)
            } else {
                date = date.adding(days: 1)
            }
        }
    }

    /// The period a run at `run` reports on: the day, week, month or quarter before it, in local time.
    public func period(endingAt run: Date, in zone: TimeZone) -> DateInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start: Date? =
            switch period {
            case .day: calendar.date(byAdding: .day, value: -1, to: run)
            case .week: calendar.date(byAdding: .day, value: -7, to: run)
            case .month: calendar.date(byAdding: .month, value: -1, to: run)
            case .quarter: calendar.date(byAdding: .month, value: -3, to: run)
            }
        return DateInterval(start: start ?? run, end: run)
    }

    /// The first day on or after `date` this schedule runs, within its month for a monthly one;
    /// nil when the rest of `date`'s month has none (the caller moves on).
    private func runDay(onOrAfter date: LocalDate) -> LocalDate? {
        switch frequency {
        case .quarterly, .daily:
            return date
        case .weekly:
            let target = weekday.flatMap(Self.weekday(named:)) ?? .monday
            return (0..<7).lazy.map { date.adding(days: $0) }.first { $0.weekday == target }
        case .monthly:
            let last = (28...31).reversed().lazy.compactMap { LocalDate(year: date.year, month: date.month, day: $0) }.first!
            let day = dayOfMonth == "last" ? last : LocalDate(year: date.year, month: date.month, day: Int(dayOfMonth ?? "1") ?? 1) ?? last
            return day >= date ? day : nil
        }
    }

    /// The instant a wall clock in `zone` shows `time` on `date`: the first of two in a repeated
    /// hour, the time after the gap in a skipped one (`skipped` says so).
    public static func instant(of date: LocalDate, at time: TimeOfDay, in zone: TimeZone) -> (instant: Date, skipped: Bool) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute)
        let instant = calendar.date(from: wanted)!
        let shown = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        let skipped = shown.day != date.day || shown.hour != time.hour || shown.minute != time.minute
        guard !skipped else { return (instant, true) }
        // Foundation may answer the second of two instants in a repeated hour; the first is an hour earlier.
        let earlier = instant.addingTimeInterval(-3_600)
        let earlierShown = calendar.dateComponents([.day, .hour, .minute], from: earlier)
        if earlierShown.day == date.day && earlierShown.hour == time.hour && earlierShown.minute == time.minute {
            return (earlier, false)
        }
        return (instant, false)
    }

    // MARK: Checks

    /// The weekday named `monday`, `mon`, `Monday`…
    public static func weekday(named name: String) -> Locale.Weekday? {
        let key = name.lowercased()
        return Self.weekdayNames.first { key == $0.key.rawValue || key == $0.value }?.key
    }

    private static let weekdayNames: [Locale.Weekday: String] = [
        .monday: "monday", .tuesday: "tuesday", .wednesday: "wednesday", .thursday: "thursday", .friday: "friday",
        .saturday: "saturday", .sunday: "sunday",
    ]

    /// Refuses a schedule that cannot run as written, naming the field and what to write instead: a
    /// blank name, no section or one twice, a weekday or day of month missing, unknown or not in
    /// every month, a time outside the day, or a time the clocks skip on a day the schedule runs in
    /// the coming two years.
    public func check(in zone: TimeZone, from now: Date) throws(ReportError) {
        guard !name.allSatisfy(\.isWhitespace) else {
            throw .invalid("the schedule needs a name, e.g. \"Weekly status\"", field: "name")
        }
        guard frequency != .quarterly else {
            throw .invalid(
                "the quarterly report is the contract's and every customer has it; choose daily, weekly or monthly", field: "frequency")
        }
        guard !sections.isEmpty else {
            throw .invalid("choose at least one section: \(Self.sectionNames)", field: "sections")
        }
        guard Set(sections).count == sections.count else {
            throw .invalid("a section is listed twice; list each once", field: "sections")
        }
        guard time.isWithinDay, time != .endOfDay else {
            throw .invalid("time \(time) is not a time of day; use 00:00 to 23:59", field: "time")
        }
        switch frequency {
        case .weekly:
            guard let weekday, Self.weekday(named: weekday) != nil else {
                throw .invalid(
                    "a weekly report needs a weekday: monday to sunday, not \(weekday.map { "'\($0)'" } ?? "none")", field: "weekday")
            }
        case .monthly:
            guard let dayOfMonth else {
                throw .invalid("a monthly report needs a dayOfMonth: 1 to 28, or last", field: "dayOfMonth")
            }
            if dayOfMonth != "last" {
                guard let day = Int(dayOfMonth), (1...31).contains(day) else {
                    throw .invalid("dayOfMonth must be 1 to 28, or last, not '\(dayOfMonth)'", field: "dayOfMonth")
                }
                guard day <= 28 else {
                    throw .invalid(
                        "not every month has a day \(day) (February has 28 or 29 days, April, June, September and "
                            + "November 30); for the month's last day write \"last\"",
                        field: "dayOfMonth"
                    )
                }
            }
        case .daily, .quarterly:
            break
        }
        var run = now
        let horizon = now.addingTimeInterval(2 * 366 * 86_400)
        while run < horizon {
            run = nextRun(after: run, in: zone)
            let day = LocalDate(of: run, in: zone)
            let skipped = Self.instant(of: day, at: time, in: zone).skipped
            if skipped {
                throw .invalid(
                    "\(time) does not exist in \(zone.identifier) on \(day): the clocks skip that hour, so that run would come "
                        + "at \(ReportFormat.instant(run, in: zone)); choose a time outside the hour the clocks skip",
                    field: "time"
                )
            }
        }
    }

    static var sectionNames: String { ReportSection.allCases.map(\.rawValue).joined(separator: ", ") }
}
