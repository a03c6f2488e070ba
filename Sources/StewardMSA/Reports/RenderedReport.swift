/// A report as every shell hands it out: JSON (its `Encodable` form), a self-contained HTML page,
/// one CSV file per table, and a summary for an e-mail's body (mail clients draw no SVG).
public protocol RenderedReport: Encodable, Sendable {
    func html() -> String
    func csvTables() -> [CSVTable]
    func summaryHTML() -> String
    func summaryText() -> String
}

extension QuarterlyReport: RenderedReport {}
extension PeriodicReport: RenderedReport {}
