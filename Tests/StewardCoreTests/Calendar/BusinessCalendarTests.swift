import Foundation
import Testing

@testable import StewardCore

// Every expected instant is written in UTC and worked out by hand in the comment beside it.
// Offsets in 2026: Europe/Berlin CET +01:00, CEST +02:00 from 2026-03-29 01:00Z to 2026-10-25 01:00Z;
// America/New_York EST -05:00, EDT -04:00 from 2026-03-08 07:00Z; Asia/Kolkata +05:30;
// Asia/Tokyo +09:00; Asia/Dubai +04:00, none of these three changes its clocks; America/Havana
// CST -05:00, CDT -04:00 from 2026-03-08 05:00Z (00:00 CST skipped) to 2026-11-01 05:00Z (back to 00:00).
// Weekdays: 2026-03-02, 03-09, 03-16, 03-30 and 04-06 are Mondays; 2026-03-29 and 10-25 Sundays;
// 2025-12-31 a Wednesday, 2026-01-01 a Thursday.

private func instant(_ iso8601: String) throws -> Date {
    try Date(iso8601, strategy: .iso8601)
}

private func localDate(_ text: String) throws -> LocalDate {
    try #require(LocalDate(text))
}

@Suite struct BusinessCalendarTests {
    // MARK: Adding business time

    struct Addition: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let fixture: Fixture
        let start: String
        let minutes: Int
        let expected: String

