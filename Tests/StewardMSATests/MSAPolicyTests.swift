import Foundation
import StewardCore
import Testing

@testable import StewardMSA

@Suite struct MSAPolicyTests {
    /// The repository's own workflows/ folder.
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: workflows.appendingPathComponent(name), encoding: .utf8)
    }

    /// Parses the committed files with one of them replaced.
    static func parse(replacing name: String, with yaml: String) throws(PolicyError) -> MSAPolicy {
        func document(_ file: String) throws(PolicyError) -> PolicyDocument {
            let text = file == name ? yaml : ((try? Self.text(file)) ?? "")
            return try PolicyDocument(file: file, yaml: text)
        }
        return try MSAPolicy.parse(
            policy: document("policy.yaml"),
            calendars: document("calendars.yaml"),
            products: document("products.yaml")
        )
    }

    @Test func theCommittedPolicyLoads() throws {
        let policy = try MSAPolicy.load(from: Self.workflows)
        #expect(policy.sla == .contract)
        #expect(policy.incidents.autoCloseAfterBusinessDays == 5)
        #expect(policy.calendars["berlin-support"]?.timeZoneIdentifier == "Europe/Berlin")
        #expect(policy.calendars["24x7"] != nil)
        #expect(policy.stuck.stateAge(type: "incident", state: "in_progress") == .seconds(120 * 3_600))
        if case .rejected = policy.products.eligibility(product: "endpoint-security", version: "10.1", on: LocalDate("2026-11-24")!) {
        } else {
            Issue.record("endpoint-security 10.1 ended in February 2026")
        }
    }

    @Test func anUnknownSeverityNamesFileLineAndField() throws {
        let yaml = try Self.text("policy.yaml").replacingOccurrences(of: "\"4\": { minutes: 480", with: "\"5\": { minutes: 480")
        let error = try #require(throws: PolicyError.self) { try Self.parse(replacing: "policy.yaml", with: yaml) }
        #expect(error.file == "policy.yaml")
        #expect(error.field?.hasPrefix("sla.responseTimes") == true)
        #expect(error.line != nil)
        #expect(error.description.contains("policy.yaml:"))
    }

    @Test func aBadTimeZoneNamesTheCalendarsLine() throws {
        let yaml = try Self.text("calendars.yaml").replacingOccurrences(of: "Asia/Tokyo", with: "Asia/Atlantis")
        let error = try #require(throws: PolicyError.self) { try Self.parse(replacing: "calendars.yaml", with: yaml) }
        #expect(error.field == "calendars[1].timeZone")
        let line = try #require(error.line)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[line - 1].contains("Asia/Atlantis"))
        #expect(error.message.contains("IANA"))
    }

    @Test func overlappingHoursAreRefused() throws {
        let yaml = try Self.text("calendars.yaml").replacingOccurrences(
            of: "tue: [\"09:00-17:30\"]",
            with: "tue: [\"09:00-13:00\", \"12:00-17:30\"]"
        )
        let error = try #require(throws: PolicyError.self) { try Self.parse(replacing: "calendars.yaml", with: yaml) }
        #expect(error.field?.hasPrefix("calendars[1].weeklyHours.tue") == true)
        #expect(error.line != nil)
    }

    @Test func aStuckThresholdForAStateThatDoesNotExistIsRefused() throws {
        let yaml = try Self.text("policy.yaml").replacingOccurrences(of: "      in_progress: 120", with: "      in_progres: 120")
        let error = try #require(throws: PolicyError.self) { try Self.parse(replacing: "policy.yaml", with: yaml) }
        #expect(error.field == "stuck.states.incident.in_progres")
        #expect(error.message.contains("incident has no state in_progres"))
        let line = try #require(error.line)
        #expect(yaml.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains("in_progres: 120"))
    }

    @Test func aMissingSectionSaysSo() throws {
        let error = try #require(throws: PolicyError.self) {
            try Self.parse(replacing: "policy.yaml", with: "sla:\n  responseTimes: {}\n")
        }
        #expect(error.file == "policy.yaml")
        #expect(error.field != nil)
    }

    @Test(arguments: [
        ("weeklyHours.mon[1].end", [PolicyDocument.Step.key("weeklyHours"), .key("mon"), .index(1), .key("end")]),
        ("responseTimes.3.minutes", [.key("responseTimes"), .key("3"), .key("minutes")]),
        ("holidays[0]", [.key("holidays"), .index(0)]),
    ])
    func fieldPathsBecomeSteps(field: String, steps: [PolicyDocument.Step]) {
        #expect(PolicyDocument.steps(parsing: field) == steps)
        #expect(PolicyDocument.render(steps) == field)
    }
}
