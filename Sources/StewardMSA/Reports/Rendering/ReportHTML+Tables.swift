import Foundation
import StewardCore

// One builder per kind of table, shared by the quarterly and the periodic report.
extension ReportHTML {
    /// First-response compliance per severity; with `previous`, that period's met percentage
    /// beside this one's (`label` names this one then).
    static func complianceTable(
        _ figures: [FirstResponseFigures], label: String? = nil, previous: (label: String, figures: [FirstResponseFigures])? = nil
    ) -> HTML {
        var columns: [Column] = [
            Column("Severity"), Column("Target", .numeric), Column("Counting"), Column("Met", .numeric),
            Column("Breached", .numeric), Column("Awaiting", .numeric),
            Column(label.map { "Met % \($0)" } ?? "Met %", .numeric),
        ]
        if let previous { columns.append(Column("Met % \(previous.label)", .numeric)) }
        columns += [Column("Median", .numeric), Column("90th percentile", .numeric), Column("Worst", .numeric)]
        let rows = figures.map { row -> [HTML] in
            var cells: [HTML] = [
                text(ReportFormat.severity(row.severity)), text(ReportFormat.duration(minutes: row.targetMinutes)),
                text(ReportFormat.counting(row.counting)), "\(row.met)", "\(row.breached)", "\(row.awaiting)",
                text(ReportFormat.percent(row.metPercent)),
            ]
            if let previous {
                let before = previous.figures.first { $0.severity == row.severity }
                cells.append(text(ReportFormat.percent(before?.metPercent)))
            }
            cells += [row.medianMinutes, row.p90Minutes, row.worstMinutes].map { text(ReportFormat.duration(minutes: $0)) }
            return cells
        }
        return table(caption: nil, columns: columns, rows: rows, whenEmpty: "No incidents were received.")
            + paragraph(
                "Met % is met ÷ (met + breached); awaiting incidents are open, unanswered and not yet due. "
                    + "Wall-clock minutes count round the clock; business-hours minutes count only the support calendar's "
                    + "working hours, and so do the median, 90th percentile and worst of those severities.",
                class: "note"
            )
    }

    /// Time from receipt to resolution per severity, in wall-clock time.
    static func resolutionTable(_ figures: [ResolutionFigures]) -> HTML {
        let columns = [
            Column("Severity"), Column("Resolved", .numeric), Column("Median", .numeric),
            Column("90th percentile", .numeric), Column("Worst", .numeric),
        ]
        let rows = figures.map { row -> [HTML] in
            [text(ReportFormat.severity(row.severity)), "\(row.resolved)"]
                + [row.medianMinutes, row.p90Minutes, row.worstMinutes].map { text(ReportFormat.duration(minutes: $0)) }
        }
        return table(caption: nil, columns: columns, rows: rows, whenEmpty: "No incidents were resolved.")
            + paragraph("Wall-clock time from receipt to resolution.", class: "note")
    }

    /// Every first-response target missed.
    static func breachTable(_ breaches: [Breach], zone: TimeZone) -> HTML {
        let columns = [
            Column("Reference"), Column("Summary", .prose), Column("Severity"), Column("Target", .numeric), Column("Due", .instant),
            Column("Answered", .instant), Column("Missed by", .numeric),
        ]
        let rows = breaches.map { breach -> [HTML] in
            let answered: HTML =
                breach.answeredAt.map { text(ReportFormat.instant($0, in: zone)) } ?? "<span class=\"unanswered\">unanswered</span>"
            return [
                text(breach.reference), text(breach.summary), text(ReportFormat.severity(breach.severity)),
                "\(ReportFormat.duration(minutes: breach.targetMinutes)) \(countingNote(breach.counting))",
                text(ReportFormat.instant(breach.dueAt, in: zone)), answered,
                text(ReportFormat.duration(minutes: breach.missedByMinutes)),
            ]
        }
        return table(
            caption: ReportFormat.count(breaches.count, "breach", "breaches"), columns: columns, rows: rows,
            whenEmpty: "No first-response target was missed.")
    }

    /// Private patches and antivirus database releases delivered.
    static func deliveryTable(_ deliveries: [Delivery], zone: TimeZone) -> HTML {
        let columns = [
            Column("Reference"), Column("Type"), Column("What", .prose), Column("Requested", .instant), Column("Delivered", .instant),
            Column("Lead time", .numeric),
        ]
        let rows = deliveries.map { delivery -> [HTML] in
            [
                text(delivery.reference), text(ReportFormat.label(delivery.type)), text(delivery.what),
                text(ReportFormat.instant(delivery.receivedAt, in: zone)),
                text(ReportFormat.instant(delivery.deliveredAt, in: zone)),
                text(ReportFormat.duration(minutes: delivery.leadTimeMinutes)),
            ]
        }
        return table(caption: nil, columns: columns, rows: rows, whenEmpty: "Nothing was delivered.")
            + (deliveries.isEmpty ? "" : paragraph("Lead time is wall-clock time from the request to the delivery.", class: "note"))
    }

    /// Whether the contract year's health check is used, when, and what it found.
    static func healthCheck(_ use: HealthCheckUse) -> HTML {
        var items: [(term: String, value: HTML)] = []
        if let start = use.contractYearStart, let end = use.contractYearEnd {
            items.append(("Contract year", "\(start.description) to \(end.description)"))
        }
        items.append(("Used", use.used ? "yes" : "not yet"))
        if let reference = use.reference { items.append(("Request", text(reference))) }
        if let date = use.date { items.append(("Date", text(date.description))) }
        if let state = use.state { items.append(("State", text(ReportFormat.label(state)))) }
        if use.used || use.reference != nil {
            items.append(("Findings", use.findings.map { "\($0)" } ?? "checklist not delivered yet"))
        }
        return definitions(items)
    }

    /// Requests open at the report's instant.
    static func openRequestsTable(_ requests: [OpenRequest], zone: TimeZone) -> HTML {
        let columns = [
            Column("Reference"), Column("Type"), Column("Summary", .prose), Column("State"), Column("Received", .instant),
            Column("Severity"), Column("First response due", .instant), Column("Standing"),
        ]
        let rows = requests.map { request -> [HTML] in
            [
                text(request.reference), text(ReportFormat.label(request.type)), text(request.summary),
                text(ReportFormat.label(request.state)), text(ReportFormat.instant(request.receivedAt, in: zone)),
                text(request.severity.map(ReportFormat.severity) ?? ReportFormat.none),
                text(request.dueAt.map { ReportFormat.instant($0, in: zone) } ?? ReportFormat.none),
                standing(request.standing),
            ]
        }
        return table(caption: nil, columns: columns, rows: rows, whenEmpty: "No request is open.")
    }

    private static func standing(_ standing: String?) -> HTML {
        guard let standing else { return text(ReportFormat.none) }
        return standing == "breached" ? "<span class=\"unanswered\">breached</span>" : text(standing)
    }

    private static func countingNote(_ counting: String) -> HTML {
        "<span class=\"note\">(\(ReportFormat.counting(counting)))</span>"
    }
}
