import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Runs a customer's report schedule when its job is due: computes the report from the history
/// (read outside any transaction), then in one transaction, only while the schedule still stands
/// and this worker still holds the job, keeps the report, stores its files, writes one e-mail per
/// recipient and plans the next run. A run that throws is retried by the worker; a schedule
/// deleted meanwhile sends nothing.
public struct ReportRuns: JobRunner {
    let policy: MSAPolicy
    let schedules: ReportSchedules
    let histories: ReportHistories
    let contracts: ContractStore
    let routing: NotificationRouter
    let clock: any WallClock
    let logger: Logger

    public init(client: PostgresClient, policy: MSAPolicy, clock: any WallClock = SystemClock(), logger: Logger) {
        self.policy = policy
        schedules = ReportSchedules(client: client, logger: logger)
        histories = ReportHistories(client: client, logger: logger)
        contracts = ContractStore(client: client, logger: logger)
        routing = NotificationRouter(calendars: policy.calendars, logger: logger)
        self.clock = clock
        self.logger = logger
    }

    var client: PostgresClient { schedules.client }

    public func run(_ job: ClaimedJob, queue: JobQueue) async throws {
        guard let id = UUID(uuidString: job.name),
            let scheduled = try await client.withConnection({ try await schedules.find(id, on: $0) }), scheduled.deletedAt == nil,
            let terms = try await contracts.terms(of: scheduled.customerID),
            let customer = try await histories.customer(scheduled.customerID), try await isActive(scheduled.customerID)
        else {
            // Nothing left to report on (the schedule deleted, the customer gone or deactivated): the job goes;
            // reactivating the customer plans it again.
            _ = try await client.withConnection { try await queue.complete(job, on: $0) }
            return
        }
        let run = try await make(scheduled, customer: customer, terms: terms, at: job.runAt)
        try await client.transaction(logger: logger) { connection in
            guard let standing = try await schedules.find(id, on: connection, locking: true), standing.deletedAt == nil else {
                _ = try await queue.complete(job, on: connection)
                return
            }
            guard try await queue.complete(job, on: connection) else { return }
            let report = String(decoding: try JSONCoding.encoder.encode(run.report), as: UTF8.self)
            let kept = try await connection.query(
                """
                INSERT INTO report_runs (schedule_id, customer_id, period_start, period_end, report, created_at)
                VALUES (\(id), \(scheduled.customerID), \(run.period.start), \(run.period.end), \(report)::jsonb, \(clock.now))
                RETURNING run_id
                """,
                logger: logger
            ).collect()
            let runID = try kept[0].decode(Int64.self, context: .default)
            try await Outbox.store(run.files, as: runID, customerID: scheduled.customerID, on: connection, logger: logger)
            for notification in run.notifications {
                _ = try await Outbox.write(
                    notification, customerID: scheduled.customerID, workflowID: nil, files: runID, routing: routing, now: clock.now,
                    on: connection, logger: logger)
            }
            try await ReportSchedules.plan(
                id, customerID: scheduled.customerID, at: scheduled.schedule.nextRun(after: job.runAt, in: terms.timeZone), now: clock.now,
                on: connection, logger: logger)
            try await connection.query("SELECT pg_notify(\(WorkflowEngine.wakeChannel), '')", logger: logger)
        }
    }

    private func isActive(_ customerID: String) async throws -> Bool {
        try await client.query("SELECT active FROM customers WHERE customer_id = \(customerID)", logger: logger).collect().first?
            .decode(Bool.self) ?? false
    }

    /// What one run sends: the report, the period it covers, its files and its e-mails.
    struct Run {
        var report: any RenderedReport
        var period: DateInterval
        var files: [OutboxFile]
        var notifications: [StewardCore.Notification]
    }

    /// The report of the run due at `runAt`: the quarter that just ended, or the schedule's period
    /// before the run; open requests judged as they stand now.
    func make(_ scheduled: ScheduledReport, customer: ReportCustomer, terms: ContractTerms, at runAt: Date) async throws -> Run {
        let schedule = scheduled.schedule
        let zone = terms.timeZone
        let now = clock.now
        let key = "report-\(scheduled.id.uuidString.lowercased())-\(Int(runAt.timeIntervalSince1970))"
        if scheduled.isQuarterly {
            let quarter = Quarter.containing(runAt.addingTimeInterval(-1), in: zone)
            let covering = DateInterval(start: quarter.previous.interval(in: zone).start, end: quarter.interval(in: zone).end)
            let history = try await histories.history(of: terms, covering: covering, now: now, incidents: policy.incidentWorkflow)
            let report = try QuarterlyReport(customer: customer, quarter: quarter, history: history, contractStart: terms.contractStart)
            let fields = [
                "quarter": report.quarter, "periodStart": report.from.formatted(.iso8601), "periodEnd": report.to.formatted(.iso8601),
                "period": report.periodText, "summary": report.summaryText(), "summaryHTML": report.summaryHTML(),
            ]
            let notifications = [Recipient.customerContacts, .tamOrDutyManager].map {
                StewardCore.Notification(to: $0, template: "quarterly-report", fields: fields, dedupKey: key)
            }
            return Run(
                report: report, period: quarter.interval(in: zone),
                files: Self.files(of: report, named: "\(customer.id)-\(report.quarter)", schedule.format),
                notifications: notifications)
        }
        let period = schedule.period(endingAt: runAt, in: zone)
        let history = try await histories.history(of: terms, covering: period, now: now, incidents: policy.incidentWorkflow)
        let report = PeriodicReport(
            title: schedule.name, customer: customer, sections: schedule.sections, period: period, history: history,
            contractStart: terms.contractStart)
        let fields = [
            "title": schedule.name, "periodStart": period.start.formatted(.iso8601), "periodEnd": period.end.formatted(.iso8601),
            "period": report.periodText, "summary": report.summaryText(), "summaryHTML": report.summaryHTML(),
        ]
        let recipients = schedule.recipients.isEmpty ? [Recipient.customerContacts] : schedule.recipients.map(Recipient.contact)
        let day = LocalDate(of: runAt, in: zone)
        return Run(
            report: report, period: period, files: Self.files(of: report, named: "\(customer.id)-\(day)", schedule.format),
            notifications: recipients.map { StewardCore.Notification(to: $0, template: "periodic-report", fields: fields, dedupKey: key) })
    }

    /// The files an e-mail of `report` carries: the page, the CSV tables, or both.
    static func files(of report: some RenderedReport, named base: String, _ format: ReportSchedule.Format) -> [OutboxFile] {
        let files = (format == .csv ? [] : [report.pageFile(named: base)]) + (format == .html ? [] : report.tableFiles(named: base))
        return files.map { OutboxFile(name: $0.name, contentType: $0.contentType, body: Data($0.text.utf8)) }
    }
}
