import Foundation
import PostgresNIO
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport
import Testing

private func at(_ iso8601: String) -> Date {
    try! Date(iso8601, strategy: .iso8601)
}

/// Report schedules: every customer's quarterly report at its quarter's end, TAMs' periodic
/// reports at their local time, each run a durable timer that plans the next.
@Suite struct ReportScheduleTests {
    static let weekly = #"""
        {"name": "Weekly status", "frequency": "weekly", "weekday": "monday", "time": "09:00",
         "sections": ["open-requests", "sla-compliance", "breaches"], "period": "week", "recipients": ["bob"], "format": "both"}
        """#

    @Test func everyCustomerHasItsQuarterlyReportAtTheQuartersEndInItsOwnZone() async throws {
        try await DeskFixture.with { fixture throws in
            let acme = try await fixture.desk.reportSchedules(of: "acme", for: .tom)
            #expect(acme.count == 1 && acme[0].isQuarterly)
            // 1 January 00:00 in Berlin and in Tokyo.
            #expect(acme[0].nextRunAt == at("2026-12-31T23:00:00Z"))
            #expect(try await fixture.desk.reportSchedules(of: "globex", for: .tara).first?.nextRunAt == at("2026-12-31T15:00:00Z"))
            await expectRefusal(.conflict) {
                try await fixture.desk.deleteReportSchedule(acme[0].id, of: "acme", reason: "", by: .tom)
            }
        }
    }

    @Test func aScheduleThatCannotRunOrIsNotTheCallersIsRefusedAndNothingWritten() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let before = try await fixture.count("report_schedules")
            func refused(_ json: String, by principal: Principal = .tom, for customer: String = "acme") async -> ServiceDeskError? {
                do {
                    _ = try await desk.scheduleReport(Data(json.utf8), for: customer, by: principal)
                    return nil
                } catch {
                    return error as? ServiceDeskError
                }
            }
            let base = #""name": "S", "period": "week", "format": "html", "sections": ["breaches"]"#
            let section = await refused(#"{"name": "S", "frequency": "daily", "time": "09:00", "sections": ["gossip"], "period": "day"}"#)
            #expect(section?.code == .invalid && section?.detail.contains("open-requests") == true, "\(String(describing: section))")
            let thirtyFirst = await refused(#"{\#(base), "frequency": "monthly", "dayOfMonth": "31", "time": "09:00"}"#)
            #expect(thirtyFirst?.field == "dayOfMonth" && thirtyFirst?.detail.contains("last") == true)
            let gap = await refused(#"{\#(base), "frequency": "daily", "time": "02:30"}"#)
            #expect(gap?.field == "time" && gap?.detail.contains("2027-03-28") == true, "\(String(describing: gap))")
            let stranger = await refused(#"{\#(base), "frequency": "daily", "time": "09:00", "recipients": ["hiro"]}"#)
            #expect(stranger?.field == "recipients")
            #expect(await refused(Self.weekly, by: .tara)?.code == .notFound)
            #expect(await refused(Self.weekly, by: .alice)?.code == .forbidden)
            #expect(await refused(Self.weekly, by: .acmeContact)?.code == .forbidden)
            #expect(try await fixture.count("report_schedules") == before)
            #expect(try await fixture.count("audit_log") == 0)
        }
    }

    /// Scheduled on Saturday 2027-03-20: Monday 09:00 is 08:00Z (CET); the run plans the next
    /// Monday's, 07:00Z (CEST), and mails Bob the summary with the page and the tables attached.
    @Test func aWeeklyRunMailsItsReportAndPlansTheNextAt0900LocalAcrossTheClockChange() async throws {
        try await DeskFixture.with { fixture throws in
            fixture.clock.set(at("2027-03-20T12:00:00Z"))
            _ = try await fixture.fileIncident(severity: 2)
            let added = try await fixture.desk.scheduleReport(Data(Self.weekly.utf8), for: "acme", by: .tom)
            #expect(added.nextRunAt == at("2027-03-22T08:00:00Z"))
            #expect(try await fixture.count("audit_log") == 1)

            fixture.clock.set(at("2027-03-22T08:00:00Z"))
            let claimed = try await fixture.claimReports(of: added.id)
            for job in claimed { try await fixture.reportRuns.run(job, queue: fixture.queue) }
            let rows = try await fixture.database.client.query(
                "SELECT recipient, fields->>'title', fields->>'summary', file_set FROM outbox WHERE template = 'periodic-report'"
            ).collect()
            #expect(rows.count == 1)
            let (recipient, title, summary, fileSet) = try rows[0].decode((String, String, String, Int64?).self)
            #expect(recipient == "contact:bob" && title == "Weekly status" && summary.contains("Open requests"), "\(summary)")
            let files = try await fixture.database.client.query(
                "SELECT file_name FROM outbox_files WHERE file_set = \(fileSet) ORDER BY file_name"
            ).collect().map { try $0.decode(String.self) }
            #expect(files.contains("acme-2027-03-22.html") && files.contains("acme-2027-03-22-breaches.csv"), "\(files)")
            let report = try await fixture.database.client.query("SELECT period_start, period_end FROM report_runs").collect()
            #expect(try report.map { try $0.decode((Date, Date).self) }.first! == (at("2027-03-15T08:00:00Z"), at("2027-03-22T08:00:00Z")))
            #expect(try await fixture.desk.reportSchedules(of: "acme", for: .tom).last?.nextRunAt == at("2027-03-29T07:00:00Z"))

            // The same run again (a worker that lost its lease) finds its job gone and writes nothing.
            for job in claimed { try await fixture.reportRuns.run(job, queue: fixture.queue) }
            #expect(try await fixture.count("report_runs") == 1)
        }
    }

    @Test func aDeletedScheduleSendsNothingMoreAndWhatItsLastRunHadNotDeliveredIsSkipped() async throws {
        try await DeskFixture.with { fixture throws in
            fixture.clock.set(at("2027-03-20T12:00:00Z"))
            let added = try await fixture.desk.scheduleReport(Data(Self.weekly.utf8), for: "acme", by: .tom)
            fixture.clock.set(at("2027-03-22T08:00:00Z"))
            // Claimed by a worker, then deleted before it runs: the run sends nothing.
            let claimed = try await fixture.claimReports(of: added.id)
            #expect(claimed.count == 1)
            try await fixture.desk.deleteReportSchedule(added.id, of: "acme", reason: "customer asked", by: .tom)
            for job in claimed { try await fixture.reportRuns.run(job, queue: fixture.queue) }
            #expect(try await fixture.count("report_runs") == 0)
            #expect(try await fixture.count("outbox") == 0)
            #expect(try await fixture.desk.reportSchedules(of: "acme", for: .tom).count == 1)
            await expectRefusal(.notFound) { try await fixture.desk.deleteReportSchedule(added.id, of: "acme", reason: "", by: .tom) }

            // Run, then deleted before its e-mails went: they are skipped.
            let again = try await fixture.desk.scheduleReport(Data(Self.weekly.utf8), for: "acme", by: .tom)
            fixture.clock.set(at("2027-03-29T07:00:00Z"))
            for job in try await fixture.claimReports(of: again.id) { try await fixture.reportRuns.run(job, queue: fixture.queue) }
            try await fixture.desk.deleteReportSchedule(again.id, of: "acme", reason: "", by: .tom)
            let statuses = try await fixture.database.client.query("SELECT status FROM outbox").collect().map { try $0.decode(String.self) }
            #expect(statuses == ["skipped"])
            #expect(try await fixture.count("jobs WHERE kind = 'notification'") == 0)
        }
    }

    /// A run that cannot be made is the worker's to retry; once dead it is stuck work.
    @Test func aRunThatFailsWritesNothingAndItsDeadJobIsStuckWork() async throws {
        try await DeskFixture.with { fixture throws in
            _ = try await fixture.fileIncident(severity: 3)
            var broken = DeskFixture.policy
            broken.calendars = [:]
            let runs = ReportRuns(client: fixture.database.client, policy: broken, clock: fixture.clock, logger: TestPostgres.logger)
            fixture.clock.set(at("2026-12-31T23:00:00Z"))
            let quarterly = try #require(try await fixture.desk.reportSchedules(of: "acme", for: .tom).first)
            let claimed = try await fixture.claimReports(of: quarterly.id)
            #expect(claimed.count == 1)
            await #expect(throws: ReportError.self) { try await runs.run(claimed[0], queue: fixture.queue) }
            #expect(try await fixture.count("report_runs") == 0)
            try await fixture.queue.fail(claimed[0], error: "cannot replay", permanent: true)
            let stuck = try await fixture.desk.stuck(kind: .deadJob, customer: "acme", shown: 0, limit: 10, for: .olga)
            #expect(stuck.items.map(\.jobID) == [claimed[0].id], "\(stuck.items)")
        }
    }
}

extension DeskFixture {
    var queue: JobQueue { JobQueue(client: database.client, clock: clock, logger: TestPostgres.logger) }

    var reportRuns: ReportRuns {
        ReportRuns(client: database.client, policy: Self.policy, clock: clock, logger: TestPostgres.logger)
    }

    /// Claims the schedule's report job if it is due at the clock's instant, as a worker would;
    /// other schedules' jobs stay as they are.
    func claimReports(of schedule: UUID) async throws -> [ClaimedJob] {
        try await database.client.query(
            "UPDATE jobs SET priority = 0 WHERE kind = 'report' AND name = \(schedule.uuidString.lowercased())")
        return try await queue.claim(worker: "test", limit: 1, lease: .seconds(60)).filter {
            $0.kind == .report && $0.name == schedule.uuidString.lowercased()
        }
    }
}

extension ReportScheduleTests {
    /// A deactivated customer gets no more reports; reactivated, the quarterly one is planned again.
    @Test func aDeactivatedCustomerGetsNoReportsUntilReactivated() async throws {
        try await DeskFixture.with { fixture throws in
            let quarterly = try #require(try await fixture.desk.reportSchedules(of: "acme", for: .tom).first)
            _ = try await fixture.desk.updateCustomer("acme", patch: .object(["active": .bool(false)]), by: .olga)
            fixture.clock.set(at("2026-12-31T23:00:00Z"))
            for job in try await fixture.claimReports(of: quarterly.id) { try await fixture.reportRuns.run(job, queue: fixture.queue) }
            #expect(try await fixture.count("report_runs") == 0)
            #expect(try await fixture.count("jobs WHERE kind = 'report' AND customer_id = 'acme'") == 0)
            _ = try await fixture.desk.updateCustomer("acme", patch: .object(["active": .bool(true)]), by: .olga)
            #expect(try await fixture.desk.reportSchedules(of: "acme", for: .tom).first?.nextRunAt == at("2027-03-31T22:00:00Z"))
        }
    }
}
