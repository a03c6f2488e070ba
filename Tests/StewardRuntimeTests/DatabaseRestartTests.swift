import Foundation
import PostgresNIO
import StewardCore
import StewardLocalPostgres
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Ends the workers' backends, then crashes PostgreSQL under them: on a private cluster, so no
/// other test notices, and with the shipped worker configuration.
@Suite struct DatabaseRestartTests {
    @Test func workersReconnectAfterARestartAndFinishEverythingOnce() async throws {
        // Durable commits: a crash must not lose what the server acknowledged.
        let cluster = try LocalPostgres(
            .init(directory: "/tmp/steward-test-\(getpid())-restart", settings: ["max_connections": "100"])
        )
        ThrowawayClusters.register(cluster)
        try cluster.initialiseIfNeeded()
        try cluster.start()
        defer { cluster.destroy() }

        let admin = PostgresClient(configuration: cluster.url().clientConfiguration(), backgroundLogger: TestPostgres.logger)
        try await admin.whileRunning { try await admin.query("CREATE DATABASE steward", logger: TestPostgres.logger) }
        let url = cluster.url(database: "steward")
        try await TestDatabase.connect(to: url) { database in
            try await Migrator(client: database.client, migrations: Migration.bundled(), logger: TestPostgres.logger).migrate()
            try await database.seed()
            // The real clock: leases and backoffs must expire by themselves after the crash.
            let engine = WorkflowEngine(
                client: database.client,
                registry: WorkflowRegistry([AnyWorkflow(TimerChainWorkflow())]),
                logger: TestPostgres.logger
            )
            let queue = JobQueue(
                client: database.client, retryPolicy: RetryPolicy(initialDelay: .milliseconds(100)), logger: TestPostgres.logger)
            let workflows = 1_000
            for _ in 0..<workflows {
                _ = try await engine.start(TimerChainWorkflow.self, customerID: "acme", input: .init(steps: 3), actor: .system)
            }
            // The shipped lease, lease check and database-call deadline, so what is tested is what runs.
            var configuration = WorkerPool.Configuration()
            configuration.concurrency = 1
            configuration.pollInterval = .milliseconds(50)
            try await withWorkers(engine: engine, queue: queue, count: 2, configuration: configuration) { _ in
                try await EngineFixture.eventually("some steps to run before the backends are ended") {
                    try await database.count("SELECT count(*)::int8 FROM workflow_events WHERE event = 'stepDue'") >= 300
                }
                // Every backend of the workers is ended under them, then the server itself crashes.
                let killer = PostgresClient(configuration: cluster.url().clientConfiguration(), backgroundLogger: TestPostgres.logger)
                try await killer.whileRunning {
                    try await killer.query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'steward' AND pid <> pg_backend_pid()",
                        logger: TestPostgres.logger)
                }
                try await EngineFixture.eventually(timeout: .seconds(120), "steps to run again after the backends ended") {
                    (try? await database.count("SELECT count(*)::int8 FROM workflow_events WHERE event = 'stepDue'")) ?? 0 >= 1_500
                }
                try cluster.stop(immediate: true)
                try cluster.start()
                try await EngineFixture.eventually(timeout: .seconds(180), "every workflow to finish after the restart") {
                    (try? await database.count("SELECT count(*)::int8 FROM workflows WHERE state_name = 'finished'")) == workflows
                }
            }
            #expect(try await database.count("SELECT count(*)::int8 FROM workflow_events WHERE event = 'stepDue'") == 3 * workflows)
            #expect(try await database.count("SELECT max(seq) FROM workflow_events") == 4)
            #expect(try await database.count("SELECT count(*)::int8 FROM jobs") == 0)
        }
    }
}
