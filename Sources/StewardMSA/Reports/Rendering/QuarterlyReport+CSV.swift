import Foundation

extension QuarterlyReport {
    /// The report's tables as CSV files (RFC 4180), named `summary.csv`, `first-response.csv`,
    /// `breaches.csv`, `resolution.csv`, `deliveries.csv`, `health-check.csv`, `weeks.csv` and
    /// `response-times.csv`; the per-quarter ones list this quarter's rows, then the previous one's.
    public func csvTables() -> [CSVTable] {
        [
            .summary(summaryFigures),
            .firstResponse([(current.quarter, current.firstResponse), (previous.quarter, previous.firstResponse)]),
            .breaches(breaches),
            .resolution([(current.quarter, current.resolution), (previous.quarter, previous.resolution)]),
            .deliveries(deliveries),
            .healthCheck(healthCheck),
            .weeks(weeks),
            .responseTimes(responseTimes),
        ]
    }
}
