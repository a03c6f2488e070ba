import Foundation
import Testing

@testable import StewardHTTP
@testable import StewardServiceDesk

/// The pure parts of the console and the portal: form bodies, return paths, who a change
/// concerns, durations, and the timeline drawing.
@Suite struct PagePartsTests {
    @Test func aFormBodyDecodesAsABrowserEncodesIt() throws {
        let form = try FormBody("csrf=abc&message=Scans+stall%3A+see+log&rows%5B0%5D.finding=a&empty=&message=second")
        #expect(form["message"] == "Scans stall: see log", "the first of a repeated name")
        #expect(form["rows[0].finding"] == "a")
        #expect(form["empty"] == "")
        #expect(form["missing"] == nil)
        #expect(form.submitted.map(\.name) == ["message", "rows[0].finding", "empty", "message"], "without the CSRF token")
        #expect(throws: Problem.self) { try FormBody("bad=%zz") }
    }

    @Test func aReturnPathStaysOnItsOwnAreaOfThisServer() {
        #expect(SignInPages.returnPath("/console/queue?group=qa", in: .console) == "/console/queue?group=qa")
        #expect(SignInPages.returnPath("/console", in: .console) == "/console")
        for hostile in [
            "https://evil.example/console", "//evil.example", "/console.evil", "/portal", "/console/sign-in", "/console\\@evil",
        ] {
            #expect(SignInPages.returnPath(hostile, in: .console) == nil, "\(hostile)")
        }
    }

    @Test func aChangeConcernsWhoMaySeeIt() {
        let acme = LiveChange.customers(["acme"])
        #expect(acme.concerns(Principal(tokenID: nil, role: .customer, customerID: "acme", contact: "bob")))
        #expect(!acme.concerns(Principal(tokenID: nil, role: .customer, customerID: "globex", contact: "hiro")))
        #expect(acme.concerns(Principal(tokenID: nil, role: .tam, staffID: "tom", assignedCustomers: ["acme"])))
        #expect(!acme.concerns(Principal(tokenID: nil, role: .tam, staffID: "tara", assignedCustomers: ["globex"])))
        #expect(acme.concerns(Principal(tokenID: nil, role: .operator, staffID: "olga")))
        #expect(LiveChange.anything.concerns(Principal(tokenID: nil, role: .customer, customerID: "globex", contact: "hiro")))
        #expect(LiveChange(payload: "acme,globex") == .customers(["acme", "globex"]))
        #expect(LiveChange(payload: "") == .anything)
    }

    @Test func anInstantIsOnTheReadersClockWithTheCustomersBesideItWhenTheyDiffer() {
        let instant = Date(timeIntervalSince1970: 1_795_521_600)  // 2026-11-24 12:00 UTC
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(
            PageText.$viewerZone.withValue(berlin) { PageText.instant(instant, zone: tokyo).text }
                == "Tue 24 Nov 2026, 13:00 CET · customer: 21:00 GMT+9")
        #expect(PageText.$viewerZone.withValue(tokyo) { PageText.instant(instant, zone: tokyo).text } == "Tue 24 Nov 2026, 21:00 GMT+9")
        #expect(PageText.instant(instant, zone: nil).iso == "2026-11-24T12:00:00Z")
    }

    @Test func durationsReadInHoursAndMinutes() {
        #expect(PageText.duration(45) == "45 s")
        #expect(PageText.duration(-600) == "10 min")
        #expect(PageText.duration(2 * 3600 + 5 * 60) == "2 h 05 min")
        #expect(PageText.duration(3 * 86_400 + 4 * 3600) == "3 d 4 h")
    }

    @Test func theTimelineDrawsEveryEventEscapedWithTheTargetAndTheFirstResponse() throws {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let marks = [
            TimelineDrawing.Mark(seq: 1, at: start, event: "start", actor: "customer:acme/bob", toState: "new", kind: .customer),
            // One second later: it must not hide under the first.
            .init(seq: 2, at: start.addingTimeInterval(1), event: "acknowledge", actor: "staff:<alice>", toState: "new", kind: .staff),
            .init(seq: 3, at: start.addingTimeInterval(900), event: "slaWarningDue", actor: "system", toState: "new", kind: .timer),
            .init(seq: 4, at: start.addingTimeInterval(1800), event: "slaBreachDue", actor: "system", toState: "new", kind: .breach),
        ]
        let drawing = TimelineDrawing(marks: marks, sla: nil, now: start.addingTimeInterval(2000), open: true, zone: nil)
        let svg = drawing.svg
        #expect(svg.components(separatedBy: "<g class=\"mark").count == 5, "one mark per event")
        #expect(svg.contains("staff:&lt;alice&gt;"))
        #expect(!svg.contains("<alice>"))
        #expect(svg.contains("class=\"mark breach\""))
        #expect(svg.contains("class=\"mark timer\""))
        #expect(svg.contains(">now</text>"))
        let circles = svg.matches(of: /cx="([0-9.]+)" cy="([0-9.]+)" r="6"/).map { ($0.1, $0.2) }
        #expect(circles.count == 2)
        #expect(circles[0].1 != circles[1].1, "the two close marks sit in different lanes")
        #expect(drawing.summary == "Timeline of 4 events")
        #expect(TimelineDrawing(marks: [], sla: nil, now: start, open: true, zone: nil).svg.isEmpty)
    }
}
