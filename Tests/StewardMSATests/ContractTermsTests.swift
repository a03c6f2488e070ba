import Foundation
import StewardCore
import Testing

@testable import StewardMSA

// Acme's contract: MSA Enterprise, support calendar berlin-support (Europe/Berlin, CET +01:00 in
// November 2026), contract year from 2026-01-15, daily reports of severity-1 incidents by phone.
// Instants are written in UTC with the local time worked out beside them.

/// A constant instant of this file; the strings are literals, so `try!`.
private func instant(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

@Suite struct ContractTermsTests {
    /// The repository's own workflows/ folder.
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")

    let policy: MSAPolicy
    let registry: WorkflowRegistry

    init() throws {
        policy = try MSAPolicy.load(from: Self.workflows)
        registry = policy.registry()
    }

    static let acme = ContractTerms(
        customerID: "acme",
        tier: .enterprise,
        supportCalendar: "berlin-support",
        contractStart: LocalDate("2026-01-15")!,
        dailyReportVia: .phone
    )

    /// Tue 2026-11-24 11:00 Berlin.
    static let now = instant("2026-11-24T10:00:00Z")

    /// The input `terms` make of `body`, as a JSON object.
    func input(
        _ type: String,
        _ body: String,
        by filer: ContractTerms.Filer = .customer,
        at now: Date = now,
        terms: ContractTerms = acme
    ) throws -> (data: Data, fields: [String: Any]) {
        let data = try terms.input(for: type, body: Data(body.utf8), filedBy: filer, now: now, calendars: policy.calendars)
        let fields = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (data, fields)
    }

    /// The refusal of `body`, which must name a field.
    func refusal(
        _ type: String,
        _ body: String,
        by filer: ContractTerms.Filer = .customer
    ) throws -> TransitionError {
        try #require(throws: TransitionError.self) {
            try Self.acme.input(
                for: type,
                body: Data(body.utf8),
                filedBy: filer,
                now: Self.now,
                calendars: policy.calendars
            )
        }
    }

    func check(_ type: String, _ input: Data) throws {
        try registry.definition(for: type).check(input: input)
    }

    // MARK: Incident

    @Test func anIncidentGetsTheContractsTierCalendarAndReportChannel() throws {
        let (data, fields) = try input("incident", #"{"summary": "Scans block the file servers", "severity": 2}"#)
        #expect(fields["tier"] as? String == "enterprise")
        #expect(fields["supportCalendar"] as? String == "berlin-support")
        #expect(fields["channel"] as? String == "api")
        #expect(fields["dailyReportVia"] as? String == "phone")
        #expect(fields["receivedAt"] == nil)
        try check("incident", data)
        let decoded = try JSONCoding.decoder.decode(IncidentWorkflow.Input.self, from: data)
        #expect(
            decoded
                == IncidentWorkflow.Input(
                    summary: "Scans block the file servers",
                    severity: .high,
                    tier: .enterprise,
                    channel: .api,
                    supportCalendar: "berlin-support",
                    dailyReportVia: .phone
                )
        )
    }

    @Test func theCallersChannelAndReportChannelAreKept() throws {
        let (data, fields) = try input(
            "incident",
            #"{"summary": "Console down", "severity": 1, "channel": "portal", "dailyReportVia": "email"}"#
        )
        #expect(fields["channel"] as? String == "portal")
        #expect(fields["dailyReportVia"] as? String == "email")
        try check("incident", data)
    }

    @Test func staffMayLogWhenACallCameIn() throws {
        let body = #"{"summary": "Console down", "severity": 1, "channel": "phone", "receivedAt": "2026-11-24T09:40:00Z"}"#
        let (data, fields) = try input("incident", body, by: .staff)
        #expect(fields["receivedAt"] as? String == "2026-11-24T09:40:00Z")
        #expect(fields["tier"] as? String == "enterprise")
        try check("incident", data)
        let decoded = try JSONCoding.decoder.decode(IncidentWorkflow.Input.self, from: data)
        #expect(decoded.receivedAt == instant("2026-11-24T09:40:00Z"))
        #expect(decoded.channel == .phone)
    }

    @Test func aCallLoggedBeforeTheContractStartedIsRefused() throws {
        let error = try refusal(
            "incident", #"{"summary": "s", "severity": 1, "channel": "phone", "receivedAt": "2025-12-31T22:00:00Z"}"#, by: .staff)
        #expect(error.field == "receivedAt" && error.code == .ruleViolated && error.reason.contains("before acme's contract starts"))
    }

    @Test func aCustomerMayNotBackDateAnIncident() throws {
        let error = try refusal("incident", #"{"summary": "s", "severity": 1, "receivedAt": "2026-11-24T09:40:00Z"}"#)
        #expect(error.field == "receivedAt")
        #expect(error.code == .undecodable)
        #expect(error.workflowType == "incident")
        #expect(error.reason.contains("acme"))
    }

    @Test(arguments: [
        ("tier", #""standard""#, ContractTerms.Filer.customer),
        ("tier", #""standard""#, .staff),
        ("supportCalendar", #""24x7""#, .customer),
        ("supportCalendar", #""24x7""#, .staff),
    ])
    func theContractsFieldsAreNotTheCallers(field: String, value: String, filer: ContractTerms.Filer) throws {
        let error = try refusal("incident", #"{"summary": "s", "severity": 3, "\#(field)": \#(value)}"#, by: filer)
        #expect(error.field == field)
        #expect(error.reason.contains("'\(field)'"))
    }

    @Test func anUnknownFieldPassesTheTermsButNotTheCheck() throws {
        let (data, _) = try input("incident", #"{"summary": "s", "severity": 3, "priority": "urgent"}"#)
        let error = try #require(throws: TransitionError.self) { try check("incident", data) }
        #expect(error.field == "priority")
    }

    // MARK: Health check

    @Test func aHealthCheckGetsTheCalendarContractStartAndNoBookings() throws {
        let (data, fields) = try input("health-check", "{}")
        #expect(fields["calendar"] as? String == "berlin-support")
        #expect(fields["contractStart"] as? String == "2026-01-15")
        #expect((fields["bookedDates"] as? [Any])?.isEmpty == true)
        try check("health-check", data)
        let decoded = try JSONCoding.decoder.decode(HealthCheckWorkflow.Input.self, from: data)
        #expect(decoded == HealthCheckWorkflow.Input(calendar: "berlin-support", contractStart: LocalDate("2026-01-15")!))
    }

    @Test func aProposedDateIsKept() throws {
        let (data, fields) = try input("health-check", #"{"proposedDate": "2026-12-15"}"#)
        #expect(fields["proposedDate"] as? String == "2026-12-15")
        try check("health-check", data)
        #expect(try JSONCoding.decoder.decode(HealthCheckWorkflow.Input.self, from: data).proposedDate == LocalDate("2026-12-15"))
    }

    @Test(arguments: [
        ("calendar", #""tokyo-office""#),
        ("contractStart", #""2025-01-01""#),
        ("bookedDates", "[]"),
    ])
    func aHealthChecksContractFieldsAreRefused(field: String, value: String) throws {
        #expect(try refusal("health-check", #"{"\#(field)": \#(value)}"#).field == field)
        #expect(try refusal("health-check", #"{"\#(field)": \#(value)}"#, by: .staff).field == field)
    }

    // MARK: Private patch

    @Test func aPrivatePatchIsRequestedOnTheCustomersLocalDate() throws {
        // 2026-11-24 23:30Z is 00:30 on Wednesday 25 November in Berlin.
        let body = #"{"product": "endpoint-security", "version": "11.0", "description": "Crash on scan"}"#
        let (data, fields) = try input("private-patch", body, at: instant("2026-11-24T23:30:00Z"))
        #expect(fields["requestedOn"] as? String == "2026-11-25")
        try check("private-patch", data)
        let decoded = try JSONCoding.decoder.decode(PrivatePatchWorkflow.Input.self, from: data)
        #expect(decoded.requestedOn == LocalDate("2026-11-25"))
        #expect(decoded.product == "endpoint-security")
    }

    @Test func theDateIsTheOneInTheContractsZone() throws {
        // 2026-11-24 15:30Z is 00:30 on 25 November in Tokyo (+09:00), 16:30 on the 24th in Berlin.
        let tokyo = ContractTerms(
            customerID: "nippon",
            tier: .standard,
            supportCalendar: "tokyo-office",
            contractStart: LocalDate("2026-04-01")!,
            dailyReportVia: .email
        )
        let body = #"{"product": "mail-gateway", "version": "6.0", "description": "Queue stalls"}"#
        let at = instant("2026-11-24T15:30:00Z")
        #expect(try input("private-patch", body, at: at, terms: tokyo).fields["requestedOn"] as? String == "2026-11-25")
        #expect(try input("private-patch", body, at: at).fields["requestedOn"] as? String == "2026-11-24")
    }

    @Test func staffMayGiveTheDateTheCustomerAsked() throws {
        let body = #"{"product": "endpoint-security", "version": "11.0", "description": "d", "requestedOn": "2026-11-20"}"#
        let (data, fields) = try input("private-patch", body, by: .staff)
        #expect(fields["requestedOn"] as? String == "2026-11-20")
        try check("private-patch", data)
    }

    @Test func aCustomerMayNotGiveTheDate() throws {
        let body = #"{"product": "endpoint-security", "version": "11.0", "description": "d", "requestedOn": "2026-11-20"}"#
        #expect(try refusal("private-patch", body).field == "requestedOn")
    }

    // MARK: Any type

    @Test func anAntivirusReleaseIsPassedThroughUnchanged() throws {
        let body = #"{"kind": "falsePositive", "sampleReference": "upload-42", "description": "Flags our ERP client"}"#
        let (data, fields) = try input("av-database-release", body)
        #expect(fields.count == 3)
        #expect(fields["kind"] as? String == "falsePositive")
        try check("av-database-release", data)
    }

    @Test(arguments: ["[]", #"[{"summary": "s"}]"#, #""incident""#, "42", "null", "not json", ""])
    func aBodyThatIsNoObjectIsRefused(body: String) throws {
        for type in ["incident", "health-check", "private-patch", "av-database-release"] {
            let error = try refusal(type, body)
            #expect(error.code == .undecodable)
            #expect(error.workflowType == type)
            #expect(error.field == nil)
            #expect(error.reason.contains("JSON object"))
        }
    }

    @Test func everyProducedInputStartsItsWorkflow() throws {
        let bodies = [
            ("incident", #"{"summary": "Scans block the file servers", "severity": 3}"#),
            ("health-check", #"{"proposedDate": "2026-12-15"}"#),
            ("private-patch", #"{"product": "endpoint-security", "version": "11.0", "description": "Crash on scan"}"#),
            ("av-database-release", #"{"kind": "missedDetection", "sampleReference": "sha256:ab", "description": "d"}"#),
        ]
        let context = WorkflowContext(
            now: Self.now,
            workflowID: UUID(uuidString: "00000000-0000-0000-0000-00000000acde")!,
            customerID: "acme",
            actor: .customer("carla")
        )
        for (type, body) in bodies {
            let (data, _) = try input(type, body)
            let started = try registry.definition(for: type).start(input: data, context: context)
            #expect(!started.isTerminal, "\(type) starts as \(started.stateName)")
        }
    }
}
