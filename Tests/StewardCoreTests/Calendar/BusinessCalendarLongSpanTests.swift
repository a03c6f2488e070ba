import Foundation
import Testing

@testable import StewardCore

// The arithmetic counts whole weeks without walking them. These tests pin what that buys (a span of
// years reads about as many days as a week does) and what it must not change: every answer equals
// the day-walking arithmetic's, kept below as the reference, over spans crossing clock changes.
// 2026-03-02 is a Monday and 2026-12-25 a Friday; Berlin's clocks change twice a year, so twenty
// times in the ten years from 2026-03-02.

private func instant(_ iso8601: String) throws -> Date {
    try Date(iso8601, strategy: .iso8601)
}

@Suite struct BusinessCalendarLongSpanTests {
    // MARK: Cost

    /// How many days' working intervals each operation reads for a week and for ten years.
    struct Cost: CustomStringConvertible {
        var measuringAWeek = 0
        var measuringTenYears = 0
        var addingAWeek = 0
        var addingTenYears = 0

        var description: String {
            "measuring \(measuringAWeek) → \(measuringTenYears), adding \(addingAWeek) → \(addingTenYears)"
        }
    }

    /// The cost of measuring a week and ten years from `start`, and of adding back what was measured,
    /// checking each answer against walking the days.
    private static func cost(of calendar: BusinessCalendar, from start: Date) -> Cost {
        var cost = Cost()
        let aWeekLater = start.addingTimeInterval(7 * 86_400)
        let tenYearsLater = start.addingTimeInterval(3_653 * 86_400)
        let aWeek = calendar.businessSeconds(from: start, to: aWeekLater, steps: &cost.measuringAWeek)
        let tenYears = calendar.businessSeconds(from: start, to: tenYearsLater, steps: &cost.measuringTenYears)
        #expect(tenYears == calendar.walkingBusinessSeconds(from: start, to: tenYearsLater))
        let weekDeadline = calendar.adding(businessSeconds: aWeek, to: start, steps: &cost.addingAWeek)
        let tenYearDeadline = calendar.adding(businessSeconds: tenYears, to: start, steps: &cost.addingTenYears)
        #expect(weekDeadline == calendar.walkingAdding(businessSeconds: aWeek, to: start))
        #expect(tenYearDeadline == calendar.walkingAdding(businessSeconds: tenYears, to: start))
        return cost
    }

    /// Where no clock change touches working hours, measuring ten years reads no more days than a
    /// week does (the first and last date and at most six between), and adding at most a week more.
    @Test(arguments: [LongSpanCalendar.berlinOffice, .roundTheClock])
    func tenYearsCostAboutWhatAWeekDoes(_ fixture: LongSpanCalendar) throws {
        let calendar = try fixture.calendar()
        // Mon 10:00 CET, and Christmas Day 12:00 CET, a holiday.
        for start in try [instant("2026-03-02T09:00:00Z"), instant("2026-12-25T11:00:00Z")] {
            let cost = Self.cost(of: calendar, from: start)
            #expect(cost.measuringTenYears <= cost.measuringAWeek, "\(cost)")
            #expect(cost.addingTenYears <= cost.addingAWeek + 7, "\(cost)")
        }
    }

    /// Where clock changes touch working hours, each of the twenty in ten years reads the working days
    /// near it (up to three: a 24x7 calendar's Saturday, Sunday and Monday), and nothing else grows.
    @Test(arguments: [LongSpanCalendar.berlinNights, .berlin24x7])
    func tenYearsAcrossClockChangesCostAWeekAndTheChanges(_ fixture: LongSpanCalendar) throws {
        let calendar = try fixture.calendar()
        let cost = Self.cost(of: calendar, from: try instant("2026-03-02T09:00:00Z"))
        #expect(cost.measuringTenYears <= cost.measuringAWeek + 3 * 20, "\(cost)")
        // Adding may read the weeks twice: once for a guess that overshoots, once for the jump.
        #expect(cost.addingTenYears <= cost.addingAWeek + 7 + 2 * 3 * 20, "\(cost)")
    }

    // MARK: Same answers as walking

    struct Sample: Sendable, CustomTestStringConvertible {
        let fixture: LongSpanCalendar
        let seed: UInt64
        var testDescription: String { "\(fixture.rawValue), seed \(seed)" }
    }