        init(_ label: String, _ fixture: Fixture, _ start: String, _ minutes: Int, _ expected: String) {
            (testDescription, self.fixture, self.start, self.minutes, self.expected) =
                (label, fixture, start, minutes, expected)
        }
    }

    static let additions: [Addition] = [
        // Tue 03:00 CET; opens 09:00 CET = 08:00Z; + 6 h = 14:00Z (15:00 CET).
        Addition("night request", .berlinSupport, "2026-03-10T02:00:00Z", 360, "2026-03-10T14:00:00Z"),
        // Sat 12:00 CET; Mon 09:00 CET = 08:00Z; + 6 h = 14:00Z.
        Addition("weekend request", .berlinSupport, "2026-03-14T11:00:00Z", 360, "2026-03-16T14:00:00Z"),
        // Thu 17:59 CEST: 1 min today; Fri 3 (Good Friday), Sat, Sun, Mon 6 (Easter Monday) off;
        // Tue 7 09:00 CEST = 07:00Z + 5 h 59 min = 12:59Z (14:59 CEST).
        Addition(
            "17:59 before the Easter holidays", .berlinSupport, "2026-04-02T15:59:00Z", 360, "2026-04-07T12:59:00Z"),
        // Wed Dec 31 16:00 CET: 2 h to 18:00; Jan 1 a holiday; Fri Jan 2 09:00 CET = 08:00Z + 4 h = 12:00Z.
        Addition("across the year boundary", .berlinSupport, "2025-12-31T15:00:00Z", 360, "2026-01-02T12:00:00Z"),
        // Mon Mar 2 09:00 CET + 135 h = 15 working days of 9 h: to Fri Mar 20 18:00 CET = 17:00Z.
        Addition("three weeks of business time", .berlinSupport, "2026-03-02T08:00:00Z", 8_100, "2026-03-20T17:00:00Z"),
        // Sat 12:00 CET; adding nothing gives the next business instant, Mon 09:00 CET = 08:00Z.
        Addition("0 minutes on a weekend", .berlinSupport, "2026-03-14T11:00:00Z", 0, "2026-03-16T08:00:00Z"),
        // Tue 11:30 CET is business time: unchanged.
        Addition("0 minutes in hours", .berlinSupport, "2026-03-10T10:30:00Z", 0, "2026-03-10T10:30:00Z"),
        // Tue 18:00 CET is closing time, not business time: Wed 09:00 CET = 08:00Z.
        Addition("0 minutes at closing time", .berlinSupport, "2026-03-10T17:00:00Z", 0, "2026-03-11T08:00:00Z"),
        // Tue 17:00 CET + 1 h runs out exactly at 18:00 CET = 17:00Z, not at the next opening.
        Addition("ending at closing time", .berlinSupport, "2026-03-10T16:00:00Z", 60, "2026-03-10T17:00:00Z"),
        // Fri 17:00 CET: 1 h; Mon 30 opens 09:00 CEST = 07:00Z (clocks changed on Sunday) + 5 h = 12:00Z.
        Addition(
            "Friday across the EU spring-forward weekend", .berlinSupport, "2026-03-27T16:00:00Z", 360,
            "2026-03-30T12:00:00Z"),
        // Sat 19:00 CET: 1 h to 20:00 CET; Sun 29 opens 08:00 CEST = 06:00Z + 2 h = 08:00Z.
        Addition(
            "7-day desk into spring-forward Sunday", .berlinSevenDays, "2026-03-28T18:00:00Z", 180,
            "2026-03-29T08:00:00Z"),
        // Sat 19:00 CEST: 1 h to 20:00 CEST; Sun 25 opens 08:00 CET = 07:00Z + 2 h = 09:00Z.
        Addition(
            "7-day desk into fall-back Sunday", .berlinSevenDays, "2026-10-24T17:00:00Z", 180, "2026-10-25T09:00:00Z"),
        // Sun 29 00:00 CET = Sat 23:00Z; that night 00:00–06:00 lasts 5 real hours (to 04:00Z);
        // Mon 30 00:00 CEST = Sun 22:00Z + 1 h = 23:00Z.
        Addition(
            "night desk over the spring-forward night", .berlinNightDesk, "2026-03-28T23:00:00Z", 360,
            "2026-03-29T23:00:00Z"),
        // Sun 25 00:00 CEST = Sat 22:00Z; that night lasts 7 real hours (to 05:00Z); 6 h end at 04:00Z,
        // which the wall clock shows as 05:00 CET, not 06:00.
        Addition(
            "night desk over the fall-back night", .berlinNightDesk, "2026-10-24T22:00:00Z", 360, "2026-10-25T04:00:00Z"
        ),
        // 01:45 CET + 30 real minutes = 01:15Z, shown as 03:15 CEST.
        Addition(
            "24x7 Berlin 30 min over spring-forward", .berlin24x7, "2026-03-29T00:45:00Z", 30, "2026-03-29T01:15:00Z"),
        Addition(
            "24x7 UTC 30 min over Berlin's spring-forward", .roundTheClock, "2026-03-29T00:45:00Z", 30,
            "2026-03-29T01:15:00Z"),
        // 02:45 CEST (first time round) + 30 real minutes = 01:15Z, shown as 02:15 CET.
        Addition("24x7 Berlin 30 min over fall-back", .berlin24x7, "2026-10-25T00:45:00Z", 30, "2026-10-25T01:15:00Z"),
        Addition(
            "24x7 UTC 30 min over Berlin's fall-back", .roundTheClock, "2026-10-25T00:45:00Z", 30,
            "2026-10-25T01:15:00Z"),
        // 23:50 CET + 30 min = 00:20 CET the next day: no gap at midnight.
        Addition("24x7 Berlin 30 min over midnight", .berlin24x7, "2026-03-10T22:50:00Z", 30, "2026-03-10T23:20:00Z"),
        Addition("24x7 UTC 30 min over midnight", .roundTheClock, "2026-03-10T23:50:00Z", 30, "2026-03-11T00:20:00Z"),
        // From Sun 29 00:00 CET (Sat 23:00Z), 24 real hours outlast the 23-hour day: 23:00Z = Mon 01:00 CEST.
        Addition(
            "24x7 Berlin a day from the start of the 23-hour day", .berlin24x7, "2026-03-28T23:00:00Z", 1440,
            "2026-03-29T23:00:00Z"),
        // Sun 8 01:45 EST = 06:45Z + 30 min = 07:15Z, shown as 03:15 EDT.
        Addition(
            "24x7 New York 30 min over US spring-forward", .newYork24x7, "2026-03-08T06:45:00Z", 30,
            "2026-03-08T07:15:00Z"),
        // Sat 7 23:45 CST = 04:45Z + 30 min = 05:15Z, shown as Sun 01:15 CDT: midnight never showed.
        Addition(
            "24x7 Havana 30 min over a skipped midnight", .havana24x7, "2026-03-08T04:45:00Z", 30,
            "2026-03-08T05:15:00Z"),
        // Fri 6 16:00 EST = 21:00Z: 1 h to 17:00 EST; Mon 9 09:00 EDT = 13:00Z + 1 h = 14:00Z.
        Addition(
            "New York Friday across US spring-forward", .newYorkSupport, "2026-03-06T21:00:00Z", 120,
            "2026-03-09T14:00:00Z"),
        // Mon 17:00 IST = 11:30Z: 1 h to 18:00 IST; Tue 09:00 IST = 03:30Z + 1 h = 04:30Z.
        Addition("Kolkata half-hour offset", .kolkataSupport, "2026-03-02T11:30:00Z", 120, "2026-03-03T04:30:00Z"),
        // Mon 20:00Z is Tue 01:30 IST: Tue 09:00 IST = 03:30Z + 1 h = 04:30Z.
        Addition("Kolkata night request", .kolkataSupport, "2026-03-02T20:00:00Z", 60, "2026-03-03T04:30:00Z"),
        // Sat 10:00 JST = 01:00Z; Mon 09:00 JST = 00:00Z + 1 h = 01:00Z.
        Addition("Tokyo weekend request", .tokyoSupport, "2026-03-07T01:00:00Z", 60, "2026-03-09T01:00:00Z"),
        // Thu 16:00 GST = 12:00Z: 1 h to 17:00; Fri and Sat off; Sun 08:00 GST = 04:00Z + 2 h = 06:00Z.
        Addition("Dubai Sun-Thu over the weekend", .dubaiSupport, "2026-03-05T12:00:00Z", 180, "2026-03-08T06:00:00Z"),
        // Fri 10:00 GST is weekend: Sun 08:00 GST = 04:00Z + 1 h = 05:00Z.
        Addition("Dubai Friday request", .dubaiSupport, "2026-03-06T06:00:00Z", 60, "2026-03-08T05:00:00Z"),
    ]

    @Test(arguments: additions)
    func addingBusinessMinutes(_ row: Addition) throws {
        let calendar = try row.fixture.calendar()
        let start = try instant(row.start)
        #expect(calendar.adding(businessMinutes: row.minutes, to: start) == (try instant(row.expected)))
    }

    @Test(arguments: additions)
    func businessTimeUpToTheDeadlineIsTheTimeAdded(_ row: Addition) throws {
        let calendar = try row.fixture.calendar()
        let start = try instant(row.start)
        let deadline = try instant(row.expected)
        #expect(calendar.businessMinutes(from: start, to: deadline) == row.minutes)
    }

    @Test(arguments: Fixture.allCases)
    func addingThenMeasuringGivesTheTimeBack(_ fixture: Fixture) throws {
        let calendar = try fixture.calendar()
        // Hourly starts through the 2026 clock changes of Berlin, New York and Havana.
        let starts = try [
            "2026-03-07T00:00:00Z", "2026-03-27T12:00:00Z", "2026-10-23T12:00:00Z", "2026-10-30T12:00:00Z",
        ].flatMap { first in
            let base = try instant(first)
            return (0..<72).map { base.addingTimeInterval(TimeInterval($0) * 3_600) }
        }
        for start in starts {
            for seconds: TimeInterval in [0, 1, 1_799, 1_800, 21_600, 28_800, 200_000] {
                let deadline = calendar.adding(businessSeconds: seconds, to: start)
                #expect(calendar.businessSeconds(from: start, to: deadline) == seconds, "from \(start)")
            }
        }
    }

    @Test func fractionsOfATargetFallOnBusinessTime() throws {
        let calendar = try Fixture.berlinSupport.calendar()
        // Thu Apr 2 17:59 CEST; severity 3: 6 business hours.
        let received = try instant("2026-04-02T15:59:00Z")
        let target: Duration = .seconds(6 * 3_600)
        // 50 % = 3 h: 1 min on Thu, then Tue Apr 7 09:00 CEST (07:00Z) + 2 h 59 min = 09:59Z.
        let warning = calendar.adding(target * 0.5, to: received)
        #expect(warning == (try instant("2026-04-07T09:59:00Z")))
        // 80 % = 4 h 48 min: 1 min, then 07:00Z + 4 h 47 min = 11:47Z.
        #expect(calendar.adding(target * 0.8, to: received) == (try instant("2026-04-07T11:47:00Z")))
        // 100 %: 07:00Z + 5 h 59 min = 12:59Z.
        let due = calendar.adding(target, to: received)
        #expect(due == (try instant("2026-04-07T12:59:00Z")))
        #expect(calendar.businessTime(from: received, to: warning) == .seconds(3 * 3_600))
        #expect(calendar.businessTime(from: received, to: warning) / target == 0.5)
        #expect(calendar.businessTime(from: received, to: due) == target)
    }

    @Test func keepsSubSecondPrecision() throws {
        let calendar = try Fixture.berlinSupport.calendar()
        // Tue 10:00:00.25 CET + 0.5 s.
        let start = try instant("2026-03-10T09:00:00Z").addingTimeInterval(0.25)
        let end = calendar.adding(businessSeconds: 0.5, to: start)
        #expect(end == start.addingTimeInterval(0.5))
        #expect(calendar.businessSeconds(from: start, to: end) == 0.5)
        #expect(calendar.businessMinutes(from: start, to: end) == 0)
    }

    @Test func aTokyoCustomerIsServedOnBerlinSupportHours() throws {
        let support = try Fixture.berlinSupport.calendar()
        let customerZone = try #require(TimeZone(identifier: "Asia/Tokyo"))
        // Filed Mon 2026-03-16 09:00 JST = 00:00Z = 01:00 CET, before Berlin opens.
        let filed = try instant("2026-03-16T00:00:00Z")
        #expect(support.isBusinessTime(filed) == false)
        // Severity 3 counts in the support calendar: Berlin opens 09:00 CET = 08:00Z, + 6 h = 14:00Z.
        let due = support.adding(businessMinutes: 360, to: filed)
        #expect(due == (try instant("2026-03-16T14:00:00Z")))
        #expect(due.formatted(Self.iso8601(in: support.timeZone)) == "2026-03-16T15:00:00+01:00")
        #expect(due.formatted(Self.iso8601(in: customerZone)) == "2026-03-16T23:00:00+09:00")
        // Counted in the customer's own hours it would be 09:00 JST + 6 h = 15:00 JST = 06:00Z.
        let inCustomerHours = try Fixture.tokyoSupport.calendar().adding(businessMinutes: 360, to: filed)
        #expect(inCustomerHours == (try instant("2026-03-16T06:00:00Z")))
    }

    static func iso8601(in zone: TimeZone) -> Date.ISO8601FormatStyle {
        Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: zone)
    }

    // MARK: Measuring business time

    struct Span: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let fixture: Fixture
        let from: String
        let to: String
        let seconds: TimeInterval

        init(_ label: String, _ fixture: Fixture, _ from: String, _ to: String, _ seconds: TimeInterval) {
            (testDescription, self.fixture, self.from, self.to, self.seconds) = (label, fixture, from, to, seconds)
        }
    }

    static let spans: [Span] = [
        // Tue 10:00 → 12:30 CET.
        Span("within one day", .berlinSupport, "2026-03-10T09:00:00Z", "2026-03-10T11:30:00Z", 9_000),
        // Mon 20:00 CET → Wed 07:00 CET: all of Tuesday, 9 h.
        Span("both ends outside hours", .berlinSupport, "2026-03-09T19:00:00Z", "2026-03-11T06:00:00Z", 32_400),
        Span("reversed ends are negative", .berlinSupport, "2026-03-11T06:00:00Z", "2026-03-09T19:00:00Z", -32_400),
        // Tue 19:00 CET → Wed 07:00 CET: closed all night.
        Span("a closed night", .berlinSupport, "2026-03-10T18:00:00Z", "2026-03-11T06:00:00Z", 0),
        Span("the same instant", .berlinSupport, "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z", 0),
        // Fri 17:00 CET → Mon 10:00 CET: 1 h + 1 h.
        Span("over a weekend", .berlinSupport, "2026-03-13T16:00:00Z", "2026-03-16T09:00:00Z", 7_200),
        // Thu Apr 2 17:59 CEST → Tue Apr 7 14:59 CEST: 1 min + 5 h 59 min.
        Span("over the Easter holidays", .berlinSupport, "2026-04-02T15:59:00Z", "2026-04-07T12:59:00Z", 21_600),
        // Sun 29 00:00 CET → Mon 30 00:00 CEST: a 23-hour day.
        Span("the spring-forward day, 24x7", .berlin24x7, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 82_800),
        // Sun 25 00:00 CEST → Mon 26 00:00 CET: a 25-hour day.
        Span("the fall-back day, 24x7", .berlin24x7, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 90_000),
        // Sat 28 12:00 CET → Mon 30 12:00 CEST: 47 real hours.
        Span(
            "over the spring-forward weekend, 24x7", .berlin24x7, "2026-03-28T11:00:00Z", "2026-03-30T10:00:00Z",
            169_200),
        // The night 00:00 CET – 06:00 CEST lasts 5 real hours.
        Span("the spring-forward night", .berlinNightDesk, "2026-03-28T20:00:00Z", "2026-03-29T12:00:00Z", 18_000),
        // The night 00:00 CEST – 06:00 CET lasts 7 real hours.
        Span("the fall-back night", .berlinNightDesk, "2026-10-24T20:00:00Z", "2026-10-25T12:00:00Z", 25_200),
        // Sun 8 00:00 EST → Mon 9 00:00 EDT: 23 hours.
        Span("the US spring-forward day, 24x7", .newYork24x7, "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", 82_800),
        // Sat Oct 31 00:00 CDT → Mon Nov 2 00:00 CST: 24 h + 25 h, Havana's repeated midnight once each.
        Span(
            "Havana's repeated midnight weekend, 24x7", .havana24x7, "2026-10-31T04:00:00Z", "2026-11-02T05:00:00Z",
            176_400),
        // Mon 2 00:00 IST → Mon 9 00:00 IST: 5 × 9 h.
        Span("a Kolkata week", .kolkataSupport, "2026-03-01T18:30:00Z", "2026-03-08T18:30:00Z", 162_000),
        // Fri 04:00 GST → Sun 00:00 GST: the Dubai weekend.
        Span("the Dubai weekend", .dubaiSupport, "2026-03-06T00:00:00Z", "2026-03-07T20:00:00Z", 0),
        // Three weeks of a Mon–Fri calendar: 15 days × 9 h.
        Span("three weeks", .berlinSupport, "2026-03-01T00:00:00Z", "2026-03-22T00:00:00Z", 486_000),
    ]

    @Test(arguments: spans)
    func businessSecondsBetweenInstants(_ row: Span) throws {
        let calendar = try row.fixture.calendar()
        let seconds = calendar.businessSeconds(from: try instant(row.from), to: try instant(row.to))
        #expect(seconds == row.seconds)
    }

    // MARK: Working intervals and clock changes

    struct DayHours: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let zone: String
        let hours: [String]
        let date: String
        /// Start and end of each real interval, in UTC.
        let expected: [[String]]

        init(_ label: String, _ zone: String, _ hours: [String], _ date: String, _ expected: [[String]]) {
            (testDescription, self.zone, self.hours, self.date, self.expected) = (label, zone, hours, date, expected)
        }
    }

    static let days: [DayHours] = [
        // 00:00 CET = 23:00Z the day before; 24:00 = Mon 00:00 CEST = 22:00Z: 23 hours.
        DayHours(
            "Berlin all day on spring-forward day", "Europe/Berlin", ["00:00-24:00"], "2026-03-29",
            [["2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z"]]),
        // 00:00 CEST = 22:00Z the day before; 24:00 = Mon 00:00 CET = 23:00Z: 25 hours.
        DayHours(
            "Berlin all day on fall-back day", "Europe/Berlin", ["00:00-24:00"], "2026-10-25",
            [["2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z"]]),
        // 02:30 never shows: the interval starts at the jump, 01:00Z; 04:00 CEST = 02:00Z.
        DayHours(
            "a start inside the spring-forward gap", "Europe/Berlin", ["02:30-04:00"], "2026-03-29",
            [["2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"]]),
        // 02:00–03:00 never shows on the wall clock: no working time that day.
        DayHours("an interval inside the spring-forward gap", "Europe/Berlin", ["02:00-03:00"], "2026-03-29", []),
        // 02:00–03:00 shows twice: from the first 02:00 (CEST, 00:00Z) to 03:00 CET (02:00Z).
        DayHours(
            "the repeated hour counts twice", "Europe/Berlin", ["02:00-03:00"], "2026-10-25",
            [["2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"]]),
        // The wall clock shows 02:30–04:00 from 02:30 CEST to the change (00:30Z–01:00Z), then, after
        // 02:00–02:30 CET, from 02:30 CET to 04:00 CET (01:30Z–03:00Z): two pieces, 2 h.
        DayHours(
            "a start inside the repeated hour", "Europe/Berlin", ["02:30-04:00"], "2026-10-25",
            [["2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z"], ["2026-10-25T01:30:00Z", "2026-10-25T03:00:00Z"]]),
        // 01:00–02:30 shows from 01:00 CEST to 02:30 CEST (23:00Z–00:30Z), and again from 02:00 CET
        // to 02:30 CET (01:00Z–01:30Z).
        DayHours(
            "an end inside the repeated hour", "Europe/Berlin", ["01:00-02:30"], "2026-10-25",
            [["2026-10-24T23:00:00Z", "2026-10-25T00:30:00Z"], ["2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z"]]),
        // Both together are 01:00–04:00 with the repeated hour: one piece, 23:00Z–03:00Z, 4 h.
        DayHours(
            "pieces that touch join", "Europe/Berlin", ["01:00-02:30", "02:30-04:00"], "2026-10-25",
            [["2026-10-24T23:00:00Z", "2026-10-25T03:00:00Z"]]),
        // Havana skips midnight: at 00:00 CST (05:00Z) on Sun 2026-03-08 clocks jump to 01:00 CDT.
        // Saturday runs from 00:00 CST (05:00Z) to the jump; Sunday from the jump to Mon 00:00 CDT (04:00Z).
        DayHours(
            "Havana before a skipped midnight", "America/Havana", ["00:00-24:00"], "2026-03-07",
            [["2026-03-07T05:00:00Z", "2026-03-08T05:00:00Z"]]),
        DayHours(
            "Havana after a skipped midnight", "America/Havana", ["00:00-24:00"], "2026-03-08",
            [["2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"]]),
        // Havana repeats 00:00–01:00 on Sun 2026-11-01 (01:00 CDT, 05:00Z, back to 00:00 CST). Saturday
        // ends at the first midnight (04:00Z): 24 h; Sunday holds both passes, to Mon 00:00 CST (05:00Z): 25 h.
        DayHours(
            "Havana before a repeated midnight", "America/Havana", ["00:00-24:00"], "2026-10-31",
            [["2026-10-31T04:00:00Z", "2026-11-01T04:00:00Z"]]),
        DayHours(
            "Havana after a repeated midnight", "America/Havana", ["00:00-24:00"], "2026-11-01",
            [["2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z"]]),
        // Sun 8 00:00 EST = 05:00Z; 24:00 = Mon 00:00 EDT = 04:00Z.
        DayHours(
            "New York all day on spring-forward day", "America/New_York", ["00:00-24:00"], "2026-03-08",
            [["2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"]]),
        // Intervals that touch are one: 09:00–18:00 CET.
        DayHours(
            "touching intervals join", "Europe/Berlin", ["12:00-18:00", "09:00-12:00"], "2026-03-10",
            [["2026-03-10T08:00:00Z", "2026-03-10T17:00:00Z"]]),
        // A lunch break: 09:00–12:00 and 13:00–18:00 IST.
        DayHours(
            "a lunch break", "Asia/Kolkata", ["09:00-12:00", "13:00-18:00"], "2026-03-10",
            [["2026-03-10T03:30:00Z", "2026-03-10T06:30:00Z"], ["2026-03-10T07:30:00Z", "2026-03-10T12:30:00Z"]]),
    ]

    @Test(arguments: days)
    func workingIntervalsFollowTheWallClock(_ day: DayHours) throws {
        let hours = try day.hours.map { try #require(WorkingHours($0)) }
        let calendar = try BusinessCalendar(
            name: "test",
            timeZoneIdentifier: day.zone,
            weeklyHours: Dictionary(uniqueKeysWithValues: Fixture.everyDay.map { ($0, hours) })
        )
        let expected = try day.expected.map { DateInterval(start: try instant($0[0]), end: try instant($0[1])) }
        #expect(calendar.workingIntervals(on: try localDate(day.date)) == expected)
    }

    /// New York moves its clocks on 2026-03-08, Berlin on 2026-03-29: for three weeks 09:00 in
    /// New York is 5 hours after 09:00 in Berlin instead of 6.
    @Test(arguments: [
        // 09:00 EST = 14:00Z; 09:00 CET = 08:00Z.
        Row("before both changes", ("2026-03-02", "2026-03-02T14:00:00Z", "2026-03-02T08:00:00Z")),
        // 09:00 EDT = 13:00Z; 09:00 CET = 08:00Z.
        Row("between the changes", ("2026-03-09", "2026-03-09T13:00:00Z", "2026-03-09T08:00:00Z")),
        // 09:00 EDT = 13:00Z; 09:00 CEST = 07:00Z.
        Row("after both changes", ("2026-03-30", "2026-03-30T13:00:00Z", "2026-03-30T07:00:00Z")),
    ])
    func usAndEUChangeClocksOnDifferentDates(_ row: Row<(String, String, String)>) throws {
        let (date, newYorkOpens, berlinOpens) = row.value
        let newYork = try Fixture.newYorkSupport.calendar()
        let berlin = try Fixture.berlinSupport.calendar()
        #expect(newYork.workingIntervals(on: try localDate(date)).first?.start == (try instant(newYorkOpens)))
        #expect(berlin.workingIntervals(on: try localDate(date)).first?.start == (try instant(berlinOpens)))
    }

    @Test func holidaysAndDaysOffHaveNoWorkingIntervals() throws {
        let calendar = try Fixture.berlinSupport.calendar()
        #expect(calendar.workingIntervals(on: try localDate("2026-04-03")).isEmpty)  // Good Friday
        #expect(calendar.workingIntervals(on: try localDate("2026-03-14")).isEmpty)  // Saturday
    }

    @Test(arguments: [
        // Tue 09:00 CET opens.
        Row("opening", (Fixture.berlinSupport, "2026-03-10T08:00:00Z", true)),
        Row("last second", (Fixture.berlinSupport, "2026-03-10T16:59:59Z", true)),
        // 18:00 CET closes: the end is not business time.
        Row("closing", (Fixture.berlinSupport, "2026-03-10T17:00:00Z", false)),
        Row("a second before opening", (Fixture.berlinSupport, "2026-03-10T07:59:59Z", false)),
        Row("Saturday", (Fixture.berlinSupport, "2026-03-14T11:00:00Z", false)),
        Row("Good Friday", (Fixture.berlinSupport, "2026-04-03T10:00:00Z", false)),
        // 01:30Z = 03:30 CEST, half an hour after the clocks jumped.
        Row("24x7 inside the spring-forward night", (Fixture.berlin24x7, "2026-03-29T01:30:00Z", true)),
        // Local midnight, 00:00 CET, and the second before it.
        Row("24x7 at midnight", (Fixture.berlin24x7, "2026-03-28T23:00:00Z", true)),
        Row("24x7 before midnight", (Fixture.berlin24x7, "2026-03-28T22:59:59Z", true)),
        Row("UTC 24x7", (Fixture.roundTheClock, "2026-12-25T00:00:00Z", true)),
        // Sun 09:00 GST.
        Row("Dubai Sunday", (Fixture.dubaiSupport, "2026-03-08T05:00:00Z", true)),
        Row("Dubai Friday", (Fixture.dubaiSupport, "2026-03-06T05:00:00Z", false)),
    ])
    func isBusinessTime(_ row: Row<(Fixture, String, Bool)>) throws {
        let (fixture, time, expected) = row.value
        #expect(try fixture.calendar().isBusinessTime(try instant(time)) == expected)
    }

    // MARK: Local dates and business days

    @Test(arguments: [
        // 00:30 CET on the day the clocks change.
        Row("Berlin after midnight", ("Europe/Berlin", "2026-03-28T23:30:00Z", "2026-03-29")),
        // 23:00 EDT.
        Row("New York evening", ("America/New_York", "2026-03-09T03:00:00Z", "2026-03-08")),
        // 00:00 IST.
        Row("Kolkata midnight", ("Asia/Kolkata", "2026-03-01T18:30:00Z", "2026-03-02")),
        // 00:00 JST.
        Row("Tokyo midnight", ("Asia/Tokyo", "2026-03-15T15:00:00Z", "2026-03-16")),
    ])
    func localDateOfAnInstant(_ row: Row<(String, String, String)>) throws {
        let (zone, time, date) = row.value
        let calendar = try BusinessCalendar(name: "test", timeZoneIdentifier: zone, weeklyHours: [.monday: [.allDay]])
        #expect(calendar.localDate(of: try instant(time)) == (try localDate(date)))
    }

    @Test(arguments: [
        // Thu before Good Friday, a weekend and Easter Monday.
        Row("Easter", (Fixture.berlinSupport, "2026-04-02", "2026-04-07")),
        // New Year's Day is a holiday.
        Row("New Year", (Fixture.berlinSupport, "2025-12-31", "2026-01-02")),
        Row("weekend", (Fixture.berlinSupport, "2026-03-13", "2026-03-16")),
        // Thursday to Sunday.
        Row("Dubai weekend", (Fixture.dubaiSupport, "2026-03-05", "2026-03-08")),
        Row("24x7 over New Year", (Fixture.roundTheClock, "2026-12-31", "2027-01-01")),
    ])
    func nextBusinessDay(_ row: Row<(Fixture, String, String)>) throws {
        let (fixture, date, expected) = row.value
        #expect(try fixture.calendar().nextBusinessDay(after: try localDate(date)) == (try localDate(expected)))
    }

    @Test(arguments: [
        Row("Good Friday", (Fixture.berlinSupport, "2026-04-03", false)),
        Row("Saturday", (Fixture.berlinSupport, "2026-03-14", false)),
        Row("Monday", (Fixture.berlinSupport, "2026-03-16", true)),
        Row("Dubai Friday", (Fixture.dubaiSupport, "2026-03-06", false)),
        Row("Dubai Sunday", (Fixture.dubaiSupport, "2026-03-08", true)),
        Row("24x7 Christmas", (Fixture.roundTheClock, "2026-12-25", true)),
    ])
    func isBusinessDay(_ row: Row<(Fixture, String, Bool)>) throws {
        let (fixture, date, expected) = row.value
        #expect(try fixture.calendar().isBusinessDay(try localDate(date)) == expected)
    }

    @Test(arguments: [
        Row("1970-01-01", ("1970-01-01", Locale.Weekday.thursday)),
        Row("1969-12-31", ("1969-12-31", .wednesday)),
        Row("2000-02-29", ("2000-02-29", .tuesday)),
        Row("2026-03-29", ("2026-03-29", .sunday)),
        Row("2026-10-25", ("2026-10-25", .sunday)),
        Row("2027-01-01", ("2027-01-01", .friday)),
    ])
    func localDateWeekday(_ row: Row<(String, Locale.Weekday)>) throws {
        #expect(try localDate(row.value.0).weekday == row.value.1)
    }

    @Test func localDateArithmetic() throws {
        #expect(try localDate("2025-12-31").adding(days: 1) == (try localDate("2026-01-01")))
        #expect(try localDate("2028-02-28").adding(days: 1) == (try localDate("2028-02-29")))
        #expect(try localDate("2026-03-01").adding(days: -1) == (try localDate("2026-02-28")))
        #expect(try localDate("2026-01-01").adding(days: 365) == (try localDate("2027-01-01")))
        #expect(try localDate("2026-12-31") < (try localDate("2027-01-01")))
        #expect(try localDate("2026-02-28") < (try localDate("2026-03-01")))
        // Every day from 1899 to 2101 survives the round trip through a day number.
        for days in -25_567...47_482 {
            let date = LocalDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(LocalDate(year: date.year, month: date.month, day: date.day) == date)
        }
    }

    @Test(arguments: [
        "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-3-01", "26-03-01", "2026-03-1", "2026/03/01", "",
        "abcd-ef-gh", "0000-01-01", "+026-03-01",
    ])
    func malformedLocalDatesAreRejected(_ text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func leapDaysExistInLeapYearsOnly() {
        #expect(LocalDate("2028-02-29") != nil)
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate("1900-02-29") == nil)
    }

    @Test func timeOfDayParsing() {
        #expect(TimeOfDay("09:05") == TimeOfDay(hour: 9, minute: 5))
        #expect(TimeOfDay("24:00") == .endOfDay)
        #expect(TimeOfDay("09:05")?.description == "09:05")
        #expect(TimeOfDay("24:00")?.minutesSinceMidnight == 1_440)
        for text in ["9:00", "09:0", "0900", "ab:cd", "-1:00", "09:00:00"] {
            #expect(TimeOfDay(text) == nil, "\(text)")
        }
        // Parsed, but outside a day: the calendar rejects it and names the field.
        #expect(TimeOfDay("25:00")?.isWithinDay == false)
        #expect(TimeOfDay("24:01")?.isWithinDay == false)
        #expect(WorkingHours("09:00-18:00") == WorkingHours(start: TimeOfDay(hour: 9), end: TimeOfDay(hour: 18)))
        #expect(WorkingHours("09:00") == nil)
        #expect(WorkingHours("09:00-18:00-20:00") == nil)
    }

    // MARK: Validation

    struct Invalid: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let name: String
        let zone: String
        let hours: [Locale.Weekday: [WorkingHours]]
        let code: BusinessCalendarError.Code
        let field: String

        init(
            _ label: String,
            _ name: String,
            _ zone: String,
            _ hours: [Locale.Weekday: [WorkingHours]],
            _ code: BusinessCalendarError.Code,
            _ field: String
        ) {
            (testDescription, self.name, self.zone, self.hours, self.code, self.field) =
                (label, name, zone, hours, code, field)
        }
    }

    static let nineToSix = WorkingHours(start: TimeOfDay(hour: 9), end: TimeOfDay(hour: 18))

    static let invalidCalendars: [Invalid] = [
        Invalid("blank name", " ", "Europe/Berlin", [.monday: [nineToSix]], .emptyName, "name"),
        Invalid("unknown zone", "c", "Europe/Atlantis", [.monday: [nineToSix]], .unknownTimeZone, "timeZone"),
        Invalid("zone in the wrong case", "c", "europe/berlin", [.monday: [nineToSix]], .unknownTimeZone, "timeZone"),
        Invalid("no hours", "c", "Europe/Berlin", [:], .noWorkingHours, "weeklyHours"),
        Invalid("only empty days", "c", "Europe/Berlin", [.monday: [], .friday: []], .noWorkingHours, "weeklyHours"),
        Invalid(
            "inverted", "c", "Europe/Berlin",
            [.monday: [WorkingHours(start: TimeOfDay(hour: 18), end: TimeOfDay(hour: 9))]], .invertedInterval,
            "weeklyHours.mon[0]"),
        Invalid(
            "empty interval", "c", "Europe/Berlin",
            [.monday: [nineToSix, WorkingHours(start: TimeOfDay(hour: 20), end: TimeOfDay(hour: 20))]],
            .invertedInterval, "weeklyHours.mon[1]"),
        Invalid(
            "end past 24:00", "c", "Europe/Berlin",
            [.tuesday: [WorkingHours(start: TimeOfDay(hour: 9), end: TimeOfDay(hour: 24, minute: 30))]],
            .timeOutOfRange, "weeklyHours.tue[0].end"),
        Invalid(
            "negative start", "c", "Europe/Berlin",
            [.wednesday: [WorkingHours(start: TimeOfDay(hour: -1), end: TimeOfDay(hour: 9))]], .timeOutOfRange,
            "weeklyHours.wed[0].start"),
        Invalid(
            "minute 75", "c", "Europe/Berlin",
            [.sunday: [WorkingHours(start: TimeOfDay(hour: 9, minute: 75), end: TimeOfDay(hour: 18))]], .timeOutOfRange,
            "weeklyHours.sun[0].start"),
        // Sorted by start, 13:00–18:00 (given first) overlaps 09:00–14:00.
        Invalid(
            "overlap", "c", "Europe/Berlin",
            [
                .monday: [
                    WorkingHours(start: TimeOfDay(hour: 13), end: TimeOfDay(hour: 18)),
                    WorkingHours(start: TimeOfDay(hour: 9), end: TimeOfDay(hour: 14)),
                ]
            ], .overlappingIntervals, "weeklyHours.mon[0]"),
        Invalid(
            "duplicate", "c", "Europe/Berlin", [.friday: [nineToSix, nineToSix]], .overlappingIntervals,
            "weeklyHours.fri[1]"),
    ]

    @Test(arguments: invalidCalendars)
    func invalidCalendarsAreRejectedNamingTheField(_ invalid: Invalid) {
        let error = #expect(throws: BusinessCalendarError.self) {
            try BusinessCalendar(name: invalid.name, timeZoneIdentifier: invalid.zone, weeklyHours: invalid.hours)
        }
        #expect(error?.code == invalid.code)
        #expect(error?.field == invalid.field)
        #expect(error?.calendar == invalid.name)
    }

    @Test func errorDescriptionSaysWhereAndWhatToDo() {
        let error = #expect(throws: BusinessCalendarError.self) {
            try BusinessCalendar(
                name: "support-berlin", timeZoneIdentifier: "Berlin", weeklyHours: [.monday: [.allDay]])
        }
        #expect(
            error?.description
                == "business calendar \"support-berlin\", field timeZone: \"Berlin\" is not a known time zone; "
                + "use an IANA identifier such as Europe/Berlin (calendar.unknown_time_zone)"
        )
    }

    @Test func intervalsAreKeptSortedByStart() throws {
        let calendar = try BusinessCalendar(
            name: "split",
            timeZoneIdentifier: "Europe/Berlin",
            weeklyHours: [
                .monday: [try #require(WorkingHours("13:00-18:00")), try #require(WorkingHours("09:00-12:00"))]
            ]
        )
        #expect(calendar.weeklyHours[.monday]?.map(\.description) == ["09:00-12:00", "13:00-18:00"])
    }

    @Test func roundTheClockCoversEveryDayWhole() {
        let calendar = BusinessCalendar.roundTheClock
        #expect(calendar.weeklyHours.count == 7)
        #expect(calendar.weeklyHours.values.allSatisfy { $0 == [.allDay] })
        #expect(calendar.holidays.isEmpty)
        #expect(calendar.timeZoneIdentifier == "UTC")
    }

    // MARK: Coding

    static let supportJSON = """
        {"holidays":["2026-01-01","2026-12-25"],"name":"support-berlin","timeZone":"Europe/Berlin",\
        "weeklyHours":{"fri":["09:00-18:00"],"mon":["09:00-12:00","13:00-18:00"]}}
        """

    @Test func encodesToStableJSON() throws {
        let calendar = try BusinessCalendar(
            name: "support-berlin",
            timeZoneIdentifier: "Europe/Berlin",
            weeklyHours: [
                .monday: [try #require(WorkingHours("13:00-18:00")), try #require(WorkingHours("09:00-12:00"))],
                .friday: [Self.nineToSix],
            ],
            holidays: [try localDate("2026-12-25"), try localDate("2026-01-01")]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(calendar), as: UTF8.self)
        #expect(json == Self.supportJSON)
        #expect(try JSONDecoder().decode(BusinessCalendar.self, from: Data(json.utf8)) == calendar)
    }

    @Test func roundTheClockSurvivesCoding() throws {
        let data = try JSONEncoder().encode(BusinessCalendar.roundTheClock)
        let decoded = try JSONDecoder().decode(BusinessCalendar.self, from: data)
        #expect(decoded == .roundTheClock)
    }

    @Test func holidaysMayBeOmitted() throws {
        let json = #"{"name":"tokyo","timeZone":"Asia/Tokyo","weeklyHours":{"mon":["09:00-18:00"]}}"#
        let calendar = try JSONDecoder().decode(BusinessCalendar.self, from: Data(json.utf8))
        #expect(calendar.holidays.isEmpty)
        #expect(calendar.weeklyHours == [.monday: [Self.nineToSix]])
    }

    @Test func decodingValidatesTheCalendar() {
        let unknownWeekday = #"{"name":"c","timeZone":"Asia/Tokyo","weeklyHours":{"monday":["09:00-18:00"]}}"#
        let weekdayError = #expect(throws: BusinessCalendarError.self) {
            try JSONDecoder().decode(BusinessCalendar.self, from: Data(unknownWeekday.utf8))
        }
        #expect(weekdayError?.code == .unknownWeekday)
        #expect(weekdayError?.field == "weeklyHours.monday")

        let lateEnd = #"{"name":"c","timeZone":"Asia/Tokyo","weeklyHours":{"sat":["09:00-25:00"]}}"#
        let rangeError = #expect(throws: BusinessCalendarError.self) {
            try JSONDecoder().decode(BusinessCalendar.self, from: Data(lateEnd.utf8))
        }
        #expect(rangeError?.field == "weeklyHours.sat[0].end")

        for malformed in [
            #"{"name":"c","timeZone":"Asia/Tokyo","weeklyHours":{"mon":["9-18"]}}"#,
            #"{"name":"c","timeZone":"Asia/Tokyo","weeklyHours":{"mon":["09:00-18:00"]},"holidays":["2026-02-30"]}"#,
        ] {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(BusinessCalendar.self, from: Data(malformed.utf8))
            }
        }
    }
}

