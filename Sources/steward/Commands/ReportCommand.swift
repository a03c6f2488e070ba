import ArgumentParser
import Foundation
import StewardCore
import StewardMSA
import StewardServiceDesk

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Makes a customer's reports on demand, figures replayed from the requests' histories.",
        subcommands: [Quarterly.self, Schedules.self, Schedule.self, Unschedule.self]
    )

    struct Schedules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists a customer's report schedules: the quarterly one, then the periodic ones, with their next runs.")
        @Option(help: "The customer's id.") var customer: String
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let schedules = try await desk.run("steward.report") { [customer] desk, principal in
                try await desk.reportSchedules(of: customer, for: principal)
            }
            for scheduled in schedules {
                let schedule = scheduled.schedule
                let when =
                    switch schedule.frequency {
                    case .quarterly: "at each quarter's end"
                    case .daily: "daily at \(schedule.time)"
                    case .weekly: "\(schedule.weekday ?? "") at \(schedule.time)"
                    case .monthly: "monthly on day \(schedule.dayOfMonth ?? "") at \(schedule.time)"
                    }
                let next = scheduled.nextRunAt.map { "next \($0.formatted(.iso8601))" } ?? "no run planned"
                let to = schedule.recipients.isEmpty ? "contacts who take it" : schedule.recipients.joined(separator: ",")
                print(
                    "\(scheduled.id.uuidString.lowercased())  \(schedule.name)  \(when)  \(schedule.period.rawValue)  "
                        + "\(schedule.sections.map(\.rawValue).joined(separator: ","))  to \(to)  \(schedule.format.rawValue)  \(next)")
            }
        }
    }

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedules a customer's periodic report, run at a local time in the customer's zone.",
            discussion: """
                Each run reports on the --period before it and is e-mailed to --recipients (contact ids; none: the \
                contacts who take periodic-report). A weekly 09:00 report stays at 09:00 local time across clock \
                changes; a time the clocks skip on a day the schedule runs is refused.
                Sections: \(ReportSection.allCases.map(\.rawValue).joined(separator: ", ")).
                Example: steward report schedule --customer acme --name 'Weekly status' --frequency weekly --weekday monday \
                --at 09:00 --sections open-requests,breaches --period week --recipients bob
                """
        )
        @Option(help: "The customer's id.") var customer: String
        @Option(help: "What the report is called, e.g. 'Weekly status'.") var name: String
        @Option(help: "daily, weekly or monthly.") var frequency: String
        @Option(help: "The weekday of a weekly report: monday to sunday.") var weekday: String?
        @Option(help: "The day of a monthly report: 1 to 28, or last.") var dayOfMonth: String?
        @Option(help: "The local time of each run, HH:MM.") var at: String
        @Option(help: "Comma-separated sections.") var sections: String
        @Option(help: "What a run covers: day, week, month or quarter.") var period: String
        @Option(help: "Comma-separated contact ids (default: contacts who take periodic-report).") var recipients = ""
        @Option(help: "What the e-mail carries: html, csv or both.") var format = "html"
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let fields: [String: JSONValue] = [
                "name": .string(name), "frequency": .string(frequency), "weekday": weekday.map(JSONValue.string) ?? .null,
                "dayOfMonth": dayOfMonth.map(JSONValue.string) ?? .null, "time": .string(at),
                "sections": .array(Self.list(sections).map(JSONValue.string)), "period": .string(period),
                "recipients": .array(Self.list(recipients).map(JSONValue.string)), "format": .string(format),
            ]
            let body = try JSONCoding.encoder.encode(JSONValue.object(fields.filter { $0.value != .null }))
            let added = try await desk.run("steward.report") { [customer] desk, principal in
                try await desk.scheduleReport(body, for: customer, by: principal)
            }
            print("scheduled \(added.id.uuidString.lowercased()); first run \(added.nextRunAt.map { $0.formatted(.iso8601) } ?? "-")")
        }

        static func list(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    struct Unschedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deletes a periodic report's schedule (audited); a run under way sends nothing.")
        @Argument(help: "The schedule's id, from `steward report schedules`.") var id: String
        @Option(help: "The customer's id.") var customer: String
        @Option(help: "Why, for the audit log.") var reason = ""
        @OptionGroup var desk: DeskOptions

        func validate() throws {
            guard UUID(uuidString: id) != nil else {
                throw ValidationError("'\(id)' is not a schedule id; list them with steward report schedules")
            }
        }

        func run() async throws {
            try await desk.run("steward.report") { [id, customer, reason] desk, principal in
                try await desk.deleteReportSchedule(UUID(uuidString: id)!, of: customer, reason: reason, by: principal)
            }
            print("deleted \(id)")
        }
    }

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
        case "csv": files = report.tableFiles(named: baseName).map { ($0.name, $0.text) }
        case "json":
            let json = try JSONCoding.makeEncoder(prettyPrinted: true).encode(report)
            files = [("\(baseName).json", String(decoding: json, as: UTF8.self) + "\n")]
        default: files = [report.pageFile(named: baseName)].map { ($0.name, $0.text) }
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
