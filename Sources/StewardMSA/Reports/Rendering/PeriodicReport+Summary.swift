import Foundation

extension PeriodicReport {
    /// A short summary of the chosen sections for an e-mail body, as an HTML fragment of plain
    /// tables (no `<style>`, no SVG, which e-mail clients drop).
    public func summaryHTML() -> String {
        digest.html
    }

    /// The summary of ``summaryHTML()`` as plain text in aligned columns.
    public func summaryText() -> String {
        digest.text
    }

    private var digest: ReportDigest {
        var blocks: [ReportDigest.Block] = []
        var figures: [(name: String, value: String)] = []
        func flush() {
            if !figures.isEmpty { blocks.append(.figures(figures)) }
            figures = []
        }
        for section in chosenSections {
            switch section {
            case .openRequests:
                guard let openRequests else { continue }
                let breached = openRequests.filter { $0.standing == "breached" }.count
                figures.append(
                    ("Open requests", String(openRequests.count) + (breached > 0 ? ", \(breached) past first-response due" : "")))
            case .slaCompliance:
                guard let slaCompliance else { continue }
                flush()
                blocks.append(ReportDigest.compliance(slaCompliance, label: "this period", previous: nil))
            case .breaches:
                guard let breaches else { continue }
                figures.append(("Breaches", String(breaches.count)))
            case .patchesAndReleases:
                guard let deliveries else { continue }
                let patches = deliveries.filter { $0.type == "private-patch" }.count
                let releases = deliveries.count - patches
                figures.append(
                    (
                        "Delivered",
                        ReportFormat.count(patches, "private patch", "private patches") + ", "
                            + ReportFormat.count(releases, "antivirus database release", "antivirus database releases").lowercased()
                    ))
            case .healthCheck:
                guard let healthCheck else { continue }
                figures.append(("Health check", ReportDigest.healthCheck(healthCheck)))
            }
        }
        flush()
        return ReportDigest(title: pageTitle, lines: ["Period: \(periodText)"], blocks: blocks)
    }
}