extension BusinessCalendarTests {
    /// The calendars the tests use, built fresh in each test.
    enum Fixture: String, Sendable, CaseIterable {
        case roundTheClock
        /// Europe/Berlin, 00:00–24:00 every day.
        case berlin24x7
        /// America/New_York, 00:00–24:00 every day.
        case newYork24x7
        /// America/Havana, 00:00–24:00 every day: its clocks change at midnight.
        case havana24x7
        /// Europe/Berlin, Mon–Fri 09:00–18:00; holidays 2026-01-01, Good Friday 2026-04-03, Easter
        /// Monday 2026-04-06, 2026-12-25 and 2026-12-26.
        case berlinSupport
        /// Europe/Berlin, every day 08:00–20:00.
        case berlinSevenDays
        /// Europe/Berlin, every day 00:00–06:00: the night spans the clock changes at 02:00/03:00.
        case berlinNightDesk
        /// America/New_York, Mon–Fri 09:00–17:00.
        case newYorkSupport
        /// Asia/Kolkata, Mon–Fri 09:00–18:00.
        case kolkataSupport
        /// Asia/Tokyo, Mon–Fri 09:00–18:00.
        case tokyoSupport
        /// Asia/Dubai, Sun–Thu 08:00–17:00.
        case dubaiSupport

