import Foundation

extension QuarterlyReport {
    /// The report as one self-contained HTML5 page: no script, no external resource, charts as
    /// inline SVG, instants in the customer's zone. Readable on a phone, a desktop and paper.
    public func html() -> String {
        let previousFigures = (label: previous.quarter, figures: previous.firstResponse)
        return ReportHTML.page(
            title: pageTitle,
            facts: [
                ("Customer", "\(customer.name) (\(customer.id))"), ("Period", periodText), ("Times in", reportZone.identifier),
                ("Compared with", previous.quarter), ("Generated", ReportFormat.instant(generatedAt, in: reportZone)),
            ],
            sections: [
                ReportHTML.section(
                    id: "summary", title: "Summary",
                    [
                        "<div class=\"summary-grid\">\(summaryTables)</div>",
                        ReportHTML.chart(.weeks(weeks)),
                    ]),
                ReportHTML.section(
                    id: "first-response", title: "First-response compliance",
                    [
                        ReportHTML.complianceTable(current.firstResponse, label: current.quarter, previous: previousFigures),
                        ReportHTML.chart(.compliance(current.firstResponse, label: current.quarter, previous: previousFigures)),
                        ReportHTML.chart(.responseTimes(responseTimes)),
                    ]),
                ReportHTML.section(
                    id: "breaches", title: "First-response breaches",
                    [ReportHTML.breachTable(breaches, zone: reportZone)]),
                ReportHTML.section(id: "resolution", title: "Time to resolution", [ReportHTML.resolutionTable(current.resolution)]),
                ReportHTML.section(
                    id: "deliveries", title: "Patches and releases delivered",
                    [ReportHTML.deliveryTable(deliveries, zone: reportZone)]),
                ReportHTML.section(id: "health-check", title: "Health check", [ReportHTML.healthCheck(healthCheck)]),
            ]
        )
    }

    /// `Quarterly report 2026-Q4 — Acme`.
    var pageTitle: String {
        "Quarterly report \(quarter) — \(customer.name)"
    }

    /// One small table per group of the summary's figures, this quarter beside the previous.
    private var summaryTables: HTML {
        let figures = summaryFigures
        var groups: [String] = []
        for figure in figures where !groups.contains(figure.group) { groups.append(figure.group) }
        let columns = [
            ReportHTML.Column("Figure"), ReportHTML.Column(current.quarter, .numeric), ReportHTML.Column(previous.quarter, .numeric),
        ]
        return HTML(
            joining: groups.map { group in
                ReportHTML.table(
                    caption: group, columns: columns,
                    rows: figures.filter { $0.group == group }.map { figure in
                        [
                            ReportHTML.text(figure.label), ReportHTML.text(figure.current.map(String.init) ?? ReportFormat.none),
                            ReportHTML.text(figure.previous.map(String.init) ?? ReportFormat.none),
                        ]
                    },
                    whenEmpty: "None.")
            },
            separator: "\n"
        )
    }
}
