import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Synchronization
import Testing

/// Report jobs in the worker pool: handed to the runner, retried when a run fails, never lost.
@Suite struct ReportJobTests {
    /// Fails its first run, then completes the job as a real run does: fenced, in a transaction.
    final class FlakyRunner: JobRunner {
        let runs = Mutex(0)

        func run(_ job: ClaimedJob, queue: JobQueue) async throws {
            let attempt = runs.withLock { count -> Int in
                count += 1
                return count
            }
            guard attempt > 1 else { throw HarnessError("the report's history cannot be read") }
            _ = try await queue.client.withConnection { try await queue.complete(job, on: $0) }
        }
    }

    static func addReportJob(_ fixture: EngineFixture) async throws {
        try await fixture.database.client.query(
            """
            INSERT INTO jobs (customer_id, kind, name, payload, priority, run_at, created_at)
            VALUES ('acme', 'report', '00000000-0000-0000-0000-00000000cafe', '{}', 80, \(fixture.clock.now), \(fixture.clock.now))
            """)
    }

    static func job(_ fixture: EngineFixture) async throws -> (attempts: Int, error: String?)? {
        try await fixture.database.client.query("SELECT attempts, last_error FROM jobs WHERE kind = 'report'").collect().first?
            .decode((Int, String?).self)
    }

    @Test func aRunThatFailsIsRetriedAndTheSecondRunCompletesIt() async throws {
        try await EngineFixture.with { fixture in
            try await Self.addReportJob(fixture)
            let runner = FlakyRunner()
            try await withWorkers(fixture, reports: runner) { pools in
                try await EngineFixture.eventually("the first run failed") { try await Self.job(fixture)?.error != nil }
                #expect(try await Self.job(fixture)?.error?.contains("cannot be read") == true)
                #expect(try await fixture.advanceToNextDueJob())
                pools[0].wake()
                try await EngineFixture.eventually("the job completed") { try await Self.job(fixture) == nil }
            }
            #expect(runner.runs.withLock { $0 } == 2)
        }
    }

    @Test func aWorkerWithoutReportRunsFailsTheJobSayingSoAndKeepsIt() async throws {
        try await EngineFixture.with { fixture in
            try await Self.addReportJob(fixture)
            try await withWorkers(fixture) { _ in
                try await EngineFixture.eventually("the job failed") { try await Self.job(fixture)?.error != nil }
            }
            #expect(try await Self.job(fixture)?.error == "this worker was started without report runs")
        }
    }
}
