import Foundation
import StewardMSA
import StewardTestSupport
import Testing

@testable import StewardRuntime

/// The templates operators edit: every one renders, and a template naming a field its kind does
/// not have is refused with the file and line.
@Suite struct NotificationTemplatesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("workflows/templates")

    static func load(_ folder: URL = folder) throws -> NotificationTemplates {
        try NotificationTemplates(folder: folder, fields: NotificationKind.templateFields, commonFields: Set(NotificationKind.commonFields))
    }

    @Test(arguments: NotificationKind.all.map(\.name))
    func everyKindRendersEveryPart(_ kind: String) throws {
        let templates = try Self.load()
        var values = Dictionary(
            uniqueKeysWithValues: (NotificationKind.byName[kind]!.fields + NotificationKind.commonFields).map { ($0, "<\($0)>") })
        values["reference"] = "MSA-2026-000123"
        let rendered = try #require(templates.render(kind, values))
        #expect(!rendered.subject.isEmpty && !rendered.subject.contains("\n"))
        #expect(rendered.text.contains("MSA-2026-000123"))
        #expect(rendered.html.hasPrefix("<!DOCTYPE html>"))
        // Values are inserted as text: HTML escapes them, the text part keeps them as they are.
        #expect(!rendered.html.contains("<recipientName>"))
        #expect(rendered.html.contains("&lt;recipientName&gt;"))
        #expect(rendered.text.contains("<recipientName>"))
    }

    /// The report mails as their readers see them, at desktop and phone widths, kept in
    /// `.build/test-artefacts/`: a daily report with a day of happenings and one with none, and the
    /// quarterly and periodic reports with a summary table.
    @Test func theReportMailsAreReadableOnADesktopAndAPhone() async throws {
        let summaryTable = """
            <table cellpadding="4" style="border-collapse: collapse;"><tr><th align="left">Severity</th><th align="right">Met</th>\
            <th align="right">Breached</th><th align="right">Met %</th></tr><tr><td>1</td><td align="right">11</td>\
            <td align="right">1</td><td align="right">91.7</td></tr><tr><td>3</td><td align="right">40</td>\
            <td align="right">0</td><td align="right">100.0</td></tr></table>
            """
        let common = ["reference": "MSA-2026-000123", "requestType": "incident", "customerName": "Acme & Co", "recipientName": "Bob Jones"]
        let daily = [
            "summary": "All endpoints lost their licence after the 03:00 update", "severity": "1", "state": "in progress",
            "report": "3", "sinceReceipt": "2 days 4 hours", "target": "met (first response after 12 minutes)",
            "nextStep": "enterprise engineering builds a fixed licence service", "holder": "group enterprise-engineering",
            "happenings": "2026-11-30 09:12 alice: We reproduced it on Windows Server 2019.\n"
                + "2026-11-30 16:40 bob: The logs from the second site are attached.\n"
                + "2026-12-01 08:05 the severity stays 1: the fix is in QA",
        ]
        let mails: [(name: String, kind: String, values: [String: String])] = [
            ("daily-report", "daily-report", daily),
            ("daily-report-quiet", "daily-report", daily.merging(["happenings": "nothing since the last report"]) { $1 }),
            (
                "quarterly-report", "quarterly-report",
                [
                    "quarter": "2026-Q4", "period": "2026-10-01 to 2026-12-31", "periodStart": "2026-10-01", "periodEnd": "2026-12-31",
                    "summary": "Severity 1: 11 met, 1 breached", "summaryHTML": summaryTable,
                ]
            ),
            (
                "periodic-report", "periodic-report",
                [
                    "title": "Weekly open requests", "period": "2026-11-23 to 2026-11-29", "periodStart": "2026-11-23",
                    "periodEnd": "2026-11-29", "summary": "Severity 1: 11 met, 1 breached", "summaryHTML": summaryTable,
                ]
            ),
        ]
        let folder = HeadlessChromium.artefacts
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let templates = try Self.load()
        for mail in mails {
            let rendered = try #require(templates.render(mail.kind, mail.values.merging(common) { $1 }))
            #expect(rendered.html.contains("Hello Bob Jones"), "\(mail.name)")
            let page = folder.appendingPathComponent("mail-\(mail.name).html")
            try Data(rendered.html.utf8).write(to: page)
            for (width, label) in [(1280, "desktop"), (320, "phone")] {
                let png = folder.appendingPathComponent("mail-\(mail.name)-\(label).png")
                try await HeadlessChromium.screenshot(of: page, to: png, width: width, height: 900)
                #expect(FileManager.default.fileExists(atPath: png.path), "\(png.lastPathComponent)")
            }
        }
    }

    @Test func aFieldTheKindDoesNotHaveIsRefusedWithItsLine() throws {
        let folder = try Self.copy()
        try "Hello\n{{summary}} at {{dueAtt}}\n".write(
            to: folder.appendingPathComponent("sla-warning.text.mustache"), atomically: true, encoding: .utf8)
        #expect {
            try Self.load(folder)
        } throws: { error in
            let text = "\(error)"
            return text.contains("sla-warning.text.mustache:2") && text.contains("'dueAtt'") && text.contains("dueAt")
        }
    }

    @Test func aMissingPartAndAnUnknownKindAreRefused() throws {
        let folder = try Self.copy()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sla-breach.html.mustache"))
        #expect { try Self.load(folder) } throws: { "\($0)".contains("sla-breach.html.mustache: is missing") }
        try "x".write(to: folder.appendingPathComponent("sla-breach.html.mustache"), atomically: true, encoding: .utf8)
        try "x".write(to: folder.appendingPathComponent("sla-braech.subject.mustache"), atomically: true, encoding: .utf8)
        #expect { try Self.load(folder) } throws: { "\($0)".contains("'sla-braech' is not a notification kind") }
    }

    @Test func aSubjectCannotCarryALineBreakIntoTheHeaders() throws {
        let rendered = try #require(
            try Self.load().render("state-changed", ["summary": "down\r\nBcc: victim@example.com", "to": "closed"]))
        #expect(!rendered.subject.contains("\n") && !rendered.subject.contains("\r"))
    }

    @Test func findsTheFieldsATemplateNames() {
        let names = NotificationTemplates.fieldsNamed(
            in: "{{a}}\n{{{b}}} {{& c}}{{#d}}{{.}}{{/d}}{{^e}}x{{/e}}{{! note }}{{> _footer.text}}")
        #expect(names.map(\.field) == ["a", "b", "c", "d", "e"])
        #expect(names.map(\.line) == [1, 2, 2, 2, 2])
    }

    static func copy() throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: folder, to: target)
        return target
    }
}
