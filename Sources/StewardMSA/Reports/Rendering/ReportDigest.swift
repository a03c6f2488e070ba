import Foundation

/// A report's short summary for an e-mail body, drawn once as an HTML fragment (plain tables,
/// no `<style>`, no SVG: e-mail clients drop them) and once as plain text in aligned columns.
struct ReportDigest: Sendable {
    enum Block: Sendable {
        /// A table with a caption and a header row.
        case table(caption: String, columns: [ReportHTML.Column], rows: [[String]])
        /// Figures by name, each on its own line.
        case figures([(name: String, value: String)])
    }

    var title: String
    /// Lines under the title: the period, the zone.
    var lines: [String]
    var blocks: [Block]

    /// The summary as an HTML fragment.
    var html: String {
        let heading: HTML = "<p><strong>\(title)</strong>\(HTML(joining: lines.map { "<br>\($0)" as HTML }))</p>"
        let tables = blocks.map { block -> HTML in
            switch block {
            case .table(let caption, let columns, let rows):
                return ReportHTML.table(
                    caption: caption, columns: columns, rows: rows.map { $0.map(ReportHTML.text) }, whenEmpty: "None.", medium: .email)
            case .figures(let figures):
                return ReportHTML.table(
                    caption: nil, columns: [ReportHTML.Column("Figure"), ReportHTML.Column("Value")],
                    rows: figures.map { [ReportHTML.text($0.name), ReportHTML.text($0.value)] }, whenEmpty: "", medium: .email)
            }
        }
        return HTML(joining: [heading] + tables, separator: "\n").description + "\n"
    }

    /// The summary as plain text, lines ended by LF.
    var text: String {
        var paragraphs = [([title] + lines).joined(separator: "\n")]
        for block in blocks {
            switch block {
            case .table(let caption, let columns, let rows):
                paragraphs.append(
                    caption + "\n"
                        + (rows.isEmpty
                            ? "None." : Self.aligned([columns.map(\.header)] + rows, numeric: columns.map { $0.style == .numeric })))
            case .figures(let figures):
                paragraphs.append(Self.aligned(figures.map { [$0.name, $0.value] }, numeric: [false, false]))
            }
        }
        return paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// Rows in columns two spaces apart, numbers right-aligned, no space at a line's end.
    static func aligned(_ rows: [[String]], numeric: [Bool]) -> String {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return column < numeric.count && numeric[column] ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
        }
        .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
        .joined(separator: "\n")
    }

    /// The compact first-response table: per severity, this period's figures and, with
    /// `previous`, that period's met percentage.
    static func compliance(
        _ figures: [FirstResponseFigures], label: String, previous: (label: String, figures: [FirstResponseFigures])?
    ) -> Block {
        var columns = [
            ReportHTML.Column("Severity"), ReportHTML.Column("Target", .numeric), ReportHTML.Column("Met", .numeric),
            ReportHTML.Column("Breached", .numeric), ReportHTML.Column("Awaiting", .numeric),
            ReportHTML.Column("Met % \(label)", .numeric),
        ]
        if let previous { columns.append(ReportHTML.Column("Met % \(previous.label)", .numeric)) }
        let rows = figures.map { row in
            [
                ReportFormat.severity(row.severity),
                ReportFormat.duration(minutes: row.targetMinutes) + (row.counting == "business" ? " (business)" : ""),
                String(row.met), String(row.breached), String(row.awaiting), ReportFormat.percent(row.metPercent),
            ]
                + (previous.map { previous in
                    [ReportFormat.percent(previous.figures.first { $0.severity == row.severity }?.metPercent)]
                } ?? [])
        }
        return .table(caption: "First-response compliance", columns: columns, rows: rows)
    }

    /// `used on 2026-11-12, 3 findings`, `not used yet (contract year to 2026-12-31)`.
    static func healthCheck(_ use: HealthCheckUse) -> String {
        guard use.used else {
            return "not used yet" + (use.contractYearEnd.map { " (contract year to \($0))" } ?? "")
        }
        let findings = use.findings.map { ReportFormat.count($0, "finding", "findings").lowercased() } ?? "checklist not delivered yet"
        return "used" + (use.date.map { " on \($0)" } ?? "") + ", " + findings
    }
}
