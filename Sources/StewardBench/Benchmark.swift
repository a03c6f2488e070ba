import CoreMetrics
import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardLocalPostgres
import StewardPostgres
import StewardRuntime
import StewardServiceDesk
import StewardTestSupport

/// `steward bench`: Steward's engine against `pgbench -N` on the same private server, in one run.
public struct Benchmark: Sendable {
    public struct Options: Sendable {
        /// Timer-chain workflows per throughput run (each makes 3 transitions).
        public var workflows = 3_000
        /// Claim loops to measure throughput with.
        public var workerCounts = [1, 4, 16]
        /// `steward worker` processes the no-op drain is run with, one count after another.
        public var workerProcesses = [1, 2, 4]
        /// Jobs for the claim-throughput run.
        public var claimJobs = 20_000
        /// Wake-ups sampled for the due-to-start latency.
        public var latencySamples = 200
        /// Finished workflows loaded before the claim time is measured again.
        public var finishedWorkflows = 1_000_000
        /// Seconds each pgbench run lasts.
        public var pgbenchSeconds = 10
        /// Webhook deliveries written at once.
        public var deliveries = 2_000
        /// E-mails written at once (each is one SMTP connection, so fewer).
        public var mails = 500
        /// Seconds each API run lasts (filings, pages of requests).
        public var apiSeconds = 10
        /// Concurrent keep-alive connections of the API runs.
        public var apiClients = 8
        /// Where the templates the e-mails are rendered from live (`<folder>/templates`).
        public var policyDirectory = "workflows"

        public init() {}
    }

    let options: Options
    let logger: Logger
    let print: @Sendable (String) -> Void

    public init(options: Options, logger: Logger, print: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.logger = logger
        self.print = print
    }

