import Foundation

extension PeriodicReport {
    /// The chosen sections' tables as CSV files (RFC 4180), in the schedule's order:
    /// `open-requests.csv`, `first-response.csv`, `breaches.csv`, `deliveries.csv`, `health-check.csv`.
    /// A section whose figures are missing has no file.
    public func csvTables() -> [CSVTable] {
        chosenSections.compactMap { section in
            switch section {
            case .openRequests: openRequests.map(CSVTable.openRequests)
            case .slaCompliance: slaCompliance.map { CSVTable.firstResponse([(nil, $0)]) }
            case .breaches: breaches.map(CSVTable.breaches)
            case .patchesAndReleases: deliveries.map(CSVTable.deliveries)
            case .healthCheck: healthCheck.map(CSVTable.healthCheck)
            }
        }
    }
}
