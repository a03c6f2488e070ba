import Foundation

extension QuarterlyReport {
    /// A short summary for an e-mail body, as an HTML fragment of plain tables (no `<style>`, no
    /// SVG, which e-mail clients drop): first-response compliance per severity against the
    /// previous quarter, requests received, breaches, the health check.
    public func summaryHTML() -> String {
        digest.html
    }

    /// The summary of ``summaryHTML()`` as plain text in aligned columns.
    public func summaryText() -> String {
        digest.text
    }

    private var digest: ReportDigest {
        ReportDigest(
            title: pageTitle,
            lines: ["Period: \(periodText) (\(reportZone.identifier))"],
            blocks: [
                ReportDigest.compliance(
                    current.firstResponse, label: current.quarter, previous: (previous.quarter, previous.firstResponse)),
                .figures([
                    ("Received", "\(current.received) (\(previous.quarter): \(previous.received))"),
                    ("Still open", String(current.stillOpen)),
                    ("Breaches", String(breaches.count)),
                    ("Health check", ReportDigest.healthCheck(healthCheck)),
                ]),
            ]
        )
    }
}
