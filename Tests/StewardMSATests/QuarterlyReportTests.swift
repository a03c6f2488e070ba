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

    // MARK: QuarterlyReport

    /// The repository's own workflows/ folder.
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")

    let workflow: IncidentWorkflow
    let incidents: AnyWorkflow

    init() throws {
        let policy = try MSAPolicy.load(from: Self.workflows)
        workflow = IncidentWorkflow(
            policy: IncidentPolicy(
                sla: policy.sla,
                autoCloseAfterBusinessDays: policy.incidents.autoCloseAfterBusinessDays,
                calendars: policy.calendars
            )
        )
        incidents = try policy.registry().definition(for: IncidentWorkflow.type)
    }

    func context(_ now: String, _ actor: Participant = .staff("sam")) -> WorkflowContext {
        WorkflowContext(
            now: instant(now),
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-0000000000a4")!,
            customerID: "acme",
            actor: actor
        )
    }

    /// An incident of `severity` filed at `filedAt`, then `events` in order, each at its instant.
    func incident(
        _ severity: Severity,
        filedAt: String,
        then events: [(IncidentWorkflow.Event, String, Participant)] = []
    ) throws -> IncidentWorkflow.State {
        let input = IncidentWorkflow.Input(
            summary: "Severity \(severity.rawValue) filed \(filedAt)",
            severity: severity,
            tier: .enterprise,
            channel: .portal,
            supportCalendar: "berlin-support"
        )
        var state = try workflow.start(input, context: context(filedAt)).state
        for (event, at, actor) in events {
            state = try workflow.decide(state, on: event, context: context(at, actor)).state
        }
        return state
    }

    func filed(_ state: IncidentWorkflow.State) throws -> QuarterlyReport.FiledRequest {
        QuarterlyReport.FiledRequest(type: IncidentWorkflow.type, isTerminal: state.isTerminal, state: try JSONCoding.encoder.encode(state))
    }

    func report(_ requests: [QuarterlyReport.FiledRequest], at now: String) -> QuarterlyReport {
        QuarterlyReport(
            customerID: "acme",
            quarter: Quarter(year: 2026, number: 4)!,
            timeZone: zone("Europe/Berlin"),
            requests: requests,
            incidentSLA: { incidents.slaStatus(state: $0, at: instant(now)) }
        )
    }

    static let staff = Participant.staff("sam")
    static let customer = Participant.customer("carla")

    @Test func theReportCountsTheQuartersRequests() throws {
        let requests = [
            // Severity 1, Mon 10:00Z, answered 10:12Z: met in 12 minutes.
            try filed(
                incident(
                    .critical, filedAt: "2026-10-05T10:00:00Z", then: [(.respond(message: "On it"), "2026-10-05T10:12:00Z", Self.staff)])),
            // Severity 2, Tue 10:00Z, answered 10:30Z (met in 30 minutes), resolved and confirmed: closed.
            try filed(
                incident(
                    .high,
                    filedAt: "2026-10-06T10:00:00Z",
                    then: [
                        (.respond(message: "Looking"), "2026-10-06T10:30:00Z", Self.staff),
                        (.resolve(summary: "Fixed"), "2026-10-06T11:00:00Z", Self.staff),
                        (.confirm, "2026-10-06T12:00:00Z", Self.customer),
                    ]
                )
            ),
            // Severity 3, Tue 10:00 Berlin (08:00Z), answered 11:30 Berlin (09:30Z): met in 90 business minutes.
            try filed(
                incident(.medium, filedAt: "2026-10-06T08:00:00Z", then: [(.respond(message: "Hi"), "2026-10-06T09:30:00Z", Self.staff)])),
            // Severity 1, Wed 10:00Z, due 10:30Z: the breach timer fires, the answer comes at 11:00Z (60 minutes).
            try filed(
                incident(
                    .critical,
                    filedAt: "2026-10-07T10:00:00Z",
                    then: [
                        (.slaBreachDue, "2026-10-07T10:30:00Z", .system), (.respond(message: "Late"), "2026-10-07T11:00:00Z", Self.staff),
                    ]
                )
            ),
            // Severity 4, Thu 10:00 Berlin (08:00Z): 8 business hours, due 18:00 Berlin (16:00Z); unanswered at 12:00Z.
            try filed(incident(.low, filedAt: "2026-10-08T08:00:00Z")),
            // Severity 2, Thu 06:00Z, due 10:00Z; unanswered at 12:00Z and no breach recorded yet: breached.
            try filed(incident(.high, filedAt: "2026-10-08T06:00:00Z")),
            // Severity 4, Mon 09:00 Berlin (07:00Z), answered 11:00 Berlin (09:00Z): met in 120 business minutes.
            try filed(
                incident(.low, filedAt: "2026-10-05T07:00:00Z", then: [(.respond(message: "Hi"), "2026-10-05T09:00:00Z", Self.staff)])),
            QuarterlyReport.FiledRequest(type: HealthCheckWorkflow.type, isTerminal: false, state: Data("{}".utf8)),
            QuarterlyReport.FiledRequest(type: PrivatePatchWorkflow.type, isTerminal: true, state: Data("{}".utf8)),
        ]
        let report = report(requests, at: "2026-10-08T12:00:00Z")
        #expect(report.customerID == "acme")
        #expect(report.quarter == "2026-Q4")
        #expect(report.timeZone == "Europe/Berlin")
        // 1 Oct 00:00 CEST = 30 Sep 22:00Z; 1 Jan 00:00 CET = 31 Dec 23:00Z.
        #expect(report.from == instant("2026-09-30T22:00:00Z"))
        #expect(report.to == instant("2026-12-31T23:00:00Z"))
        #expect(report.filed == ["incident": 7, "health-check": 1, "private-patch": 1])
        // All but the closed incident and the private patch.
        #expect(report.stillOpen == 7)
        #expect(report.incidentsBySeverity == ["1": 2, "2": 2, "3": 1, "4": 2])
        #expect(report.firstResponses.met == 4)
        #expect(report.firstResponses.breached == 2)
        #expect(report.firstResponses.awaiting == 1)
        // 4 of 6 answered or due: 66.7 %.
        #expect(report.firstResponses.metPercent == 66.7)
        // 12, 30, 60, 90, 120 minutes.
        #expect(report.firstResponses.medianMinutes == 60)
    }

    @Test func anEmptyQuarterHasNoPercentAndNoMedian() {
        let report = report([], at: "2026-10-08T12:00:00Z")
        #expect(report.filed.isEmpty)
        #expect(report.stillOpen == 0)
        #expect(report.incidentsBySeverity.isEmpty)
        #expect(report.firstResponses.met == 0 && report.firstResponses.breached == 0 && report.firstResponses.awaiting == 0)
        #expect(report.firstResponses.metPercent == nil)
        #expect(report.firstResponses.medianMinutes == nil)
    }

    @Test func onlyAwaitingIncidentsHaveNoPercent() throws {
        // Severity 3 filed Thu 10:00 Berlin (08:00Z), due 16:00 Berlin: still running at 12:00Z.
        let report = report([try filed(incident(.medium, filedAt: "2026-10-08T08:00:00Z"))], at: "2026-10-08T12:00:00Z")
        #expect(report.firstResponses.awaiting == 1)
        #expect(report.firstResponses.metPercent == nil)
        #expect(report.firstResponses.medianMinutes == nil)
        #expect(report.stillOpen == 1)
    }

    @Test func allMetIsAHundredPercent() throws {
        let state = try incident(
            .critical, filedAt: "2026-10-05T10:00:00Z", then: [(.respond(message: "On it"), "2026-10-05T10:29:00Z", Self.staff)])
        let report = report([try filed(state)], at: "2026-10-08T12:00:00Z")
        #expect(report.firstResponses.metPercent == 100)
        #expect(report.firstResponses.medianMinutes == 29)
    }

    @Test func theSeverityCountedIsTheCurrentOne() throws {
        // Filed as severity 3 at 08:00Z, raised to 2 at 08:30Z (due 12:00Z round the clock from receipt).
        let state = try incident(
            .medium,
            filedAt: "2026-10-08T08:00:00Z",
            then: [(.changeSeverity(to: .high, reason: "Outage spreads"), "2026-10-08T08:30:00Z", Self.staff)]
        )
        let report = report([try filed(state)], at: "2026-10-08T09:00:00Z")
        #expect(report.incidentsBySeverity == ["2": 1])
        #expect(report.firstResponses.awaiting == 1)
    }

    @Test func anIncidentWithdrawnBeforeItsDueInstantIsJudgedNeitherWay() throws {
        // Severity 1 filed 10:00Z, cancelled as a duplicate at 10:05Z; the report is read the next day.
        let state = try incident(
            .critical,
            filedAt: "2026-10-05T10:00:00Z",
            then: [(.cancel(reason: "duplicate of another request"), "2026-10-05T10:05:00Z", Self.customer)]
        )
        let report = report([try filed(state)], at: "2026-10-06T10:00:00Z")
        #expect(report.filed == ["incident": 1] && report.stillOpen == 0)
        #expect(report.firstResponses.met + report.firstResponses.breached + report.firstResponses.awaiting == 0)
        let status = try #require(incidents.slaStatus(state: try JSONCoding.encoder.encode(state), at: instant("2026-10-06T10:00:00Z")))
        #expect(status.standing == .running && status.remainingSeconds == 25 * 60)
    }

    @Test func anIncidentStateThatDoesNotDecodeIsFiledButNotJudged() {
        let broken = QuarterlyReport.FiledRequest(type: IncidentWorkflow.type, isTerminal: false, state: Data(#"{"gone": {}}"#.utf8))
        let report = report([broken], at: "2026-10-08T12:00:00Z")
        #expect(report.filed == ["incident": 1])
        #expect(report.incidentsBySeverity.isEmpty)
        #expect(report.firstResponses.met + report.firstResponses.breached + report.firstResponses.awaiting == 0)
    }

    @Test func theReportEncodesItsFigures() throws {
        let state = try incident(
            .critical, filedAt: "2026-10-05T10:00:00Z", then: [(.respond(message: "On it"), "2026-10-05T10:12:00Z", Self.staff)])
        let report = report([try filed(state)], at: "2026-10-08T12:00:00Z")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONCoding.encoder.encode(report)) as? [String: Any])
        #expect(object["quarter"] as? String == "2026-Q4")
        #expect(object["from"] as? String == "2026-09-30T22:00:00.000Z")
        let responses = try #require(object["firstResponses"] as? [String: Any])
        #expect(responses["met"] as? Int == 1)
        #expect(responses["medianMinutes"] as? Int == 12)
    }
}
