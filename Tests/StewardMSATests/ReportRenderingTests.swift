import Foundation
import StewardCore
import Testing

@testable import StewardMSA

// Every instant is written in UTC. Europe/Berlin is CEST +02:00 until 2026-10-25 01:00Z, then CET
// +01:00: 2026-10-25 02:30 Berlin happens twice, at 00:30Z and at 01:30Z.

private func instant(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

private func day(_ text: String) -> LocalDate {
    LocalDate(text)!
}

/// Reads RFC 4180 text strictly: every record ends with CRLF, a quoted field may hold commas, CR,
/// LF and doubled quotes, and nothing else may follow a closing quote.
private func parseCSV(_ text: String) throws -> [[String]] {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }
    let scalars = Array(text.unicodeScalars)
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var inQuotes = false
    var closedQuote = false
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        let next = index + 1 < scalars.count ? scalars[index + 1] : nil
        index += 1
        if inQuotes {
            if scalar == "\"" {
                if next == "\"" {
                    field += "\""
                    index += 1
                } else {
                    inQuotes = false
                    closedQuote = true
                }
            } else {
                field.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"":
            guard field.isEmpty, !closedQuote else { throw Malformed(description: "a quote inside an unquoted field") }
            inQuotes = true
        case ",":
            record.append(field)
            field = ""
            closedQuote = false
        case "\r":
            guard next == "\n" else { throw Malformed(description: "CR without LF") }
            index += 1
            record.append(field)
            records.append(record)
            record = []
            field = ""
            closedQuote = false
        case "\n":
            throw Malformed(description: "LF without CR")
        default:
            guard !closedQuote else { throw Malformed(description: "text after a closing quote") }
            field.unicodeScalars.append(scalar)
        }
    }
    guard !inQuotes, field.isEmpty, record.isEmpty, !closedQuote else {
        throw Malformed(description: "the last record is not ended by CRLF")
    }
    return records
}