    static let samples = LongSpanCalendar.allCases.enumerated().map { Sample(fixture: $1, seed: UInt64($0) + 1) }

    @Test(arguments: samples)
    func measuringMatchesWalkingTheDays(_ sample: Sample) throws {
        let calendar = try sample.fixture.calendar()
        var random = SeededGenerator(seed: sample.seed)
        for _ in 0..<150 {
            let start = sample.fixture.randomInstant(using: &random)
            var end = start.addingTimeInterval(Self.randomSpan(using: &random))
            end = Self.roughly(end, using: &random)
            #expect(
                calendar.businessSeconds(from: start, to: end) == calendar.walkingBusinessSeconds(from: start, to: end),
                "from \(start.timeIntervalSince1970) to \(end.timeIntervalSince1970)"
            )
        }
    }

    @Test(arguments: samples)
    func addingMatchesWalkingTheDays(_ sample: Sample) throws {
        let calendar = try sample.fixture.calendar()
        var random = SeededGenerator(seed: sample.seed)
        for _ in 0..<150 {
            let start = sample.fixture.randomInstant(using: &random)
            let seconds: TimeInterval
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                // Up to the end of some interval, so the answer is that end.
                let later = start.addingTimeInterval(abs(Self.randomSpan(using: &random)))
                let day = calendar.nextBusinessDay(after: calendar.localDate(of: later))
                let end = calendar.workingIntervals(on: day).last?.end ?? later
                seconds = calendar.walkingBusinessSeconds(from: start, to: end)
            case 1: seconds = TimeInterval(Int.random(in: 0...4, using: &random) * 3_600)
            default: seconds = abs(Self.randomSpan(using: &random)) / 2
            }
            #expect(
                calendar.adding(businessSeconds: seconds, to: start)
                    == calendar.walkingAdding(businessSeconds: seconds, to: start),
                "\(seconds) s from \(start.timeIntervalSince1970)"
            )
        }
    }

    @Test(arguments: samples)
    func measuringWhatWasAddedGivesItBack(_ sample: Sample) throws {
        let calendar = try sample.fixture.calendar()
        var random = SeededGenerator(seed: sample.seed)
        var checked = 0
        while checked < 100 {
            let start = sample.fixture.randomInstant(using: &random)
            guard calendar.isBusinessTime(start) else { continue }
            // Whole seconds: a fraction finer than the deadline's `Date` can hold would not come back.
            let seconds = abs(Self.randomSpan(using: &random)).rounded(.down)
            let deadline = calendar.adding(businessSeconds: seconds, to: start)
            #expect(calendar.businessSeconds(from: start, to: deadline) == seconds, "\(seconds) s from \(start)")
            checked += 1
        }
    }

    /// Spans whose whole weeks begin or end right beside a clock change, where a day read for the
    /// change must be neither missed nor counted twice, and additions of a few weeks' hours from there.
    @Test(arguments: LongSpanCalendar.allCases)
    func clockChangesAtTheEdgesOfTheWholeWeeks(_ fixture: LongSpanCalendar) throws {
        let calendar = try fixture.calendar()
        let weekSeconds = calendar.weeklyHours.values.joined().reduce(0) {
            $0 + TimeInterval(($1.end.minutesSinceMidnight - $1.start.minutesSinceMidnight) * 60)
        }
        for change in fixture.offsetChanges(of: calendar).prefix(4) {
            let changeDay = (change / 86_400).rounded(.down) * 86_400
            for day in -10...2 {
                for time: TimeInterval in [36_000, 84_600] {
                    let start = Date(timeIntervalSince1970: changeDay + TimeInterval(day * 86_400) + time)
                    for days in [8, 9, 15, 16] {
                        let end = start.addingTimeInterval(TimeInterval(days * 86_400) - time + 3_600)
                        #expect(
                            calendar.businessSeconds(from: start, to: end)
                                == calendar.walkingBusinessSeconds(from: start, to: end),
                            "from \(start) to \(end)"
                        )
                    }
                    for weeks in 1...2 {
                        for extra: TimeInterval in [0, 3_600] {
                            let seconds = TimeInterval(weeks) * weekSeconds + extra
                            #expect(
                                calendar.adding(businessSeconds: seconds, to: start)
                                    == calendar.walkingAdding(businessSeconds: seconds, to: start),
                                "\(seconds) s from \(start)"
                            )
                        }
                    }
                }
            }
        }
    }

    /// A span of a couple of days, a few weeks, a year or three, backwards one time in eight.
    private static func randomSpan(using random: inout SeededGenerator) -> TimeInterval {
        let longestInDays = [2, 25, 400, 1_100][Int.random(in: 0..<4, using: &random)]
        let span = TimeInterval.random(in: 0...TimeInterval(longestInDays * 86_400), using: &random)
        return Int.random(in: 0..<8, using: &random) == 0 ? -span : span
    }

    /// `instant` on the hour, the whole second, or as it is, so that ends meet interval bounds too.
    fileprivate static func roughly(_ instant: Date, using random: inout SeededGenerator) -> Date {
        let seconds = instant.timeIntervalSince1970
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return Date(timeIntervalSince1970: (seconds / 3_600).rounded(.down) * 3_600)
        case 1: return Date(timeIntervalSince1970: seconds.rounded(.down))
        default: return instant
        }
    }
}

