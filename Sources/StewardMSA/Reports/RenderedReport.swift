/// A report as every shell hands it out: JSON (its `Encodable` form), a self-contained HTML page,
/// one CSV file per table, and a summary for an e-mail's body (mail clients draw no SVG).
public protocol RenderedReport: Encodable, Sendable {
    func html() -> String
    func csvTables() -> [CSVTable]
    func summaryHTML() -> String
    func summaryText() -> String
    /// The period in the report's zone, as a person reads it: `2026-10-01 to 2026-12-31`.
    var periodText: String { get }
}

/// A report's page or one of its tables as a file, named the one way the CLI, the API and the
/// e-mails name them: `<base>.html`, `<base>-<table>.csv`.
public struct ReportFile: Sendable, Hashable {
    public var name: String
    public var contentType: String
    public var text: String
}

extension RenderedReport {
    public func pageFile(named base: String) -> ReportFile {
        ReportFile(name: "\(base).html", contentType: "text/html", text: html())
    }

    public func tableFiles(named base: String) -> [ReportFile] {
        csvTables().map { ReportFile(name: "\(base)-\($0.name)", contentType: "text/csv", text: $0.text) }
    }
}

extension QuarterlyReport: RenderedReport {}
extension PeriodicReport: RenderedReport {}
