import Foundation
import StewardCore
import Testing

@testable import StewardMSA

private func instant(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

private let berlin = TimeZone(identifier: "Europe/Berlin")!

private func schedule(
    _ frequency: ReportSchedule.Frequency, weekday: String? = nil, day: String? = nil, at time: String = "09:00",
    sections: [ReportSection] = [.openRequests], period: ReportSchedule.Period = .week
) -> ReportSchedule {
    ReportSchedule(
        name: "Status", frequency: frequency, weekday: weekday, dayOfMonth: day, time: TimeOfDay(time)!, sections: sections, period: period)
}

/// Europe/Berlin goes to summer time on Sunday 2027-03-28 (02:00 CET → 03:00 CEST) and back on Sunday
/// 2026-10-25 (03:00 CEST → 02:00 CET): 09:00 is 08:00Z in winter and 07:00Z in summer.
@Suite struct ReportScheduleTests {
    @Test func aWeeklyReportStaysAt0900LocalAcrossBothClockChanges() {
        let weekly = schedule(.weekly, weekday: "monday")
        #expect(weekly.nextRun(after: instant("2027-03-20T12:00:00Z"), in: berlin) == instant("2027-03-22T08:00:00Z"))
        #expect(weekly.nextRun(after: instant("2027-03-22T08:00:00Z"), in: berlin) == instant("2027-03-29T07:00:00Z"))
        #expect(weekly.nextRun(after: instant("2026-10-19T07:00:00Z"), in: berlin) == instant("2026-10-26T08:00:00Z"))
        // The week it reports on is 7 local days: 167 real hours across the spring change.
        let week = weekly.period(endingAt: instant("2027-03-29T07:00:00Z"), in: berlin)
        #expect(week.start == instant("2027-03-22T08:00:00Z") && week.duration == 167 * 3_600)
    }

    @Test func aMonthlyReportOnTheLastDayFollowsTheMonthsLength() {
        let monthly = schedule(.monthly, day: "last", at: "17:00")
        #expect(monthly.nextRun(after: instant("2027-02-01T00:00:00Z"), in: berlin) == instant("2027-02-28T16:00:00Z"))
        #expect(monthly.nextRun(after: instant("2027-02-28T16:00:00Z"), in: berlin) == instant("2027-03-31T15:00:00Z"))
        let fifth = schedule(.monthly, day: "5")
        #expect(fifth.nextRun(after: instant("2027-01-05T08:00:00Z"), in: berlin) == instant("2027-02-05T08:00:00Z"))
    }

    @Test func aDailyReportRunsEveryLocalDay() {
        let daily = schedule(.daily, at: "07:30", period: .day)
        #expect(daily.nextRun(after: instant("2026-12-01T06:00:00Z"), in: berlin) == instant("2026-12-01T06:30:00Z"))
        #expect(daily.nextRun(after: instant("2026-12-01T06:30:00Z"), in: berlin) == instant("2026-12-02T06:30:00Z"))
    }

    /// A quarter ending 31 December in Tokyo ends at 15:00 UTC.
    @Test func theQuarterlyReportRunsWhenTheQuarterEndsInTheCustomersZone() {
        let now = instant("2026-11-24T12:00:00Z")
        #expect(ReportSchedule.quarterly.nextRun(after: now, in: TimeZone(identifier: "Asia/Tokyo")!) == instant("2026-12-31T15:00:00Z"))
        #expect(ReportSchedule.quarterly.nextRun(after: now, in: berlin) == instant("2026-12-31T23:00:00Z"))
        #expect(ReportSchedule.quarterly.nextRun(after: instant("2026-12-31T23:00:00Z"), in: berlin) == instant("2027-03-31T22:00:00Z"))
    }

    @Test func aRepeatedLocalTimeRunsAtItsFirstInstantAndASkippedOneIsSaid() {
        let repeated = ReportSchedule.instant(of: LocalDate("2026-10-25")!, at: TimeOfDay("02:30")!, in: berlin)
        #expect(repeated.instant == instant("2026-10-25T00:30:00Z") && !repeated.skipped)
        #expect(ReportSchedule.instant(of: LocalDate("2027-03-28")!, at: TimeOfDay("02:30")!, in: berlin).skipped)
    }

    @Test func aScheduleThatCannotRunAsWrittenIsRefusedSayingWhatToWrite() throws {
        let now = instant("2026-12-01T12:00:00Z")
        func refusal(_ schedule: ReportSchedule) -> (String, String)? {
            do {
                try schedule.check(in: berlin, from: now)
                return nil
            } catch {
                guard case .invalid(let message, let field) = error else { return nil }
                return (field, message)
            }
        }
        let thirtyFirst = try #require(refusal(schedule(.monthly, day: "31")))
        #expect(thirtyFirst.0 == "dayOfMonth" && thirtyFirst.1.contains("\"last\""))
        #expect(refusal(schedule(.monthly, day: "29"))?.0 == "dayOfMonth")
        #expect(refusal(schedule(.monthly, day: "0"))?.0 == "dayOfMonth")
        #expect(refusal(schedule(.monthly))?.0 == "dayOfMonth")
        let gap = try #require(refusal(schedule(.daily, at: "02:30")))
        #expect(gap.0 == "time" && gap.1.contains("2027-03-28") && gap.1.contains("03:30"), "\(gap.1)")
        #expect(refusal(schedule(.weekly, weekday: "sunday", at: "02:15"))?.0 == "time")
        #expect(refusal(schedule(.weekly, weekday: "monday", at: "02:30")) == nil)
        #expect(refusal(schedule(.weekly, weekday: "funday"))?.0 == "weekday")
        #expect(refusal(schedule(.weekly))?.0 == "weekday")
        #expect(refusal(schedule(.daily, sections: []))?.0 == "sections")
        #expect(refusal(schedule(.daily, sections: [.breaches, .breaches]))?.0 == "sections")
        #expect(refusal(schedule(.daily, at: "24:00"))?.0 == "time")
        #expect(refusal(schedule(.quarterly))?.0 == "frequency")
        #expect(refusal(schedule(.monthly, day: "last")) == nil)
    }

    @Test func anUnknownSectionIsRefusedListingTheKnownOnes() {
        let json =
            #"{"name": "S", "frequency": "daily", "time": "09:00", "sections": ["gossip"], "period": "day", "recipients": [], "format": "html"}"#
        #expect {
            try JSONCoding.decoder.decode(ReportSchedule.self, from: Data(json.utf8))
        } throws: { error in
            "\(error)".contains("\"gossip\" is not a section; use one of open-requests, sla-compliance")
        }
    }
}
