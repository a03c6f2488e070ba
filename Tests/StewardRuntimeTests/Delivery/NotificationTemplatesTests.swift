import Foundation
import StewardMSA
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