    /// Runs everything on a fresh private cluster, which is removed afterwards.
    public func run() async throws {
        let recorder = LatencyRecorder(label: "steward_job_latency_seconds")
        MetricsSystem.bootstrap(recorder)
        let cluster = try startCluster()
        defer { cluster.destroy() }

        let pgbench = try PgbenchBaseline(cluster: cluster, seconds: options.pgbenchSeconds)
        var baseline: [Int: Double] = [:]
        for clients in Set(options.workerCounts + [1, options.apiClients]).sorted() {
            baseline[clients] = try pgbench.tps(clients: clients)
            print(String(format: "pgbench -N, %2d clients: %8.0f tps", clients, baseline[clients]!))
        }

        try await withDatabase(on: cluster, name: "steward_bench") { client in
            let engine = WorkflowEngine(client: client, registry: WorkflowRegistry([AnyWorkflow(TimerChainWorkflow())]), logger: logger)
            let queue = JobQueue(client: client, logger: logger)
            try await seedCustomer(client)
            try await client.query("CREATE EXTENSION pg_stat_statements", logger: logger)
            for workers in options.workerCounts {
                let rate = try await transitionsPerSecond(engine: engine, queue: queue, loops: workers)
                let reference = baseline[workers] ?? baseline[1]!
                print(String(format: "timer transitions, %2d worker loops: %8.0f /s", workers, rate))
                print(String(format: "ratio transitions/pgbench -N (%d): %.2f (floor 0.5, goal 2)", workers, rate / reference))
            }
            try await printStatementTimes(client)
            let claims = try await claimsPerSecond(engine: engine, queue: queue, client: client)
            print(
                String(
                    format: "claims (claim+complete of timers without a workflow, 4 loops, batches of %d): %8.0f /s",
                    WorkerPool.Configuration().timerBatchSize, claims))
            print(String(format: "ratio claims/pgbench -N (4): %.2f", claims / (baseline[4] ?? baseline[1]!)))
            var oneProcess: Double?
            for processes in options.workerProcesses {
                let rate = try await processDrain(
                    processes: processes, loops: 4, jobs: options.claimJobs * 3, cluster: cluster, database: "steward_bench",
                    client: client)
                oneProcess = oneProcess ?? rate
                print(String(format: "no-op drain, %d steward worker processes of 4 loops each: %8.0f /s", processes, rate))
                print(
                    String(
                        format: "ratio drain with %d processes/with %d: %.2f (more must not lower it)", processes,
                        options.workerProcesses[0], rate / oneProcess!))
            }
            // As many loops as the most processes ran, in one process: whether a fall comes from the
            // processes or from the loops.
            let loops = 4 * (options.workerProcesses.last ?? 1)
            let oneProcessAllLoops = try await processDrain(
                processes: 1, loops: loops, jobs: options.claimJobs * 3, cluster: cluster, database: "steward_bench", client: client)
            print(String(format: "no-op drain, 1 steward worker process of %d loops: %8.0f /s", loops, oneProcessAllLoops))
            let latencies = try await wakeLatencies(engine: engine, queue: queue, recorder: recorder)
            print(
                String(
                    format: "wake-up of an idle worker, NOTIFY (the filing's commit) to timer start: p50 %.2f ms, p99 %.2f ms "
                        + "(target p50 < 2 ms, p99 < 5 ms)", latencies.wakeUp.p50, latencies.wakeUp.p99))
            print(
                String(
                    format: "due-to-start latency, idle worker (the filing's own transaction included): p50 %.2f ms, p99 %.2f ms",
                    latencies.dueToStart.p50, latencies.dueToStart.p99))

            let webhooks = try await webhookDeliveries(client: client, count: options.deliveries, loops: 4)
            print(String(format: "webhook deliveries to a local receiver, 4 loops: %8.0f /s", webhooks.perSecond))
            print(String(format: "ratio webhook deliveries/pgbench -N (4): %.2f", webhooks.perSecond / (baseline[4] ?? baseline[1]!)))
            print(
                String(
                    format: "webhook delivery latency, written to accepted (a burst of %d): p50 %.1f ms, p99 %.1f ms", options.deliveries,
                    webhooks.p50, webhooks.p99))

            let mails = try await emailDeliveries(
                client: client, count: options.mails, loops: 4,
                templates: URL(fileURLWithPath: options.policyDirectory).appendingPathComponent("templates"))
            print(String(format: "e-mails to a local SMTP server (aiosmtpd), 4 loops: %8.0f /s", mails.perSecond))
            print(String(format: "ratio e-mails/pgbench -N (4): %.2f", mails.perSecond / (baseline[4] ?? baseline[1]!)))
            print(
                String(
                    format: "e-mail delivery latency, written to accepted (a burst of %d): p50 %.1f ms, p99 %.1f ms", options.mails,
                    mails.p50,
                    mails.p99))

            let empty = try await claimTime(queue: queue, client: client)
            print(String(format: "claim time (median), no finished workflows: %.3f ms", empty))
            // Two full pages of one customer's requests either way, so both runs read the same rows.
            try await insertFinishedWorkflows(200, client)
            let apiClients = options.apiClients
            let (filings, pagesEmpty, apiPagesEmpty) = try await withServer(client) { server in
                let filings = try await apiFilings(server, seconds: options.apiSeconds, clients: apiClients)
                // The incidents' timers and deliveries would otherwise join the queue the claim time is measured on.
                try await client.query("DELETE FROM jobs", logger: logger)
                try await client.query("VACUUM ANALYZE", logger: logger)
                return (filings, try await pageTimes(server), try await apiPages(server, seconds: options.apiSeconds, clients: apiClients))
            }
            print(
                String(
                    format: "API filings (POST /v1/requests, incidents, as a contact, %d keep-alive connections): %.0f /s, "
                        + "p50 %.1f ms, p99 %.1f ms", apiClients, filings.perSecond, filings.latency.p50, filings.latency.p99))
            print(
                String(
                    format: "ratio API filings/pgbench -N (%d): %.2f (target >= 0.5)", apiClients,
                    filings.perSecond / (baseline[apiClients] ?? baseline[1]!)))
            printAPIPages(apiPagesEmpty, finished: 200)
            let listsEmpty = try await listTime(client)
            print(String(format: "request lists (median of 4 pages of 50), 200 finished workflows: %.3f ms", listsEmpty))
            for page in pagesEmpty { print(String(format: "%@, 200 finished workflows: %.1f ms", page.page, page.milliseconds)) }
            try await loadFinishedWorkflows(client)
            let loaded = try await claimTime(queue: queue, client: client)
            print(String(format: "claim time (median), %d finished workflows: %.3f ms", options.finishedWorkflows, loaded))
            print(String(format: "ratio claim time loaded/empty: %.2f (target <= 1.1)", loaded / empty))
            let listsLoaded = try await listTime(client)
            print(
                String(
                    format: "request lists (median of 4 pages of 50), %d finished workflows: %.3f ms", options.finishedWorkflows,
                    listsLoaded))
            print(String(format: "ratio request lists loaded/empty: %.2f", listsLoaded / listsEmpty))
            let (pagesLoaded, apiPagesLoaded) = try await withServer(client) { server in
                (try await pageTimes(server), try await apiPages(server, seconds: options.apiSeconds, clients: apiClients))
            }
            printAPIPages(apiPagesLoaded, finished: options.finishedWorkflows)
            print(String(format: "ratio API pages loaded/empty: %.2f", apiPagesLoaded.perSecond / apiPagesEmpty.perSecond))
            for (empty, loaded) in zip(pagesEmpty, pagesLoaded) {
                print(
                    String(
                        format: "%@, %d finished workflows: %.1f ms (ratio loaded/empty %.2f)", loaded.page, options.finishedWorkflows,
                        loaded.milliseconds, loaded.milliseconds / empty.milliseconds))
            }
        }
    }