extension BusinessCalendarLongSpanTests {
    /// Calendars whose hours meet the clock changes in every way the arithmetic must reproduce.
    enum LongSpanCalendar: String, Sendable, CaseIterable {
        case roundTheClock
        /// Europe/Berlin, Mon–Fri 09:00–18:00, with the fixed-date German holidays of 2026–2036.
        case berlinOffice
        /// Europe/Berlin, Mon–Fri 09:00–12:00 and 13:00–18:00, Sun 02:00–03:00: no time on the
        /// spring-forward Sunday, two hours on the fall-back one (a holiday in 2026).
        case berlinNights
        case berlin24x7
        case berlinNightDesk
        /// America/New_York, Mon–Fri 09:00–17:00, Sun 00:30–01:30 (split in two on fall-back Sunday)
        /// and 02:30–04:00 (shortened on spring-forward Sunday).
        case newYorkNights
        case newYork24x7
        /// America/Havana, changing its clocks at midnight.
        case havana24x7
        /// Europe/Chisinau every day 00:00–24:00: its clocks change at 00:00 UTC, on a day boundary.
        case chisinau24x7
        /// Asia/Kolkata, Mon–Fri 09:00–18:00, with holidays: a half-hour offset that never changes.
        case kolkataOffice
        /// Europe/Volgograd, Mon–Fri 09:00–18:00 and Sun 01:00–03:00, spanning 2017–2021: it moved its
        /// standard time to +04 on 2018-10-28 and back to +03 on 2020-12-27, summer time neither.
        case volgogradNights
        /// Pacific/Apia every day 08:00–20:00, spanning 2010–2012: summer time, and 2011-12-30 skipped
        /// when Samoa moved across the date line.
        case apiaSevenDays

