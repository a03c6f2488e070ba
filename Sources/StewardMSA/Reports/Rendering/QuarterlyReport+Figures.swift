import Foundation

/// One figure of a quarterly report's summary, this quarter's beside the previous one's: the
/// rows of its summary tables, of `summary.csv` and of the e-mail summary.
struct SummaryFigure: Sendable, Hashable {
    /// The table it belongs in: `Requests`, `Received by type`, …
    var group: String
    /// Its name in CSV: `received`, `by_type:incident`, …
    var key: String
    /// Its name for a person: `Received`, `Incident`, …
    var label: String
    var current: Int?
    var previous: Int?
}

extension QuarterlyReport {
    /// The report's zone (UTC when the name is unknown).
    var reportZone: TimeZone { ReportFormat.zone(timeZone) }

    /// The quarter's first and last day in its zone: `2026-10-01 to 2026-12-31`.
    public var periodText: String {
        let last = max(from, to.addingTimeInterval(-1))
        return ReportFormat.date(from, in: reportZone) + " to " + ReportFormat.date(last, in: reportZone)
    }

    /// The summary's figures, grouped as the page shows them.
    var summaryFigures: [SummaryFigure] {
        var figures = [
            SummaryFigure(group: "Requests", key: "received", label: "Received", current: current.received, previous: previous.received),
            SummaryFigure(
                group: "Requests", key: "still_open", label: "Still open", current: current.stillOpen, previous: previous.stillOpen),
        ]
        figures += Self.merged(current.byType, previous.byType).map {
            SummaryFigure(
                group: "Received by type", key: "by_type:" + $0.name, label: ReportFormat.label($0.name), current: $0.current,
                previous: $0.previous)
        }
        figures += Self.merged(current.byChannel, previous.byChannel).map {
            SummaryFigure(
                group: "Incidents by channel", key: "by_channel:" + $0.name, label: ReportFormat.label($0.name), current: $0.current,
                previous: $0.previous)
        }
        figures += Self.merged(current.bySeverity, previous.bySeverity).map {
            SummaryFigure(
                group: "Incidents by severity", key: "by_severity:" + $0.name, label: ReportFormat.severity(named: $0.name),
                current: $0.current, previous: $0.previous)
        }
        figures += [
            SummaryFigure(
                group: "Delivered", key: "patches_delivered", label: "Private patches", current: current.patchesDelivered,
                previous: previous.patchesDelivered),
            SummaryFigure(
                group: "Delivered", key: "releases_delivered", label: "Antivirus database releases", current: current.releasesDelivered,
                previous: previous.releasesDelivered),
        ]
        return figures
    }

    /// The names of both breakdowns, this quarter's order first; nil where a quarter lists no such name.
    static func merged(_ current: [ReportCount], _ previous: [ReportCount]) -> [(name: String, current: Int?, previous: Int?)] {
        var names = current.map(\.name)
        for count in previous where !names.contains(count.name) { names.append(count.name) }
        return names.map { name in
            (name, current.first { $0.name == name }?.count, previous.first { $0.name == name }?.count)
        }
    }
}