    private func printAPIPages(_ pages: APIRate, finished: Int) {
        print(
            String(
                format: "API pages (GET /v1/requests?limit=50, a contact's newest, %d keep-alive connections), %d finished workflows: "
                    + "%.0f /s, p50 %.1f ms, p99 %.1f ms, %d bytes a page (target >= 1,000/s)", options.apiClients, finished,
                pages.perSecond, pages.latency.p50, pages.latency.p99, pages.bytes))
    }

    /// A fresh private cluster with durable defaults, started; the caller destroys it.
    func startCluster() throws -> LocalPostgres {
        let cluster = try LocalPostgres(
            .init(
                directory: "/tmp/steward-bench-\(ProcessInfo.processInfo.processIdentifier)",
                port: 5432,
                settings: LocalPostgres.Configuration.stewardSettings.merging([
                    "max_connections": "200", "shared_buffers": "256MB",
                    // Where the transitions' time goes in the server, printed after their runs.
                    "shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.track": "all",
                    "pg_stat_statements.track_planning": "on",
                ]) { $1 }
            )
        )
        try cluster.initialiseIfNeeded()
        try cluster.start()
        print("server: private PostgreSQL cluster (durable defaults) in \(cluster.configuration.directory)")
        return cluster
    }

    /// The statements of the last transition run by server time, with their share: where a
    /// transition's cost lies, from `pg_stat_statements`.
    private func printStatementTimes(_ client: PostgresClient) async throws {
        let rows = try await client.query(
            """
            SELECT calls, total_exec_time, total_plan_time,
                   100 * (total_exec_time + total_plan_time) / sum(total_exec_time + total_plan_time) OVER (), rows,
                   left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time + total_plan_time DESC LIMIT 12
            """,
            logger: logger)
        let hot = try await client.query(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'workflows'", logger: logger
        ).all()
        if let (updates, inPlace) = try hot.first?.decode((Int, Int).self, context: .default) {
            print("workflow rows updated in the transition runs: \(updates), in place (HOT, no index entry added): \(inPlace)")
        }
        print(
            "server time of the last transition run by statement (pg_stat_statements): calls, ms executing, ms planning, share, rows, "
                + "statement")
        for try await (calls, executing, planning, share, count, query) in rows.decode((Int, Double, Double, Double, Int, String).self) {
            print(String(format: "  %8d %9.0f ms %8.0f ms %5.1f %% %8d  %@", calls, executing, planning, share, count, query))
        }
    }

    func withDatabase(on cluster: LocalPostgres, name: String, _ body: (PostgresClient) async throws -> Void) async throws {
        let admin = PostgresClient(configuration: cluster.url().clientConfiguration(), backgroundLogger: logger)
        try await admin.whileRunning { try await admin.query("CREATE DATABASE \(unescaped: name)", logger: logger) }
        var configuration = cluster.url(database: name).clientConfiguration()
        configuration.options.maximumConnections = 40
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await client.whileRunning {
            try await Migrator(client: client, migrations: Migration.bundled(), logger: logger).migrate()
            try await body(client)
        }
    }

    func seedCustomer(_ client: PostgresClient) async throws {
        try await client.query(
            "INSERT INTO customers (customer_id, name) VALUES ('bench', 'Bench Ltd'), ('bench-history', 'Bench History Ltd')",
            logger: logger
        )
    }

