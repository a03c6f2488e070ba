import ArgumentParser
import Foundation
import StewardCore
import StewardMSA
import StewardServiceDesk

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Makes a customer's reports on demand, figures replayed from the requests' histories.",
        subcommands: [Quarterly.self]
    )

    struct Quarterly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The quarterly report of a customer, cut in the customer's own time zone.",
            discussion: """
                Without --output the report goes to standard output (CSV: the summary table only). \
                With --output DIR it is written as files: <customer>-<quarter>.html, \
                <customer>-<quarter>.json, or one <customer>-<quarter>-<table>.csv per table \
                (summary, first-response, breaches, resolution, deliveries, health-check, weeks).
                Example: steward report quarterly --customer acme --quarter 2026-Q4 --format csv --output reports/
                """
        )
        @Option(help: "The customer's id.") var customer: String
        @Option(help: "The quarter, e.g. 2026-Q4 (default: the current one so far).") var quarter: String?
        @Option(help: "html, csv or json.") var format = "html"
        @Option(help: "A directory to write the report's files into (created if missing).") var output: String?
        @OptionGroup var desk: DeskOptions

        func validate() throws {
            if let quarter, Quarter(quarter) == nil {
                throw ValidationError("--quarter must look like 2026-Q4, not '\(quarter)'")
            }
            guard ["html", "csv", "json"].contains(format) else {
                throw ValidationError("--format must be html, csv or json, not '\(format)'")
            }
        }

        func run() async throws {
            let report = try await desk.run("steward.report") { [customer, quarter] desk, principal in
                try await desk.quarterlyReport(of: customer, quarter: quarter.flatMap(Quarter.init), for: principal)
            }
            try ReportFiles(report: report, baseName: "\(report.customer.id)-\(report.quarter)", format: format).write(to: output)
        }
    }
}

/// A report's files in one format, written to a directory or printed.
struct ReportFiles {
    let files: [(name: String, text: String)]

    init(report: some RenderedReport, baseName: String, format: String) throws {
        switch format {
        case "csv": files = report.csvTables().map { ("\(baseName)-\($0.name)", $0.text) }
        case "json":
            let json = try JSONCoding.makeEncoder(prettyPrinted: true).encode(report)
            files = [("\(baseName).json", String(decoding: json, as: UTF8.self) + "\n")]
        default: files = [("\(baseName).html", report.html())]
        }
    }

    /// Writes every file into `directory`, naming each on standard error; without a directory
    /// prints the first file.
    func write(to directory: String?) throws {
        guard let directory else {
            print(files.first?.text ?? "", terminator: "")
            return
        }
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            let url = folder.appendingPathComponent(file.name)
            try Data(file.text.utf8).write(to: url, options: .atomic)
            FileHandle.standardError.write(Data("wrote \(url.path)\n".utf8))
        }
    }
}
