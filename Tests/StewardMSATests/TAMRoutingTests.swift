import Foundation
import StewardCore
import StewardMSA
import Testing

@Suite struct TAMRoutingTests {
    /// Tom works Mon–Fri 09:00–18:00 Berlin; 2026-12-25 is a holiday.
    static let berlinOffice = try! BusinessCalendar(
        name: "berlin-office",
        timeZoneIdentifier: "Europe/Berlin",
        weeklyHours: Dictionary(
            uniqueKeysWithValues: [Locale.Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                ($0, [WorkingHours("09:00-18:00")!])
            }
        ),
        holidays: [LocalDate("2026-12-25")!]
    )
    static let tom = AccountManager(staffID: "tom", calendar: berlinOffice)
    /// Dana has the night of Friday 27 November (18:00–08:00 Berlin = 17:00–07:00 UTC); Dirk is the fallback.
    static let rota = DutyRota(
        shifts: [.init(manager: "dana", start: instant("2026-11-27T17:00:00Z"), end: instant("2026-11-28T07:00:00Z"))],
        fallback: "dirk"
    )

    static func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test(arguments: [
        // Friday 27 November 2026, Berlin is UTC+1: 17:59 local is 16:59 UTC, inside Tom's hours.
        ("2026-11-27T16:59:00Z", "tom", RoutedRecipient.Reason.tamInBusinessHours),
        // 18:01 local: Tom's day is over; Dana's night shift has begun.
        ("2026-11-27T17:01:00Z", "dana", .tamOutsideBusinessHours),
        // Saturday morning after Dana's shift: nobody on the rota, the fallback duty manager.
        ("2026-11-28T09:00:00Z", "dirk", .tamOutsideBusinessHours),
        // Christmas Day, a Friday, 11:00 local: a holiday in Tom's calendar.
        ("2026-12-25T10:00:00Z", "dirk", .tamOutsideBusinessHours),
        // Monday 09:00 local sharp: Tom again.
        ("2026-11-30T08:00:00Z", "tom", .tamInBusinessHours),
    ])
    func routesToTheTAMOnlyInsideTheTAMsHours(at: String, expected: String, reason: RoutedRecipient.Reason) {
        let routed = TAMRouting.recipient(tam: Self.tom, rota: Self.rota, at: Self.instant(at))
        #expect(routed.staffID == expected)
        #expect(routed.reason == reason)
        #expect(routed.isDutyManager == (expected != "tom"))
    }

    @Test func aTAMMarkedAwayIsReplacedByTheDutyManagerEvenInHours() {
        var away = Self.tom
        away.isAway = true
        let routed = TAMRouting.recipient(tam: away, rota: Self.rota, at: Self.instant("2026-11-27T10:00:00Z"))
        #expect(routed == RoutedRecipient(staffID: "dirk", reason: .tamAway))
    }

    @Test func aCustomerWithoutATAMGoesToTheDutyManager() {
        let routed = TAMRouting.recipient(tam: nil, rota: Self.rota, at: Self.instant("2026-11-27T18:00:00Z"))
        #expect(routed == RoutedRecipient(staffID: "dana", reason: .noTAM))
    }

    @Test func atAHandOverTheLaterShiftIsOnDuty() {
        let rota = DutyRota(
            shifts: [
                .init(manager: "dana", start: Self.instant("2026-11-27T17:00:00Z"), end: Self.instant("2026-11-28T07:30:00Z")),
                .init(manager: "eve", start: Self.instant("2026-11-28T07:00:00Z"), end: Self.instant("2026-11-28T17:00:00Z")),
            ],
            fallback: "dirk"
        )
        #expect(rota.dutyManager(at: Self.instant("2026-11-28T06:59:59Z")) == "dana")
        #expect(rota.dutyManager(at: Self.instant("2026-11-28T07:00:00Z")) == "eve")
        #expect(rota.dutyManager(at: Self.instant("2026-11-28T17:00:00Z")) == "dirk")
    }
}