    /// Starts the workflows (untimed), then times workers draining their 3 steps each.
    private func transitionsPerSecond(engine: WorkflowEngine, queue: JobQueue, loops: Int) async throws -> Double {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for slice in 0..<8 {
                group.addTask {
                    for _ in stride(from: slice, to: options.workflows, by: 8) {
                        _ = try await engine.start(TimerChainWorkflow.self, customerID: "bench", input: .init(steps: 3), actor: .system)
                    }
                }
            }
            try await group.waitForAll()
        }
        let transitions = 3 * options.workflows
        // The runs' statements only, without the starts; printed after the last run.
        try await engine.client.query("SELECT pg_stat_statements_reset()", logger: logger)
        let started = ContinuousClock.now
        // Every step but the last schedules the next, so the chains are done when no timer is left:
        // a probe of the small jobs table, where counting history rows would cost the server as much
        // as the work measured.
        try await runWorkers(engine: engine, queue: queue, loops: loops) {
            try await count("SELECT count(*)::int8 FROM (SELECT 1 FROM jobs WHERE kind = 'timer' LIMIT 1) t", engine.client) == 0
        }
        return Double(transitions) / (ContinuousClock.now - started).timeInterval
    }

    /// Timers with no workflow: claimed and deleted in one transaction per batch, nothing else.
    private func claimsPerSecond(engine: WorkflowEngine, queue: JobQueue, client: PostgresClient) async throws -> Double {
        try await insertNoopJobs(options.claimJobs, kind: .timer, client)
        let started = ContinuousClock.now
        try await runWorkers(engine: engine, queue: queue, loops: 4) {
            try await count("SELECT count(*)::int8 FROM jobs", client) == 0
        }
        return Double(options.claimJobs) / (ContinuousClock.now - started).timeInterval
    }

    /// Percentiles in milliseconds of nanosecond samples.
    struct Percentiles {
        var p50: Double
        var p99: Double

        init(nanoseconds samples: [Int64]) {
            let sorted = samples.sorted()
            func percentile(_ p: Double) -> Double {
                Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1_000_000
            }
            (p50, p99) = (percentile(0.5), percentile(0.99))
        }
    }

    /// An idle worker, woken by NOTIFY, one due timer at a time. Due-to-start counts from the
    /// instant the timer was written for (before the filing's transaction began); the wake-up counts
    /// from the filing's answer, when its commit (and with it the NOTIFY) is done.
    private func wakeLatencies(
        engine: WorkflowEngine, queue: JobQueue, recorder: LatencyRecorder
    ) async throws -> (dueToStart: Percentiles, wakeUp: Percentiles) {
        recorder.reset()
        var configuration = WorkerPool.Configuration(concurrency: 1, pollInterval: .seconds(5))
        configuration.workerID = "bench-latency"
        let pool = WorkerPool(
            engine: engine, queue: queue, sender: LoggingNotificationSender(logger: logger), configuration: configuration, logger: logger)
        var filings: [Int64] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            defer { group.cancelAll() }
            try await Task.sleep(for: .milliseconds(300))
            for sample in 1...options.latencySamples {
                let before = ContinuousClock.now
                _ = try await engine.start(TimerChainWorkflow.self, customerID: "bench", input: .init(steps: 1), actor: .system)
                let filing = ContinuousClock.now - before
                filings.append(filing.wholeNanoseconds)
                while recorder.recorded.count < sample { try await Task.sleep(for: .microseconds(200)) }
                // Let the worker go idle again, so each sample is a wake-up.
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let dueToStart = recorder.recorded
        let wakeUp = zip(dueToStart, filings).map { max(0, $0 - $1) }
        return (Percentiles(nanoseconds: dueToStart), Percentiles(nanoseconds: wakeUp))
    }

    /// Median milliseconds of claiming a batch of 20 deliveries under a lease from a queue of 2,000
    /// ready ones: the median, because other work on a small machine lands on some claims and not others.
    /// Without `vacuumFirst` the table is measured as autovacuum and the checkpoints left it, dead rows
    /// and all (the soak).
    func claimTime(queue: JobQueue, client: PostgresClient, vacuumFirst: Bool = true) async throws -> Double {
        try await insertNoopJobs(2_000, kind: .notification, client)
        if vacuumFirst {
            try await client.query("VACUUM ANALYZE jobs", logger: logger)
            // Loading a million workflows sets off a checkpoint that writes for minutes; the samples
            // would land in it (and in the full-page images it makes every first write take), so both
            // measurements start from a finished one.
            try await client.query("CHECKPOINT", logger: logger)
            try await waitForAutovacuum(client)
        }
        var samples: [Duration] = []
        for _ in 0..<90 {
            let started = ContinuousClock.now
            let jobs = try await queue.claim(worker: "bench-claim", limit: 20, lease: .seconds(30))
            samples.append(ContinuousClock.now - started)
            try await client.query("DELETE FROM jobs WHERE job_id = ANY(\(jobs.map(\.id)))", logger: logger)
        }
        try await client.query("DELETE FROM jobs", logger: logger)
        return medianMilliseconds(samples)
    }

    /// Median milliseconds of the API's request lists together: an operator's newest page, a
    /// customer's second page (through its cursor), and the open requests.
    private func listTime(_ client: PostgresClient) async throws -> Double {
        let queries = RequestQueries(client: client, logger: logger)
        let operatorOlga = Principal(tokenID: UUID(), role: .operator, staffID: "olga")
        let customer = Principal(tokenID: UUID(), role: .customer, customerID: "bench-history", contact: "bench")
        var samples: [Duration] = []
        for _ in 0..<60 {
            let started = ContinuousClock.now
            _ = try await queries.requests(visibleTo: operatorOlga, limit: 50)
            let first = try await queries.requests(visibleTo: customer, limit: 50)
            if let next = first.nextCursor {
                _ = try await queries.requests(visibleTo: customer, after: Cursor(encoded: next, count: 2), limit: 50)
            }
            _ = try await queries.requests(visibleTo: operatorOlga, filter: .init(open: true), limit: 50)
            samples.append(ContinuousClock.now - started)
        }
        return medianMilliseconds(samples)
    }

    /// Waits (up to 60 s) until no autovacuum worker runs: the deliveries and the load just before
    /// leave tables for it to visit, and a visit that overlaps some claims and not others on two
    /// cores is noise, not the claim's cost.
    private func waitForAutovacuum(_ client: PostgresClient) async throws {
        let running: PostgresQuery = "SELECT count(*)::int8 FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
        let deadline = ContinuousClock.now + .seconds(60)
        while try await count(running, client) > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func medianMilliseconds(_ samples: [Duration]) -> Double {
        samples.sorted()[samples.count / 2].timeInterval * 1_000
    }

    /// Finished workflows with their histories, as a year of traffic leaves them (one filed every 31 s).
    private func loadFinishedWorkflows(_ client: PostgresClient) async throws {
        print("loading \(options.finishedWorkflows) finished workflows…")
        try await insertFinishedWorkflows(options.finishedWorkflows, client)
        try await client.query(
            """
            INSERT INTO workflow_events (workflow_id, customer_id, seq, actor, event, from_state, to_state, payload, created_at)
            SELECT w.workflow_id, 'bench-history', s, 'system', CASE WHEN s = 1 THEN 'start' ELSE 'stepDue' END, NULL, 'waiting', '{}',
                   now()
            FROM workflows w CROSS JOIN generate_series(1, 4) s WHERE w.customer_id = 'bench-history' AND w.type = 'timer-chain'
            """,
            logger: logger
        )
        try await client.query("VACUUM ANALYZE", logger: logger)
    }

    private func insertFinishedWorkflows(_ count: Int, _ client: PostgresClient) async throws {
        try await client.query(
            """
            INSERT INTO workflows (workflow_id, customer_id, type, definition_version, state_name, state, mover, is_terminal,
                                   version, created_at, updated_at, state_entered_at)
            SELECT gen_random_uuid(), 'bench-history', 'timer-chain', 1, 'finished', '"finished"', 'nobody', true, 4,
                   now() - interval '1 day' - g * interval '31 seconds', now(), now()
            FROM generate_series(1, \(count)) AS g
            """,
            logger: logger
        )
    }

    func insertNoopJobs(_ count: Int, kind: JobKind, _ client: PostgresClient) async throws {
        try await client.query(
            """
            INSERT INTO jobs (customer_id, kind, name, payload, run_at, created_at)
            SELECT 'bench', \(kind.rawValue), 'noop-' || g, '{}', now() - interval '1 second', now() FROM generate_series(1, \(count)) g
            """,
            logger: logger
        )
    }

    private func runWorkers(
        engine: WorkflowEngine,
        queue: JobQueue,
        loops: Int,
        until done: @escaping @Sendable () async throws -> Bool
    ) async throws {
        var configuration = WorkerPool.Configuration(concurrency: loops, pollInterval: .milliseconds(100))
        configuration.workerID = "bench"
        let pool = WorkerPool(
            engine: engine, queue: queue, sender: LoggingNotificationSender(logger: logger), configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            defer { group.cancelAll() }
            while try await !done() { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    func count(_ query: PostgresQuery, _ client: PostgresClient) async throws -> Int {
        for try await value in try await client.query(query, logger: logger).decode(Int.self) { return value }
        return 0
    }
}
