import Foundation
import StewardCore

/// One table of a report as a CSV file (RFC 4180): a header row, CRLF line ends, fields quoted
/// when they hold a comma, a quote, CR or LF.
///
/// Instants are ISO 8601 in UTC (`2026-10-05T07:30:00Z`), minutes whole numbers, and a missing
/// figure an empty field.
public struct CSVTable: Sendable, Hashable {
    /// The file name, e.g. `first-response.csv`.
    public var name: String
    /// The file's content.
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// Writes `header` and `rows`, every line ended by CRLF.
    init(name: String, header: [String], rows: [[String]]) {
        assert(rows.allSatisfy { $0.count == header.count }, "\(name): every row has as many fields as the header")
        self.name = name
        self.text = ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A field as RFC 4180 writes it: in quotes, with quotes doubled, when it holds a comma, a
    /// quote, CR or LF; as it is otherwise.
    static func field(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

// The value kinds of the report tables, written one way in every file.
extension CSVTable {
    static func value(_ number: Int?) -> String {
        number.map(String.init) ?? ""
    }

    static func value(_ instant: Date?) -> String {
        instant.map(ReportFormat.utc) ?? ""
    }

    static func value(_ text: String?) -> String {
        text ?? ""
    }

    static func value(_ date: LocalDate?) -> String {
        date?.description ?? ""
    }

    static func value(_ flag: Bool) -> String {
        flag ? "true" : "false"
    }

    static func value(_ id: UUID?) -> String {
        id?.uuidString.lowercased() ?? ""
    }

    /// A percentage to one decimal, without the sign.
    static func percent(_ value: Double?) -> String {
        ReportFormat.percentNumber(value) ?? ""
    }
}
