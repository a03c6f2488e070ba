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

/// The quarterly figures from hand-made histories, without a database: a private patch and a
/// release delivered in the quarter with their lead times, the contract year's health check with
/// its findings, and the weeks the requests came in.
@Suite struct QuarterlyFiguresTests {
    static let berlin = zone("Europe/Berlin")

    static func request(_ type: String, state: String, stateJSON: Data, filed: String, moves: [(String, String)]) -> ReportedRequest {
        var history = [
            ReportedRequest.Event(
                actor: "customer:acme/bob", event: "start", fromState: nil, toState: "analysis", payload: Data("{}".utf8),
                at: instant(filed))
        ]
        for (to, at) in moves {
            history.append(
                .init(
                    actor: "staff:vera", event: "move", fromState: history.last?.toState, toState: to, payload: Data("{}".utf8),
                    at: instant(at)))
        }
        return ReportedRequest(
            id: UUID(), reference: "MSA-2026-00000\(moves.count)", type: type, filedAt: instant(filed), stateName: state,
            isTerminal: state == "closed", state: stateJSON, history: history)
    }

    @Test func deliveriesAndTheHealthCheckComeFromTheHistories() throws {
        let patch = try JSONCoding.encoder.encode(
            PrivatePatchWorkflow.State.delivered(
                request: .init(
                    product: "endpoint-security", version: "11.0", description: "Driver conflict", requestedOn: LocalDate("2026-10-05")!,
                    endOfSupport: LocalDate("2028-12-31")!),
                build: "b7", artifact: "patch-7.zip"))
        let release = try JSONCoding.encoder.encode(
            AVDatabaseReleaseWorkflow.State.closed(
                request: .init(kind: .falsePositive, sampleReference: "upload-7", description: "Clean tool flagged"),
                urgentReleaseID: "r-42"))
        let check = try JSONCoding.encoder.encode(
            HealthCheckWorkflow.State.delivered(
                request: .init(calendar: "berlin-support", contractStart: LocalDate("2026-01-01")!), date: LocalDate("2026-11-10")!,
                checklist: [
                    .init(finding: "Old engine", severity: .high, recommendation: "Upgrade"),
                    .init(finding: "No alerts", severity: .low, recommendation: "Enable"),
                ]))
        let requests = [
            // Filed Monday 5 October 10:00 CEST, delivered Wednesday 7 October 12:00 CEST: 50 hours.
            Self.request(
                PrivatePatchWorkflow.type, state: "delivered", stateJSON: patch, filed: "2026-10-05T08:00:00Z",
                moves: [("in_development", "2026-10-05T09:00:00Z"), ("delivered", "2026-10-07T10:00:00Z")]),
            // Filed in Q3, released in Q4: counted among Q4's deliveries, not its requests.
            Self.request(
                AVDatabaseReleaseWorkflow.type, state: "closed", stateJSON: release, filed: "2026-09-30T20:00:00Z",
                moves: [
                    ("release_preparation", "2026-09-30T21:00:00Z"), ("released", "2026-10-01T02:00:00Z"),
                    ("closed", "2026-10-02T08:00:00Z"),
                ]),
            Self.request(
                HealthCheckWorkflow.type, state: "delivered", stateJSON: check, filed: "2026-10-12T08:00:00Z",
                moves: [("delivered", "2026-11-10T16:00:00Z")]),
        ]
        let history = try CustomerHistory(
            requests: requests, incidents: IncidentWorkflow(), tier: .enterprise, timeZone: Self.berlin,
            now: instant("2026-11-24T12:00:00Z"))
        let report = try QuarterlyReport(
            customer: ReportCustomer(id: "acme", name: "Acme"), quarter: Quarter("2026-Q4")!, history: history,
            contractStart: LocalDate("2026-01-01")!)

        #expect(
            report.deliveries.map { "\($0.type) \($0.what) \($0.leadTimeMinutes)" } == [
                "av-database-release falsePositive sample upload-7 360", "private-patch endpoint-security 11.0 3000",
            ])
        #expect(report.current.patchesDelivered == 1 && report.current.releasesDelivered == 1)
        #expect(report.current.byType.map(\.count) == [0, 1, 0, 1] && report.previous.byType.map(\.count) == [0, 0, 1, 0])
        #expect(
            report.healthCheck
                == HealthCheckUse(
                    contractYearStart: LocalDate("2026-01-01"), contractYearEnd: LocalDate("2026-12-31"), used: true,
                    request: requests[2].id,
                    reference: requests[2].reference, date: LocalDate("2026-11-10"), state: "delivered", findings: 2))
        #expect(report.weeks.filter { $0.otherRequests > 0 }.map(\.weekStarting) == [LocalDate("2026-10-05"), LocalDate("2026-10-12")])
        #expect(report.breaches.isEmpty && report.current.firstResponse.allSatisfy { $0.met == 0 && $0.metPercent == nil })
    }

    @Test func aQuarterNotYetBegunIsNoReport() throws {
        let history = try CustomerHistory(
            requests: [], incidents: IncidentWorkflow(), tier: .enterprise, timeZone: Self.berlin, now: instant("2026-12-31T22:59:00Z"))
        #expect(throws: ReportError.self) {
            try QuarterlyReport(
                customer: ReportCustomer(id: "acme", name: "Acme"), quarter: Quarter("2027-Q1")!, history: history,
                contractStart: LocalDate("2026-01-01")!)
        }
        // An empty quarter so far is a report of zeros, its weeks all listed.
        let empty = try QuarterlyReport(
            customer: ReportCustomer(id: "acme", name: "Acme"), quarter: Quarter("2026-Q4")!, history: history,
            contractStart: LocalDate("2026-01-01")!)
        #expect(empty.current.received == 0 && empty.weeks.count == 14 && empty.deliveries.isEmpty && !empty.healthCheck.used)
    }
}
