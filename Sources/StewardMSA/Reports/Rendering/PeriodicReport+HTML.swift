import Foundation

extension PeriodicReport {
    /// The report as one self-contained HTML5 page in the quarterly report's look: the schedule's
    /// sections in its order, instants in the customer's zone.
    public func html() -> String {
        ReportHTML.page(
            title: pageTitle,
            facts: [
                ("Customer", "\(customer.name) (\(customer.id))"), ("Period", periodText), ("Times in", reportZone.identifier),
                ("Generated", ReportFormat.instant(generatedAt, in: reportZone)),
            ],
            sections: chosenSections.map(section)
        )
    }

    /// The chosen sections in order, each once.
    var chosenSections: [ReportSection] {
        var chosen: [ReportSection] = []
        for section in sections where !chosen.contains(section) { chosen.append(section) }
        return chosen
    }

    /// `Weekly status — Acme`.
    var pageTitle: String {
        "\(title) — \(customer.name)"
    }

    /// The report's zone (UTC when the name is unknown).
    var reportZone: TimeZone { ReportFormat.zone(timeZone) }

    /// `2026-10-05 00:00 Europe/Berlin to 2026-10-12 00:00 Europe/Berlin`.
    public var periodText: String {
        ReportFormat.instant(from, in: reportZone) + " to " + ReportFormat.instant(to, in: reportZone)
    }

    /// A section's heading as the page and the e-mail summary write it.
    static func heading(_ section: ReportSection) -> String {
        switch section {
        case .openRequests: "Open requests"
        case .slaCompliance: "First-response compliance"
        case .breaches: "First-response breaches"
        case .patchesAndReleases: "Patches and releases delivered"
        case .healthCheck: "Health check"
        }
    }

    private func section(_ section: ReportSection) -> HTML {
        let content: HTML
        switch section {
        case .openRequests:
            content = openRequests.map { ReportHTML.openRequestsTable($0, zone: reportZone) } ?? Self.missing
        case .slaCompliance:
            content =
                slaCompliance.map { ReportHTML.complianceTable($0) + ReportHTML.chart(.compliance($0, label: "This period")) }
                ?? Self.missing
        case .breaches:
            content = breaches.map { ReportHTML.breachTable($0, zone: reportZone) } ?? Self.missing
        case .patchesAndReleases:
            content = deliveries.map { ReportHTML.deliveryTable($0, zone: reportZone) } ?? Self.missing
        case .healthCheck:
            content = healthCheck.map(ReportHTML.healthCheck) ?? Self.missing
        }
        return ReportHTML.section(id: section.rawValue, title: Self.heading(section), [content])
    }

    /// What a chosen section whose figures are missing shows.
    static var missing: HTML {
        ReportHTML.paragraph("This section's figures were not computed.", class: "empty")
    }
}
