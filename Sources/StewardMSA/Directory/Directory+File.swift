import Foundation
import StewardCore
import Yams

extension Directory {
    /// Reads a directory file (YAML, the form `steward directory export` prints) and checks it
    /// against `rules`; the first problem stops it, naming the file, the line and the field.
    public static func read(file: String, yaml: String, rules: DirectoryRules) throws(PolicyError) -> Directory {
        let document = try PolicyDocument(file: file, yaml: yaml)
        let directory = Directory(
            staff: try document.decode([StaffMember].self, at: [.key("staff")]),
            groups: try document.decode([Group].self, at: [.key("groups")]),
            dutyRota: try document.decode(DutyRota.self, at: [.key("dutyRota")]),
            customers: document.count(at: [.key("customers")]) == 0 ? [] : try document.decode([Customer].self, at: [.key("customers")])
        )
        do throws(DirectoryError) {
            try rules.check(directory)
        } catch {
            throw document.failure(at: PolicyDocument.steps(parsing: error.field), message: error.message)
        }
        return directory
    }

    /// Reads and checks the directory file at `url`.
    public static func read(from url: URL, rules: DirectoryRules) throws(PolicyError) -> Directory {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw PolicyError(file: url.path, message: "cannot read the file; check the path")
        }
        return try read(file: url.path, yaml: text, rules: rules)
    }

    /// The directory as YAML, in the form ``read(file:yaml:rules:)`` reads back; instants in
    /// UTC, keys sorted, so two exports of one directory are the same text.
    public func yaml() throws -> String {
        try Self.yaml(normalized)
    }

    /// One entry (a customer, a contact, a staff member) in the file's YAML.
    public static func yaml(_ value: some Encodable) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options = .init(width: -1, sortKeys: true)
        return try encoder.encode(value)
    }
}
