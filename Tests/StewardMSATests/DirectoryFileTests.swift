import Foundation
import StewardCore
import Testing

@testable import StewardMSA

/// The directory file (`workflows/directory.yaml`, the import format): what it reads, and the
/// errors that name file, line and field.
@Suite struct DirectoryFileTests {
    static let workflows = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")
    static let rules = DirectoryRules(calendars: ["24x7", "berlin-support", "tokyo-office"])

    static func text() throws -> String {
        try String(contentsOf: workflows.appendingPathComponent("directory.yaml"), encoding: .utf8)
    }

    static func read(_ yaml: String) throws(PolicyError) -> Directory {
        try Directory.read(file: "directory.yaml", yaml: yaml, rules: rules)
    }

    @Test func theDemoDirectoryReads() throws {
        let directory = try Self.read(try Self.text())
        #expect(directory.groups.first { $0.name == "support" }?.members == ["alice", "bob"])
        #expect(directory.dutyRota.fallback == "dana")
        let acme = try #require(directory.customers.first { $0.id == "acme" })
        #expect(acme.tam == "tom" && acme.timeZone == "Europe/Berlin" && acme.contractStart == LocalDate("2026-01-01"))
        #expect(acme.contacts.first { $0.id == "bob" }?.licenceAcceptor == true)
    }

    @Test func anExportReadsBackAsTheSameDirectory() throws {
        let directory = try Self.read(try Self.text())
        #expect(try Self.read(try directory.yaml()) == directory.normalized)
    }

    @Test func aMissingCalendarIsNamedWhereItIsUsed() throws {
        let yaml = try Self.text().replacingOccurrences(of: "calendar: tokyo-office", with: "calendar: osaka-office")
        let error = try #require(throws: PolicyError.self) { try Self.read(yaml) }
        #expect(error.file == "directory.yaml")
        #expect(error.field == "staff[8].calendar")
        #expect(error.message.contains("'osaka-office' is not a calendar"))
        let line = try #require(error.line)
        #expect(yaml.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains("osaka-office"))
    }

    @Test func aGroupMemberWhoIsNotStaffIsRefused() throws {
        let yaml = try Self.text().replacingOccurrences(of: "members: [hana]", with: "members: [hanna]")
        let error = try #require(throws: PolicyError.self) { try Self.read(yaml) }
        #expect(error.field == "groups[5].members[0]")
        #expect(error.message.contains("'hanna' is not a member of staff"))
    }

    @Test func aFallbackWhoIsNotADutyManagerIsRefused() throws {
        let yaml = try Self.text().replacingOccurrences(of: "fallback: dana", with: "fallback: tom")
        let error = try #require(throws: PolicyError.self) { try Self.read(yaml) }
        #expect(error.field == "dutyRota.fallback")
        #expect(error.message.contains("not a duty manager"))
    }

    @Test func aContactsBadEmailIsNamedAtItsLine() throws {
        let yaml = try Self.text().replacingOccurrences(of: "email: carol@acme.example", with: "email: carol-at-acme")
        let error = try #require(throws: PolicyError.self) { try Self.read(yaml) }
        #expect(error.field == "customers[0].contacts[1].email")
        let line = try #require(error.line)
        #expect(yaml.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains("carol-at-acme"))
    }
}
