import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport
import Testing

private func at(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

/// One quarter of Acme's (Europe/Berlin; berlin-support Mon–Fri 09:00–18:00 with 24–26 and 31
/// December off; severity 1 in 30 min and 2 in 4 h round the clock, 3 in 6 and 4 in 8 business
/// hours), every figure of its report worked out by hand. 2026-Q4 runs from 1 October 00:00 CEST
/// (2026-09-30T22:00Z) to 1 January 00:00 CET (2026-12-31T23:00Z).
///
/// - A: severity 2, received 2026-09-30T22:30Z, 00:30 on 1 October in Berlin: Q4, though UTC says
///   30 September. Answered 00:30Z (120 min of 240: met), resolved 04:30Z (360 min).
/// - B: severity 2, received 2026-09-30T21:30Z, 23:30 on 30 September in Berlin: Q3. Answered
///   22:30Z (60 min, met).
/// - C: severity 1 by phone, received Monday 2026-10-05T08:00Z, due 08:30Z; the breach timer fires;
///   answered 09:15Z (75 min, missed by 45), resolved 12:00Z (240 min).
/// - D: severity 4 by e-mail, received Tuesday 2026-10-06T07:00Z (09:00 CEST), due 16:00Z; changed to
///   severity 3 at 08:00Z, so due 13:00Z (6 business hours from the receipt); answered 12:00Z (300
///   business minutes: met).
/// - E: severity 3, received on the 24 December holiday (10:00Z); counting starts Monday 28 December
///   09:00 CET (08:00Z); answered 09:00Z (60 business minutes: met).
/// - F: severity 4, received Wednesday 2026-12-30T10:00Z, unanswered when the report is made at
///   12:00Z: awaiting (due 2027-01-04T09:00Z, after the 31 December and 1 January holidays).
@Suite struct QuarterlyReportScenarioTests {
    struct Scenario {
        var a, b, c, d, e, f: UUID
    }

    /// Files and works the six incidents, and makes the report at 2026-12-30T12:00Z.
    static func play(_ fixture: DeskFixture) async throws -> Scenario {
        let desk = fixture.desk
        func file(_ severity: Int, _ summary: String, channel: String, at instant: String) async throws -> UUID {
            fixture.clock.set(at(instant))
            let filing = try Filing.incident(severity: severity, summary: summary, #""channel": "\#(channel)""#)
            return try await desk.file(filing, by: .acmeContact).request.snapshot.id
        }
        func send(_ json: String, to id: UUID, at instant: String) async throws {
            fixture.clock.set(at(instant))
            _ = try await desk.send(event: event(json), to: id, expectedVersion: nil, by: .tom)
        }
        let b = try await file(2, "Console slow", channel: "api", at: "2026-09-30T21:30:00Z")
        let a = try await file(2, "Updates fail after midnight", channel: "portal", at: "2026-09-30T22:30:00Z")
        try await send(#"{"respond": {"message": "Looking"}}"#, to: b, at: "2026-09-30T22:30:00Z")
        try await send(#"{"respond": {"message": "Looking"}}"#, to: a, at: "2026-10-01T00:30:00Z")
        try await send(#"{"resolve": {"summary": "Mirror fixed"}}"#, to: a, at: "2026-10-01T04:30:00Z")

        let c = try await file(1, "Scanner blocks the file servers", channel: "phone", at: "2026-10-05T08:00:00Z")
        fixture.clock.set(at("2026-10-05T08:30:00Z"))
        try await fixture.fireDueTimers()
        try await send(#"{"respond": {"message": "On it"}}"#, to: c, at: "2026-10-05T09:15:00Z")
        try await send(#"{"resolve": {"summary": "Hotfix"}}"#, to: c, at: "2026-10-05T12:00:00Z")

        let d = try await file(4, "Report export garbled", channel: "email", at: "2026-10-06T07:00:00Z")
        try await send(#"{"changeSeverity": {"to": 3, "reason": "Blocks month-end"}}"#, to: d, at: "2026-10-06T08:00:00Z")
        try await send(#"{"respond": {"message": "Reproduced"}}"#, to: d, at: "2026-10-06T12:00:00Z")

        let e = try await file(3, "Licence count wrong", channel: "portal", at: "2026-12-24T10:00:00Z")
        try await send(#"{"respond": {"message": "Checking"}}"#, to: e, at: "2026-12-28T09:00:00Z")

        let f = try await file(4, "Typo in the console", channel: "api", at: "2026-12-30T10:00:00Z")
        fixture.clock.set(at("2026-12-30T12:00:00Z"))
        return Scenario(a: a, b: b, c: c, d: d, e: e, f: f)
    }

    @Test func everyFigureOfTheQuarterIsTheOneWorkedOutByHand() async throws {
        try await DeskFixture.with { fixture throws in
            let scenario = try await Self.play(fixture)
            let report = try await fixture.desk.quarterlyReport(of: "acme", quarter: Quarter("2026-Q4"), for: .tom)

            #expect(report.customer == ReportCustomer(id: "acme", name: "Acme Manufacturing"))
            #expect(report.from == at("2026-09-30T22:00:00Z") && report.to == at("2026-12-31T23:00:00Z"))
            let q4 = report.current
            #expect(q4.received == 5 && q4.stillOpen == 5)
            #expect(q4.byType.map(\.count) == [5, 0, 0, 0])
            #expect(q4.byChannel.map { "\($0.name)=\($0.count)" } == ["portal=2", "email=1", "phone=1", "api=1"])
            #expect(q4.bySeverity.map(\.count) == [1, 1, 1, 2])
            let figures = q4.firstResponse.map { f in
                "\(f.severity) \(f.counting) \(f.targetMinutes): \(f.met)/\(f.breached)/\(f.awaiting) \(f.metPercent.map { "\($0)" } ?? "-") "
                    + "\(f.medianMinutes ?? -1) \(f.p90Minutes ?? -1) \(f.worstMinutes ?? -1)"
            }
            #expect(
                figures == [
                    "1 wall-clock 30: 0/1/0 0.0 75 75 75",
                    "2 wall-clock 240: 1/0/0 100.0 120 120 120",
                    "3 business 360: 2/0/0 100.0 60 300 300",
                    "4 business 480: 0/0/1 - -1 -1 -1",
                ])
            #expect(q4.resolution.map { "\($0.resolved) \($0.medianMinutes ?? -1)" } == ["1 240", "1 360", "0 -1", "0 -1"])
            #expect(q4.patchesDelivered == 0 && q4.releasesDelivered == 0)

            let breach = try #require(report.breaches.first)
            #expect(report.breaches.count == 1 && breach.request == scenario.c)
            #expect(breach.severity == 1 && breach.counting == "wall-clock" && breach.targetMinutes == 30)
            #expect(breach.receivedAt == at("2026-10-05T08:00:00Z") && breach.dueAt == at("2026-10-05T08:30:00Z"))
            #expect(breach.answeredAt == at("2026-10-05T09:15:00Z") && breach.missedByMinutes == 45)
            #expect(breach.summary == "Scanner blocks the file servers" && breach.reference.hasPrefix("MSA-2026-"))

            let q3 = report.previous
            #expect(q3.quarter == "2026-Q3" && q3.received == 1 && q3.byChannel.map(\.count) == [0, 0, 0, 1])
            #expect(q3.firstResponse[1].met == 1 && q3.firstResponse[1].medianMinutes == 60)

            // Weeks start on Monday in Berlin: 28 September to 28 December.
            #expect(report.weeks.count == 14 && report.weeks.first?.weekStarting == LocalDate("2026-09-28"))
            let busy = report.weeks.filter { $0.incidents > 0 }.map { "\($0.weekStarting) \($0.incidents)" }
            #expect(busy == ["2026-09-28 1", "2026-10-05 2", "2026-12-21 1", "2026-12-28 1"])
            #expect(
                report.responseTimes.map { "\($0.label) \($0.bySeverity)" } == [
                    "≤ 25 % [0, 0, 1, 0]", "25–50 % [0, 1, 0, 0]", "50–80 % [0, 0, 0, 0]", "80–100 % [0, 0, 1, 0]", "late [1, 0, 0, 0]",
                ])

            // The same figures in the JSON, the CSV tables and the page.
            #expect(try JSONCoding.decoder.decode(QuarterlyReport.self, from: try JSONCoding.encoder.encode(report)) == report)
            let tables = Dictionary(uniqueKeysWithValues: report.csvTables().map { ($0.name, $0.text.components(separatedBy: "\r\n")) })
            #expect(tables["summary.csv"]?.prefix(3) == ["figure,this_quarter,previous_quarter", "received,5,1", "still_open,5,1"])
            #expect(
                tables["first-response.csv"]?.dropFirst().prefix(5) == [
                    "2026-Q4,1,wall-clock,30,0,1,0,0.0,75,75,75", "2026-Q4,2,wall-clock,240,1,0,0,100.0,120,120,120",
                    "2026-Q4,3,business,360,2,0,0,100.0,60,300,300", "2026-Q4,4,business,480,0,0,1,,,,",
                    "2026-Q3,1,wall-clock,30,0,0,0,,,,",
                ])
            #expect(
                tables["breaches.csv"]?[1]
                    == "\(breach.reference),\(scenario.c.uuidString.lowercased()),Scanner blocks the file servers,1,wall-clock,30,"
                    + "2026-10-05T08:00:00Z,2026-10-05T08:30:00Z,2026-10-05T09:15:00Z,45")
            #expect(tables["resolution.csv"]?[1...2] == ["2026-Q4,1,1,240,240,240", "2026-Q4,2,1,360,360,360"])
            #expect(tables["health-check.csv"]?[1] == "2026-01-01,2026-12-31,false,,,,,")
            #expect(tables["weeks.csv"]?[1...2] == ["2026-09-28,1,0", "2026-10-05,2,0"])
            let page = report.html().replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for text in [
                "Period 2026-10-01 to 2026-12-31", "Received 5 1", "Portal 2 0", "4 (low) 2 0",
                "1 (critical) 30 min wall-clock 0 1 0 0.0 % – 1 h 15 min 1 h 15 min 1 h 15 min",
                "3 (medium) 6 h business hours 2 0 0 100.0 % – 1 h 5 h 5 h",
                "2026-10-05 10:30 Europe/Berlin 2026-10-05 11:15 Europe/Berlin 45 min", "2 (high) 1 6 h 6 h 6 h",
            ] {
                #expect(page.contains(text), "\(text)")
            }
            #expect(
                report.healthCheck
                    == HealthCheckUse(contractYearStart: LocalDate("2026-01-01"), contractYearEnd: LocalDate("2026-12-31"), used: false))
        }
    }

    /// The page as a browser draws it: Chromium's screenshots are kept in `.build/test-artefacts/`
    /// (desktop and phone width), and are larger than a blank page's by far; the DOM has the charts.
    @Test func theReportPageRendersInChromiumWithItsCharts() async throws {
        try await DeskFixture.with { fixture throws in
            _ = try await Self.play(fixture)
            let report = try await fixture.desk.quarterlyReport(of: "acme", quarter: Quarter("2026-Q4"), for: .tom)
            let folder = HeadlessChromium.artefacts
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let page = folder.appendingPathComponent("quarterly-report.html")
            try Data(report.html().utf8).write(to: page)
            let blankPage = folder.appendingPathComponent("blank.html")
            try Data("<!doctype html><title>blank</title>".utf8).write(to: blankPage)

            let blank = folder.appendingPathComponent("blank.png")
            try await HeadlessChromium.screenshot(of: blankPage, to: blank, width: 1280, height: 2400)
            for (name, width, height) in [("quarterly-report-desktop.png", 1280, 2400), ("quarterly-report-phone.png", 360, 5200)] {
                let png = folder.appendingPathComponent(name)
                try await HeadlessChromium.screenshot(of: page, to: png, width: width, height: height)
                let size = try #require(try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int)
                let blankSize = try #require(try FileManager.default.attributesOfItem(atPath: blank.path)[.size] as? Int)
                #expect(size > 5 * blankSize, "\(name): \(size) bytes, a blank page \(blankSize)")
            }
            let dom = try await HeadlessChromium.dom(of: page)
            for chart in ["chart-compliance", "chart-weeks", "chart-response-times"] {
                #expect(dom.contains("id=\"\(chart)\""), "\(chart)")
            }
            #expect(dom.components(separatedBy: "<rect").count > 10)
            #expect(dom.contains("Scanner blocks the file servers"))
        }
    }

    /// DESIGN.md section 3: the deadlines stored with each incident are a cache of the replay.
    @Test func theReplayOfEveryIncidentsHistoryAgreesWithItsStoredClock() async throws {
        try await DeskFixture.with { fixture throws in
            let scenario = try await Self.play(fixture)
            let histories = ReportHistories(client: fixture.database.client, logger: TestPostgres.logger)
            let covering = DateInterval(start: at("2026-07-01T00:00:00Z"), end: at("2027-01-01T00:00:00Z"))
            let requests = try await histories.requests(of: "acme", covering: covering)
            for id in [scenario.a, scenario.b, scenario.c, scenario.d, scenario.e, scenario.f] {
                let request = try #require(requests.first { $0.id == id })
                let replayed = try DeskFixture.policy.incidentWorkflow.replay(request.history)
                let stored = try JSONCoding.decoder.decode(IncidentWorkflow.State.self, from: request.state).incident.clock
                #expect(replayed.clock.target == stored.target, "\(id)")
                #expect(replayed.clock.firstResponse == stored.firstResponse, "\(id)")
                #expect(replayed.clock.breachedAt == stored.breachedAt, "\(id)")
                #expect(replayed.clock.severityChanges == stored.severityChanges, "\(id)")
            }
        }
    }
}

extension DeskFixture {
    /// Applies every timer due at the clock's instant, as a worker would.
    func fireDueTimers() async throws {
        _ = try await desk.engine.fireDueTimers(limit: 100, queue: queue)
    }
}