private func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite struct ReportRenderingTests {
    // MARK: Fixtures

    static let customerName = "Acme <script>alert(\"pwned\")</script> & Sons"
    static let escapedName = "Acme &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; Sons"
    static let trickySummary = "Mail relay down, says \"urgent\"\nsecond line"

    static func response(
        _ severity: Int, met: Int, breached: Int, awaiting: Int, percent: Double?, median: Int?, p90: Int?, worst: Int?
    ) -> FirstResponseFigures {
        FirstResponseFigures(
            severity: severity, counting: severity <= 2 ? "wall-clock" : "business",
            targetMinutes: [30, 240, 360, 480][severity - 1], met: met, breached: breached, awaiting: awaiting, metPercent: percent,
            medianMinutes: median, p90Minutes: p90, worstMinutes: worst)
    }

    /// A quarter with nothing in it: every list empty or zero, no percentage, no time.
    static func emptyFigures(_ quarter: String, from: String, to: String) -> QuarterFigures {
        QuarterFigures(
            quarter: quarter, from: instant(from), to: instant(to), received: 0, stillOpen: 0,
            byType: ["incident", "private-patch", "av-database-release", "health-check"].map { ReportCount(name: $0, count: 0) },
            byChannel: ["portal", "email", "phone", "api"].map { ReportCount(name: $0, count: 0) },
            bySeverity: (1...4).map { ReportCount(name: String($0), count: 0) },
            firstResponse: (1...4).map { response($0, met: 0, breached: 0, awaiting: 0, percent: nil, median: nil, p90: nil, worst: nil) },
            resolution: (1...4).map {
                ResolutionFigures(severity: $0, resolved: 0, medianMinutes: nil, p90Minutes: nil, worstMinutes: nil)
            },
            patchesDelivered: 0, releasesDelivered: 0)
    }

    static let breaches = [
        Breach(
            request: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, reference: "INC-0001", summary: trickySummary,
            severity: 1, counting: "wall-clock", targetMinutes: 30, receivedAt: instant("2026-10-25T00:00:00Z"),
            dueAt: instant("2026-10-25T00:30:00Z"), answeredAt: instant("2026-10-25T01:30:00Z"), missedByMinutes: 60),
        Breach(
            request: UUID(uuidString: "00000000-0000-0000-0000-000000000002")!, reference: "INC-0002", summary: "Scanner <b>stuck</b>",
            severity: 3, counting: "business", targetMinutes: 360, receivedAt: instant("2026-12-28T08:00:00Z"),
            dueAt: instant("2026-12-28T14:00:00Z"), answeredAt: nil, missedByMinutes: 3000),
    ]

    static let deliveries = [
        Delivery(
            request: UUID(uuidString: "00000000-0000-0000-0000-000000000003")!, reference: "PP-0001", type: "private-patch",
            what: "Gateway 5.1, hotfix \"B\"", receivedAt: instant("2026-10-05T07:30:00Z"), deliveredAt: instant("2026-10-07T10:00:00Z"),
            leadTimeMinutes: 3030)
    ]

    static let healthCheck = HealthCheckUse(
        contractYearStart: day("2026-03-01"), contractYearEnd: day("2027-02-28"), used: true,
        request: UUID(uuidString: "00000000-0000-0000-0000-000000000004")!, reference: "HC-0001", date: day("2026-11-12"),
        state: "delivered", findings: 3)

    static let quarterly: QuarterlyReport = {
        var current = emptyFigures("2026-Q4", from: "2026-09-30T22:00:00Z", to: "2026-12-31T23:00:00Z")
        current.received = 12
        current.stillOpen = 2
        current.byType = [
            ReportCount(name: "incident", count: 10), ReportCount(name: "private-patch", count: 1),
            ReportCount(name: "av-database-release", count: 0), ReportCount(name: "health-check", count: 1),
        ]
        current.byChannel = [
            ReportCount(name: "portal", count: 6), ReportCount(name: "email", count: 3), ReportCount(name: "phone", count: 1),
            ReportCount(name: "api", count: 0),
        ]
        current.bySeverity = [
            ReportCount(name: "1", count: 2), ReportCount(name: "2", count: 3), ReportCount(name: "3", count: 4),
            ReportCount(name: "4", count: 1),
        ]
        current.firstResponse = [
            response(1, met: 1, breached: 1, awaiting: 0, percent: 50, median: 45, p90: 84, worst: 90),
            response(2, met: 3, breached: 0, awaiting: 0, percent: 100, median: 60, p90: 200, worst: 230),
            response(3, met: 3, breached: 1, awaiting: 0, percent: 75, median: 120, p90: 390, worst: 3360),
            response(4, met: 0, breached: 0, awaiting: 1, percent: nil, median: nil, p90: nil, worst: nil),
        ]
        current.resolution[0] = ResolutionFigures(severity: 1, resolved: 2, medianMinutes: 390, p90Minutes: 1440, worstMinutes: 3000)
        current.patchesDelivered = 1
        let weeks = (0..<14).map { index in
            WeekCount(weekStarting: day("2026-09-28").adding(days: 7 * index), incidents: index % 3, otherRequests: index == 1 ? 2 : 0)
        }
        return QuarterlyReport(
            customer: ReportCustomer(id: "acme", name: customerName), quarter: "2026-Q4", timeZone: "Europe/Berlin",
            from: instant("2026-09-30T22:00:00Z"), to: instant("2026-12-31T23:00:00Z"), generatedAt: instant("2026-12-29T09:00:00Z"),
            current: current,
            // The previous quarter is empty.
            previous: emptyFigures("2026-Q3", from: "2026-06-30T22:00:00Z", to: "2026-09-30T22:00:00Z"),
            breaches: breaches, deliveries: deliveries, healthCheck: healthCheck, weeks: weeks,
            responseTimes: [
                ResponseTimeBucket(label: "≤ 25 %", bySeverity: [0, 1, 2, 0]),
                ResponseTimeBucket(label: "25–50 %", bySeverity: [1, 1, 0, 0]),
                ResponseTimeBucket(label: "50–100 %", bySeverity: [0, 1, 1, 0]),
                ResponseTimeBucket(label: "late", bySeverity: [1, 0, 1, 0]),
            ])
    }()

    /// A customer with no request at all in either quarter.
    static let emptyQuarterly = QuarterlyReport(
        customer: ReportCustomer(id: "quiet", name: "Quiet Ltd"), quarter: "2026-Q4", timeZone: "Europe/Berlin",
        from: instant("2026-09-30T22:00:00Z"), to: instant("2026-12-31T23:00:00Z"), generatedAt: instant("2026-10-01T09:00:00Z"),
        current: QuarterFigures(
            quarter: "2026-Q4", from: instant("2026-09-30T22:00:00Z"), to: instant("2026-12-31T23:00:00Z"), received: 0, stillOpen: 0,
            byType: [], byChannel: [], bySeverity: [], firstResponse: [], resolution: [], patchesDelivered: 0, releasesDelivered: 0),
        previous: emptyFigures("2026-Q3", from: "2026-06-30T22:00:00Z", to: "2026-09-30T22:00:00Z"),
        breaches: [], deliveries: [],
        healthCheck: HealthCheckUse(
            contractYearStart: nil, contractYearEnd: nil, used: false, request: nil, reference: nil, date: nil, state: nil, findings: nil),
        weeks: [], responseTimes: [])

    static let periodic = PeriodicReport(
        customer: ReportCustomer(id: "acme", name: customerName), title: "Weekly status", timeZone: "Europe/Berlin",
        from: instant("2026-10-18T22:00:00Z"), to: instant("2026-10-25T23:00:00Z"), generatedAt: instant("2026-10-26T07:00:00Z"),
        sections: [.breaches, .openRequests, .slaCompliance, .patchesAndReleases, .healthCheck],
        openRequests: [
            OpenRequest(
                request: UUID(uuidString: "00000000-0000-0000-0000-000000000005")!, reference: "INC-0007", type: "incident",
                summary: "VPN, \"flaky\" & slow", state: "awaiting-response", receivedAt: instant("2026-10-25T00:30:00Z"), severity: 2,
                dueAt: instant("2026-10-25T04:30:00Z"), standing: "breached"),
            OpenRequest(
                request: UUID(uuidString: "00000000-0000-0000-0000-000000000006")!, reference: "PP-0002", type: "private-patch",
                summary: "Patch for 4.2", state: "building", receivedAt: instant("2026-10-20T09:00:00Z"), severity: nil, dueAt: nil,
                standing: nil),
        ],
        slaCompliance: [
            response(1, met: 1, breached: 1, awaiting: 0, percent: 50, median: 45, p90: 84, worst: 90),
            response(2, met: 0, breached: 0, awaiting: 1, percent: nil, median: nil, p90: nil, worst: nil),
        ],
        breaches: [breaches[0]], deliveries: [], healthCheck: healthCheck)

    static let emptyPeriodic = PeriodicReport(
        customer: ReportCustomer(id: "quiet", name: "Quiet Ltd"), title: "Daily", timeZone: "Europe/Berlin",
        from: instant("2026-10-25T23:00:00Z"), to: instant("2026-10-26T23:00:00Z"), generatedAt: instant("2026-10-27T07:00:00Z"),
        sections: [.slaCompliance, .breaches], openRequests: nil, slaCompliance: [], breaches: [], deliveries: nil, healthCheck: nil)

    /// Every text each report renders to.
    static func outputs(_ report: QuarterlyReport) -> [String] {
        [report.html(), report.summaryHTML(), report.summaryText()] + report.csvTables().map(\.text)
    }

    static func outputs(_ report: PeriodicReport) -> [String] {
        [report.html(), report.summaryHTML(), report.summaryText()] + report.csvTables().map(\.text)
    }

    static func table(_ name: String, of tables: [CSVTable]) throws -> [[String]] {
        try parseCSV(try #require(tables.first { $0.name == name }, "\(name) is written").text)
    }

    // MARK: Formatting

    @Test(arguments: [
        (0, "0 min"), (59, "59 min"), (60, "1 h"), (61, "1 h 1 min"), (1439, "23 h 59 min"), (1440, "1 d"), (3000, "2 d 2 h"),
        (45, "45 min"), (390, "6 h 30 min"), (3060, "2 d 3 h"), (-5, "−5 min"),
    ])
    func durationsReadAsAPersonSaysThem(minutes: Int, text: String) {
        #expect(ReportFormat.duration(minutes: minutes) == text)
    }

    @Test(arguments: [
        ("2026-10-24T07:30:00Z", "2026-10-24 09:30 Europe/Berlin"),
        // 02:30 happens twice on the night summer time ends: the offset tells them apart.
        ("2026-10-25T00:30:00Z", "2026-10-25 02:30 Europe/Berlin (UTC+02:00)"),
        ("2026-10-25T01:30:00Z", "2026-10-25 02:30 Europe/Berlin (UTC+01:00)"),
        ("2026-10-25T02:30:00Z", "2026-10-25 03:30 Europe/Berlin"),
        ("2026-10-26T08:30:00Z", "2026-10-26 09:30 Europe/Berlin"),
        // The spring change skips 02:00–03:00; nothing is repeated.
        ("2026-03-29T00:59:00Z", "2026-03-29 01:59 Europe/Berlin"),
        ("2026-03-29T01:00:00Z", "2026-03-29 03:00 Europe/Berlin"),
    ])
    func instantsAreShownInTheReportsZoneAcrossADaylightSavingChange(utc: String, shown: String) {
        #expect(ReportFormat.instant(instant(utc), in: TimeZone(identifier: "Europe/Berlin")!) == shown)
    }

    @Test func theBreachTableShowsItsInstantsInTheCustomersZone() {
        let html = Self.quarterly.html()
        // Due 00:30Z (CEST), answered 01:30Z (CET): the same wall-clock time, an hour apart.
        #expect(html.contains("2026-10-25 02:30 Europe/Berlin (UTC+02:00)"))
        #expect(html.contains("2026-10-25 02:30 Europe/Berlin (UTC+01:00)"))
        // 14:00Z in winter is 15:00 Berlin.
        #expect(html.contains("2026-12-28 15:00 Europe/Berlin"))
        #expect(html.contains("unanswered"))
        #expect(html.contains("2 d 2 h"))
    }

    @Test func csvInstantsAreUTC() {
        #expect(ReportFormat.utc(instant("2026-10-05T07:30:00Z")) == "2026-10-05T07:30:00Z")
        #expect(ReportFormat.utc(instant("2026-10-25T01:30:00Z")) == "2026-10-25T01:30:00Z")
    }

    @Test(arguments: [
        ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\r\nlines", "\"two\r\nlines\""),
        ("lf\nonly", "\"lf\nonly\""), ("cr\ronly", "\"cr\ronly\""),
    ])
    func csvFieldsAreQuotedOnlyWhenTheyMustBe(value: String, field: String) {
        #expect(CSVTable.field(value) == field)
    }

    @Test func htmlEscapesTheFiveCharacters() {
        #expect(HTML.escape("<a href=\"x\">Tom & Jerry's</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        let name = "<i>"
        let html: HTML = "<p>\(name)</p>"
        #expect(html.description == "<p>&lt;i&gt;</p>")
    }

    // MARK: CSV

    @Test func everyQuarterlyTableReadsBackAsRFC4180() throws {
        let tables = Self.quarterly.csvTables()
        #expect(
            tables.map(\.name) == [
                "summary.csv", "first-response.csv", "breaches.csv", "resolution.csv", "deliveries.csv", "health-check.csv", "weeks.csv",
                "response-times.csv",
            ])
        for table in tables {
            #expect(table.text.hasSuffix("\r\n"), "\(table.name) ends its last line with CRLF")
            let records = try parseCSV(table.text)
            let header = try #require(records.first)
            #expect(records.allSatisfy { $0.count == header.count }, "\(table.name): every row has the header's width")
        }

        let breaches = try Self.table("breaches.csv", of: tables)
        #expect(
            breaches[0] == [
                "reference", "request", "summary", "severity", "counting", "target_minutes", "received_at", "due_at", "answered_at",
                "missed_by_minutes",
            ])
        #expect(
            breaches[1] == [
                "INC-0001", "00000000-0000-0000-0000-000000000001", Self.trickySummary, "1", "wall-clock", "30", "2026-10-25T00:00:00Z",
                "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "60",
            ])
        // Unanswered: an empty field.
        #expect(breaches[2][8] == "")
        #expect(breaches[2][2] == "Scanner <b>stuck</b>")

        let firstResponse = try Self.table("first-response.csv", of: tables)
        #expect(firstResponse.count == 1 + 4 + 4)
        #expect(firstResponse[1] == ["2026-Q4", "1", "wall-clock", "30", "1", "1", "0", "50.0", "45", "84", "90"])
        #expect(firstResponse[4] == ["2026-Q4", "4", "business", "480", "0", "0", "1", "", "", "", ""])
        #expect(firstResponse[5][0] == "2026-Q3")

        let summary = try Self.table("summary.csv", of: tables)
        #expect(summary[0] == ["figure", "this_quarter", "previous_quarter"])
        #expect(summary[1] == ["received", "12", "0"])
        #expect(summary.contains(["by_channel:email", "3", "0"]))
        #expect(summary.contains(["by_severity:3", "4", "0"]))
        #expect(summary.last == ["releases_delivered", "0", "0"])

        let deliveries = try Self.table("deliveries.csv", of: tables)
        #expect(deliveries[1][3] == "Gateway 5.1, hotfix \"B\"")
        #expect(deliveries[1][6] == "3030")

        let health = try Self.table("health-check.csv", of: tables)
        #expect(
            health[1] == [
                "2026-03-01", "2027-02-28", "true", "00000000-0000-0000-0000-000000000004", "HC-0001", "2026-11-12", "delivered", "3",
            ])

        let weeks = try Self.table("weeks.csv", of: tables)
        #expect(weeks.count == 15)
        #expect(weeks[2] == ["2026-10-05", "1", "2"])
    }

    @Test func thePeriodicReportWritesItsSectionsTablesInItsOrder() throws {
        let tables = Self.periodic.csvTables()
        #expect(tables.map(\.name) == ["breaches.csv", "open-requests.csv", "first-response.csv", "deliveries.csv", "health-check.csv"])
        for table in tables { _ = try parseCSV(table.text) }
        let open = try Self.table("open-requests.csv", of: tables)
        #expect(open[1][3] == "VPN, \"flaky\" & slow")
        #expect(open[2][6] == "" && open[2][7] == "" && open[2][8] == "")
        let firstResponse = try Self.table("first-response.csv", of: tables)
        #expect(firstResponse[0].first == "severity")
        #expect(
            try Self.table("deliveries.csv", of: tables) == [
                ["reference", "request", "type", "what", "received_at", "delivered_at", "lead_time_minutes"]
            ])
    }

    // MARK: HTML

    @Test func reportTextIsEscapedEverywhere() {
        for html in [Self.quarterly.html(), Self.quarterly.summaryHTML(), Self.periodic.html(), Self.periodic.summaryHTML()] {
            #expect(!html.contains("<script"))
            #expect(!html.contains("<b>stuck"))
            #expect(html.contains(Self.escapedName))
        }
        #expect(Self.quarterly.html().contains("<title>Quarterly report 2026-Q4 — \(Self.escapedName)</title>"))
        #expect(Self.quarterly.html().contains("Mail relay down, says &quot;urgent&quot;"))
    }

    @Test func thePageIsSelfContained() {
        for html in [Self.quarterly.html(), Self.periodic.html(), Self.emptyQuarterly.html(), Self.emptyPeriodic.html()] {
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
            #expect(html.contains("<meta charset=\"utf-8\">"))
            #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            #expect(occurrences(of: "<style>", in: html) == 1)
            for forbidden in ["<script", " style=", "src=", "href=", "url(", "@import", "<link", "https:"] {
                #expect(!html.contains(forbidden), "no \(forbidden)")
            }
            // No event handler attribute either.
            #expect(html.firstMatch(of: /\son[a-z]+=/) == nil)
            // The only address is the SVG namespace, which loads nothing.
            #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http:") == false)
        }
    }

    @Test func theQuarterlyPageDrawsItsThreeCharts() {
        let html = Self.quarterly.html()
        #expect(occurrences(of: "<svg", in: html) == 3)
        for id in ["chart-compliance", "chart-weeks", "chart-response-times"] {
            let opening = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"chart \(id)\" role=\"img\" "
            #expect(html.contains(opening + "aria-labelledby=\"\(id)-title \(id)-desc\""))
            #expect(html.contains("<title id=\"\(id)-title\">"))
            #expect(html.contains("<desc id=\"\(id)-desc\">"))
        }
        #expect(!html.contains("No data"))
        // Legends and axis labels.
        #expect(html.contains(">2026-Q3</text>") && html.contains(">Incidents</text>") && html.contains(">1 (critical)</text>"))
        #expect(html.contains(">Week starting (Monday)</text>") && html.contains(">Met %</text>"))
    }

    @Test func thePeriodicPageShowsTheChosenSectionsInOrder() throws {
        let html = Self.periodic.html()
        #expect(html.contains("<title>Weekly status — \(Self.escapedName)</title>"))
        let positions = try ["breaches", "open-requests", "sla-compliance", "patches-and-releases", "health-check"].map { id in
            try #require(html.range(of: "<section id=\"\(id)\"")?.lowerBound, "section \(id)")
        }
        #expect(positions == positions.sorted())
        #expect(occurrences(of: "<svg", in: html) == 1)
        #expect(html.contains("id=\"chart-compliance\""))

        let onlyBreaches = Self.emptyPeriodic.html()
        #expect(!onlyBreaches.contains("<section id=\"open-requests\""))
        #expect(onlyBreaches.contains("No first-response target was missed."))
    }

    @Test func anEmptyReportRendersWithEmptyCharts() throws {
        let html = Self.emptyQuarterly.html()
        #expect(occurrences(of: "<svg", in: html) == 3)
        #expect(occurrences(of: ">No data</text>", in: html) == 3)
        #expect(html.contains("No first-response target was missed."))
        #expect(html.contains("Nothing was delivered."))
        #expect(html.contains("not yet"))
        // This quarter lists nothing; the previous one lists its zeros.
        let rows = try Dictionary(uniqueKeysWithValues: Self.emptyQuarterly.csvTables().map { ($0.name, try parseCSV($0.text).count - 1) })
        #expect(
            rows == [
                "summary.csv": 2 + 3 * 4 + 2, "first-response.csv": 4, "breaches.csv": 0, "resolution.csv": 4, "deliveries.csv": 0,
                "health-check.csv": 1, "weeks.csv": 0, "response-times.csv": 0,
            ])
        #expect(Self.emptyQuarterly.summaryText().contains("Health check  not used yet"))
        #expect(Self.emptyPeriodic.html().contains(">No data</text>"))
    }

    @Test func noOutputHoldsNaNOrInfinity() {
        var broken = Self.quarterly
        broken.current.firstResponse[0].metPercent = .nan
        broken.current.firstResponse[1].metPercent = .infinity
        broken.previous.firstResponse[0].metPercent = -.infinity
        let texts =
            Self.outputs(Self.quarterly) + Self.outputs(Self.emptyQuarterly) + Self.outputs(broken) + Self.outputs(Self.periodic)
            + Self.outputs(Self.emptyPeriodic)
        for text in texts {
            #expect(text.firstMatch(of: /(?i)\b(nan|inf|infinity)\b/) == nil)
        }
    }

    // MARK: E-mail summary

    @Test func theEmailSummaryIsPlainTables() {
        for html in [Self.quarterly.summaryHTML(), Self.periodic.summaryHTML(), Self.emptyQuarterly.summaryHTML()] {
            #expect(html.contains("<table"))
            #expect(!html.contains("<svg") && !html.contains("<style") && !html.contains(" style=") && !html.contains("class="))
        }
        let quarterly = Self.quarterly.summaryHTML()
        #expect(quarterly.contains("<th scope=\"col\" align=\"right\">Met % 2026-Q3</th>"))
        #expect(quarterly.contains("<td align=\"left\">12 (2026-Q3: 0)</td>"))
        #expect(quarterly.contains("<td align=\"left\">used on 2026-11-12, 3 findings</td>"))
    }

    @Test func theTextSummaryIsAlignedInColumns() throws {
        let text = Self.quarterly.summaryText()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Quarterly report 2026-Q4 — \(Self.customerName)")
        #expect(lines[1] == "Period: 2026-10-01 to 2026-12-31 (Europe/Berlin)")
        let header = try #require(lines.firstIndex { $0.hasPrefix("Severity") })
        let table = lines[header...].prefix(5)
        // The last column is right-aligned, so every line of the table is as long as the header.
        #expect(Set(table.map(\.count)).count == 1)
        #expect(table.dropFirst().first?.hasPrefix("1 (critical)  ") == true)
        #expect(table.dropFirst().first?.firstMatch(of: #/\s\s50\.0\s%\s+–$/#) != nil)
        #expect(lines.contains("Breaches      2"))
        #expect(!lines.contains { $0.hasSuffix(" ") })

        let periodic = Self.periodic.summaryText()
        #expect(periodic.contains("Open requests  2, 1 past first-response due"))
        #expect(periodic.contains("Breaches       1"))
        #expect(periodic.contains("Delivered     No private patches, no antivirus database releases"))
    }

    // MARK: Samples

    /// Writes sample pages to `STEWARD_REPORT_SAMPLES` (a directory) for a person to look at.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["STEWARD_REPORT_SAMPLES"] != nil))
    func writeSamples() throws {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["STEWARD_REPORT_SAMPLES"]!)
        try Self.quarterly.html().write(to: directory.appendingPathComponent("sample-quarterly.html"), atomically: true, encoding: .utf8)
        try Self.periodic.html().write(to: directory.appendingPathComponent("sample-periodic.html"), atomically: true, encoding: .utf8)
        try Self.emptyQuarterly.html().write(to: directory.appendingPathComponent("sample-empty.html"), atomically: true, encoding: .utf8)
        try (Self.quarterly.summaryHTML() + "\n<hr>\n" + Self.periodic.summaryHTML()).write(
            to: directory.appendingPathComponent("sample-summary.html"), atomically: true, encoding: .utf8)
        try (Self.quarterly.summaryText() + "\n----\n" + Self.periodic.summaryText()).write(
            to: directory.appendingPathComponent("sample-summary.txt"), atomically: true, encoding: .utf8)
    }
}