        func calendar() throws -> BusinessCalendar {
            let weekdays: [Locale.Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
            func hours(_ days: [Locale.Weekday], _ intervals: String...) throws -> [Locale.Weekday: [WorkingHours]] {
                let parsed = try intervals.map { try #require(WorkingHours($0)) }
                return Dictionary(uniqueKeysWithValues: days.map { ($0, parsed) })
            }
            func calendar(
                _ zone: String,
                _ weeklyHours: [Locale.Weekday: [WorkingHours]],
                holidays: [String] = []
            ) throws -> BusinessCalendar {
                try BusinessCalendar(
                    name: rawValue,
                    timeZoneIdentifier: zone,
                    weeklyHours: weeklyHours,
                    holidays: Set(try holidays.map { try #require(LocalDate($0)) })
                )
            }
            switch self {
            case .roundTheClock: return .roundTheClock
            case .berlinOffice:
                let holidays = (2026...2036).flatMap { year in
                    ["01-01", "05-01", "10-03", "12-25", "12-26"].map { "\(year)-\($0)" }
                }
                return try calendar("Europe/Berlin", hours(weekdays, "09:00-18:00"), holidays: holidays)
            case .berlinNights:
                let days = try hours(weekdays, "09:00-12:00", "13:00-18:00").merging(hours([.sunday], "02:00-03:00")) {
                    $1
                }
                return try calendar(
                    "Europe/Berlin", days, holidays: ["2026-01-01", "2026-04-03", "2026-10-25", "2027-12-24"])
            case .berlin24x7: return try BusinessCalendarTests.Fixture.berlin24x7.calendar()
            case .berlinNightDesk: return try BusinessCalendarTests.Fixture.berlinNightDesk.calendar()
            case .newYorkNights:
                let days = try hours(weekdays, "09:00-17:00").merging(hours([.sunday], "00:30-01:30", "02:30-04:00")) {
                    $1
                }
                return try calendar("America/New_York", days, holidays: ["2026-07-03", "2026-11-01", "2026-11-26"])
            case .newYork24x7: return try BusinessCalendarTests.Fixture.newYork24x7.calendar()
            case .havana24x7: return try BusinessCalendarTests.Fixture.havana24x7.calendar()
            case .chisinau24x7: return try calendar("Europe/Chisinau", hours(weekdays + [.saturday, .sunday], "00:00-24:00"))
            case .kolkataOffice:
                return try calendar(
                    "Asia/Kolkata", hours(weekdays, "09:00-18:00"), holidays: ["2026-01-26", "2026-08-15", "2027-01-26"])
            case .volgogradNights:
                let days = try hours(weekdays, "09:00-18:00").merging(hours([.sunday], "01:00-03:00")) { $1 }
                return try calendar("Europe/Volgograd", days, holidays: ["2019-01-01"])
            case .apiaSevenDays:
                return try calendar("Pacific/Apia", hours(weekdays + [.saturday, .sunday], "08:00-20:00"))
            }
        }

        /// The years the random spans start in: around the clock changes the calendar is for.
        var years: ClosedRange<Int> {
            switch self {
            case .volgogradNights: 2017...2021
            case .apiaSevenDays: 2010...2012
            default: 2025...2028
            }
        }

        /// The instants the zone's offset changes at within `years`, found by reading the offset
        /// hourly rather than from Foundation's transitions, which the arithmetic itself uses.
        fileprivate func offsetChanges(of calendar: BusinessCalendar) -> [TimeInterval] {
            func offset(_ seconds: TimeInterval) -> Int {
                calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
            }
            let hours = stride(from: seconds.lowerBound, to: seconds.upperBound, by: 3_600)
            return hours.filter { offset($0) != offset($0 + 3_600) }.map { hour in
                // Offsets change on whole seconds: bisect the hour to the first second of the new one.
                var (lower, upper) = (hour, hour + 3_600)
                while upper - lower > 1 {
                    let middle = ((lower + upper) / 2).rounded(.down)
                    if offset(middle) == offset(lower) { lower = middle } else { upper = middle }
                }
                return upper
            }
        }

        fileprivate func randomInstant(using random: inout SeededGenerator) -> Date {
            let instant = Date(timeIntervalSince1970: TimeInterval.random(in: seconds, using: &random))
            return BusinessCalendarLongSpanTests.roughly(instant, using: &random)
        }

        /// `years` as seconds since 1970, from 1 January of the first to 31 December of the last.
        private var seconds: ClosedRange<TimeInterval> {
            let first = LocalDate(year: years.lowerBound, month: 1, day: 1)!
            let last = LocalDate(year: years.upperBound, month: 12, day: 31)!
            return TimeInterval(first.daysSinceEpoch * 86_400)...TimeInterval(last.daysSinceEpoch * 86_400)
        }
    }
}

/// SplitMix64, so that the random spans are the same on every run and a failure can be replayed.
private struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

// The arithmetic as it was before whole weeks were counted: a local day at a time over the span.
extension BusinessCalendar {
    fileprivate func walkingAdding(businessSeconds: TimeInterval, to instant: Date) -> Date {
        var remaining = businessSeconds
        var cursor = instant
        var date = localDate(of: instant)
        while true {
            for interval in workingIntervals(on: date) where cursor < interval.end {
                let start = max(interval.start, cursor)
                let available = interval.end.timeIntervalSince(start)
                if remaining <= available { return start.addingTimeInterval(remaining) }
                remaining -= available
                cursor = interval.end
            }
            date = date.adding(days: 1)
        }
    }

    fileprivate func walkingBusinessSeconds(from start: Date, to end: Date) -> TimeInterval {
        guard start <= end else { return -walkingBusinessSeconds(from: end, to: start) }
        var total: TimeInterval = 0
        var date = localDate(of: start)
        let lastDate = localDate(of: end)
        while date <= lastDate {
            for interval in workingIntervals(on: date) {
                let overlap = min(interval.end, end).timeIntervalSince(max(interval.start, start))
                total += max(0, overlap)
            }
            date = date.adding(days: 1)
        }
        return total
    }
}
