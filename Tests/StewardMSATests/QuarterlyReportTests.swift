import Foundation
import StewardCore
import Testing

@testable import StewardMSA

// Every expected instant is written in UTC and worked out by hand in the comment beside it.
// Europe/Berlin is CEST +02:00 until 2026-10-25 01:00Z and CET +01:00 after (and before 2026-03-29
// 01:00Z); Asia/Tokyo is +09:00 all year; America/New_York is EST -05:00 in winter.
// The incidents use the repository's policy: berlin-support works Mon–Fri 09:00–18:00 Berlin
// (07:00Z–16:00Z in early October 2026); severity 1 30 min and severity 2 4 h round the clock,
// severity 3 6 h and severity 4 8 h of business time. 2026-10-05 is a Monday.

/// A constant instant of this file; the strings are literals, so `try!`.
private func instant(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

private func zone(_ identifier: String) -> TimeZone {
    TimeZone(identifier: identifier)!
}

@Suite struct QuarterlyReportTests {
    // MARK: Quarter

    @Test(arguments: [("2026-Q4", 2026, 4), ("2026-q1", 2026, 1), ("1999-Q2", 1999, 2)])
    func aQuarterIsRead(text: String, year: Int, number: Int) throws {
        let quarter = try #require(Quarter(text))
        #expect(quarter.year == year)
        #expect(quarter.number == number)
        #expect(quarter.description == "\(year)-Q\(number)")
    }

    @Test(arguments: [
        "2026-Q5", "2026-Q0", "Q4", "2026", "2026-4", "2026-Q", "Q4-2026", "2026-Q4-1", "", "2026--Q4", "-2026-Q4", "2026-Q+4", "2026-Q04",
        "２０２６-Q4",
    ])
    func aQuarterThatIsNoneIsRefused(text: String) {
        #expect(Quarter(text) == nil)
    }

    @Test func aQuarterNumberOutsideOneToFourIsRefused() {
        #expect(Quarter(year: 2026, number: 5) == nil)
        #expect(Quarter(year: 2026, number: 0) == nil)
        #expect(Quarter(year: 2026, number: 3)?.description == "2026-Q3")
    }

    struct IntervalRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let quarter: String
        let zone: String
        let start: String
        let end: String
    }

    static let intervals: [IntervalRow] = [
        // 1 Oct 00:00 CEST = 30 Sep 22:00Z; 1 Jan 00:00 CET = 31 Dec 23:00Z.
        IntervalRow(
            testDescription: "Berlin Q4, summer to winter time", quarter: "2026-Q4", zone: "Europe/Berlin",
            start: "2026-09-30T22:00:00Z", end: "2026-12-31T23:00:00Z"),
        // 1 Jan 00:00 CET = 31 Dec 23:00Z; 1 Apr 00:00 CEST = 31 Mar 22:00Z.
        IntervalRow(
            testDescription: "Berlin Q1, winter to summer time", quarter: "2026-Q1", zone: "Europe/Berlin",
            start: "2025-12-31T23:00:00Z", end: "2026-03-31T22:00:00Z"),
        // 1 Apr and 1 Jul 00:00 CEST = 22:00Z the day before.
        IntervalRow(
            testDescription: "Berlin Q2, summer time throughout", quarter: "2026-Q2", zone: "Europe/Berlin",
            start: "2026-03-31T22:00:00Z", end: "2026-06-30T22:00:00Z"),
        // 1 Oct and 1 Jan 00:00 JST = 15:00Z the day before.
        IntervalRow(
            testDescription: "Tokyo Q4", quarter: "2026-Q4", zone: "Asia/Tokyo",
            start: "2026-09-30T15:00:00Z", end: "2026-12-31T15:00:00Z"),
        IntervalRow(
            testDescription: "Tokyo Q1", quarter: "2027-Q1", zone: "Asia/Tokyo",
            start: "2026-12-31T15:00:00Z", end: "2027-03-31T15:00:00Z"),
        IntervalRow(
            testDescription: "UTC Q3", quarter: "2026-Q3", zone: "UTC",
            start: "2026-07-01T00:00:00Z", end: "2026-10-01T00:00:00Z"),
    ]

    @Test(arguments: intervals)
    func aQuarterIsCutAtLocalMidnight(row: IntervalRow) throws {
        let interval = try #require(Quarter(row.quarter)).interval(in: zone(row.zone))
        #expect(interval.start == instant(row.start))
        #expect(interval.end == instant(row.end))
    }

    struct ContainingRow: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let instant: String
        let zone: String
        let quarter: String
    }

    static let containing: [ContainingRow] = [
        // 31 Dec 23:30Z: still 2026 in UTC, 00:30 on 1 Jan in Berlin, 08:30 on 1 Jan in Tokyo.
        ContainingRow(testDescription: "UTC before midnight", instant: "2026-12-31T23:30:00Z", zone: "UTC", quarter: "2026-Q4"),
        ContainingRow(testDescription: "Berlin after midnight", instant: "2026-12-31T23:30:00Z", zone: "Europe/Berlin", quarter: "2027-Q1"),
        ContainingRow(testDescription: "Tokyo on New Year", instant: "2026-12-31T23:30:00Z", zone: "Asia/Tokyo", quarter: "2027-Q1"),
        // Tokyo's year turns at 31 Dec 15:00Z: one second before is 23:59:59 on 31 Dec.
        ContainingRow(testDescription: "Tokyo's last second", instant: "2026-12-31T14:59:59Z", zone: "Asia/Tokyo", quarter: "2026-Q4"),
        ContainingRow(testDescription: "Tokyo's first second", instant: "2026-12-31T15:00:00Z", zone: "Asia/Tokyo", quarter: "2027-Q1"),
        // 1 Jan 03:00Z is 22:00 on 31 Dec in New York.
        ContainingRow(
            testDescription: "New York still in 2026", instant: "2027-01-01T03:00:00Z", zone: "America/New_York", quarter: "2026-Q4"),
        ContainingRow(testDescription: "UTC already 2027", instant: "2027-01-01T03:00:00Z", zone: "UTC", quarter: "2027-Q1"),
        // 30 Sep 22:30Z is 00:30 on 1 Oct in Berlin (CEST).
        ContainingRow(testDescription: "Berlin's Q4 begins", instant: "2026-09-30T22:30:00Z", zone: "Europe/Berlin", quarter: "2026-Q4"),
    ]

    @Test(arguments: containing)
    func theQuarterOfAnInstantIsTheLocalOne(row: ContainingRow) throws {
        let quarter = Quarter.containing(instant(row.instant), in: zone(row.zone))
        #expect(quarter.description == row.quarter)
        let interval = quarter.interval(in: zone(row.zone))
        #expect(interval.start <= instant(row.instant) && instant(row.instant) < interval.end)
    }

    @Test func theQuarterBeforeTheFirstIsTheLastOfTheYearBefore() {
        #expect(Quarter("2027-Q1")?.previous.description == "2026-Q4")
        #expect(Quarter("2026-Q3")?.previous.description == "2026-Q2")
    }

    // MARK: Figures

    @Test(
        arguments: [
            ([Int](), nil, nil), ([7], 7, 7), ([1, 2], 1, 2), ([1, 2, 3], 2, 3), (Array(1...10), 5, 9), (Array(1...11), 6, 10),
        ] as [([Int], Int?, Int?)])
    func theMedianIsTheLowerOneAndThe90thPercentileTheNearestRank(values: [Int], median: Int?, p90: Int?) {
        #expect(CustomerHistory.median(values) == median)
        #expect(CustomerHistory.percentile90(values) == p90)
    }

    @Test func minutesAreRoundedToTheNearest() {
        #expect(CustomerHistory.minutes(.seconds(89)) == 1)
        #expect(CustomerHistory.minutes(.seconds(90)) == 2)
        #expect(CustomerHistory.minutes(.seconds(0)) == 0)
    }

    /// A week starts on Monday in the customer's zone: 2026-10-01 was a Thursday, 2026-09-28 a Monday.
    @Test func aWeekStartsOnTheMondayOnOrBeforeTheDate() throws {
        #expect(LocalDate("2026-10-01")?.monday == LocalDate("2026-09-28"))
        #expect(LocalDate("2026-09-28")?.monday == LocalDate("2026-09-28"))
        #expect(LocalDate("2026-10-04")?.monday == LocalDate("2026-09-28"))
        // 23:30Z on 30 September is already 1 October in Tokyo, and still 30 September in New York.
        #expect(LocalDate(of: instant("2026-09-30T23:30:00Z"), in: zone("Asia/Tokyo")) == LocalDate("2026-10-01"))
        #expect(LocalDate(of: instant("2026-09-30T23:30:00Z"), in: zone("America/New_York")) == LocalDate("2026-09-30"))
    }
}
