import Foundation
import Mustache

/// The wording of every notification, from a folder operators edit without a rebuild
/// (`workflows/templates/`): per kind a subject, a plain-text body and an HTML body,
/// `<kind>.subject.mustache`, `<kind>.text.mustache` and `<kind>.html.mustache`. Files whose
/// name starts with `_` are partials (`{{> _footer.text}}`). HTML escapes what it inserts;
/// subjects and text do not.
public struct NotificationTemplates: Sendable {
    /// A message in the words of its template.
    public struct Rendered: Sendable, Hashable {
        public var subject: String
        public var text: String
        public var html: String
    }

    public static let parts = ["subject", "text", "html"]

    private let library: MustacheLibrary
    public let kinds: Set<String>

    /// Loads and checks every template of `folder`: each kind of `fields` has its three parts, every
    /// file belongs to a known kind or is a partial, and a template names only its kind's fields
    /// (or `commonFields`) — a misspelt field would silently render as nothing.
    public init(folder: URL, fields: [String: Set<String>], commonFields: Set<String>) throws(TemplateError) {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "mustache" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw TemplateError(file: folder.path, "cannot read the templates folder: \(error.localizedDescription)")
        }
        var library = MustacheLibrary()
        var found: Set<String> = []
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            guard var source = try? String(contentsOf: file, encoding: .utf8) else {
                throw TemplateError(file: file.path, "is not UTF-8 text")
            }
            let pieces = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count == 2, Self.parts.contains(pieces[1]) else {
                throw TemplateError(file: file.path, "name it <kind>.subject, <kind>.text or <kind>.html (with .mustache)")
            }
            let (kind, part) = (pieces[0], pieces[1])
            if kind.hasPrefix("_") {
                for (line, field) in Self.fieldsNamed(in: source) where !commonFields.contains(field) {
                    throw TemplateError(
                        file: file.path, line: line,
                        "names the field '\(field)'; a partial serves every kind, so it may name only \(commonFields.sorted().joined(separator: ", "))"
                    )
                }
            } else {
                guard let allowed = fields[kind] else {
                    throw TemplateError(
                        file: file.path,
                        "'\(kind)' is not a notification kind; the kinds are \(fields.keys.sorted().joined(separator: ", "))")
                }
                for (line, field) in Self.fieldsNamed(in: source) where !allowed.contains(field) && !commonFields.contains(field) {
                    throw TemplateError(
                        file: file.path, line: line,
                        "names the field '\(field)', which \(kind) does not have; it has \((allowed.union(commonFields)).sorted().joined(separator: ", "))"
                    )
                }
                found.insert(name)
            }
            if part != "html" { source = "{{% CONTENT_TYPE: TEXT}}" + source }
            do {
                try library.register(source, named: name)
            } catch {
                throw TemplateError(file: file.path, "is not a valid Mustache template: \(error)")
            }
        }
        for kind in fields.keys.sorted() {
            for part in Self.parts where !found.contains("\(kind).\(part)") {
                throw TemplateError(
                    file: folder.appendingPathComponent("\(kind).\(part).mustache").path,
                    "is missing; every kind needs its subject, text and html")
            }
        }
        self.library = library
        self.kinds = Set(fields.keys)
    }

    /// The message of `kind` with `values` filled in; nil when the kind has no templates.
    public func render(_ kind: String, _ values: [String: String]) -> Rendered? {
        guard kinds.contains(kind),
            let subject = library.render(values, withTemplate: "\(kind).subject"),
            let text = library.render(values, withTemplate: "\(kind).text"),
            let html = library.render(values, withTemplate: "\(kind).html")
        else { return nil }
        return Rendered(
            subject: subject.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces),
            text: text, html: html)
    }

    /// The names a template's tags look up (`{{name}}`, `{{{name}}}`, `{{&name}}`, `{{#name}}`,
    /// `{{^name}}`), with their line; comments, partials and closing tags name no field.
    static func fieldsNamed(in source: String) -> [(line: Int, field: String)] {
        var names: [(Int, String)] = []
        var rest = Substring(source)
        var line = 1
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].filter(\.isNewline).count
            let inside = rest[open.upperBound...]
            guard let close = inside.range(of: "}}") else { break }
            var tag = inside[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            var end = close.upperBound
            if tag.hasPrefix("{") {
                tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
                if inside[end...].hasPrefix("}") { end = inside.index(after: end) }
            }
            if let sigil = tag.first, "#^&".contains(sigil) {
                tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces)
            } else if let sigil = tag.first, "!>/%=<$".contains(sigil) {
                tag = ""
            }
            if !tag.isEmpty, tag != "." { names.append((line, tag)) }
            line += inside[..<end].filter(\.isNewline).count
            rest = inside[end...]
        }
        return names
    }
}

/// A template that cannot be used, with the file (and line) and what to change.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int? = nil, _ reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}