        static let mondayToFriday: [Locale.Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
        static let everyDay: [Locale.Weekday] = mondayToFriday + [.saturday, .sunday]

        func calendar() throws -> BusinessCalendar {
            switch self {
            case .roundTheClock: .roundTheClock
            case .berlin24x7: try weekly("Europe/Berlin", Self.everyDay, "00:00-24:00")
            case .newYork24x7: try weekly("America/New_York", Self.everyDay, "00:00-24:00")
            case .havana24x7: try weekly("America/Havana", Self.everyDay, "00:00-24:00")
            case .berlinSupport:
                try weekly(
                    "Europe/Berlin",
                    Self.mondayToFriday,
                    "09:00-18:00",
                    holidays: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-12-25", "2026-12-26"]
                )
            case .berlinSevenDays: try weekly("Europe/Berlin", Self.everyDay, "08:00-20:00")
            case .berlinNightDesk: try weekly("Europe/Berlin", Self.everyDay, "00:00-06:00")
            case .newYorkSupport: try weekly("America/New_York", Self.mondayToFriday, "09:00-17:00")
            case .kolkataSupport: try weekly("Asia/Kolkata", Self.mondayToFriday, "09:00-18:00")
            case .tokyoSupport: try weekly("Asia/Tokyo", Self.mondayToFriday, "09:00-18:00")
            case .dubaiSupport:
                try weekly("Asia/Dubai", [.sunday, .monday, .tuesday, .wednesday, .thursday], "08:00-17:00")
            }
        }

        private func weekly(
            _ zone: String,
            _ days: [Locale.Weekday],
            _ hours: String...,
            holidays: [String] = []
        ) throws -> BusinessCalendar {
            let intervals = try hours.map { try #require(WorkingHours($0)) }
            return try BusinessCalendar(
                name: rawValue,
                timeZoneIdentifier: zone,
                weeklyHours: Dictionary(uniqueKeysWithValues: days.map { ($0, intervals) }),
                holidays: Set(try holidays.map { try #require(LocalDate($0)) })
            )
        }
    }

    /// A labelled case, so a failing row names itself.
    struct Row<Value: Sendable>: Sendable, CustomTestStringConvertible {
        let label: String
        let value: Value
        var testDescription: String { label }

        init(_ label: String, _ value: Value) {
            self.label = label
            self.value = value
        }
    }
}
