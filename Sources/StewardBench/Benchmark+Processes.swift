import Foundation
import PostgresNIO
import StewardLocalPostgres
import StewardPostgres

/// Several `steward worker` processes on one server, as a deployment scales out before it needs a
/// second database: their total rate must not fall as processes are added (no lock convoy on the
/// claim, no herd woken by one NOTIFY).
extension Benchmark {
    /// No-op timers drained per second by `processes` `steward worker` processes of `loops` loops
    /// each: from the statement that writes them (one, so every run pays the same) until none is left.
    func processDrain(
        processes: Int, loops: Int, jobs: Int, cluster: LocalPostgres, database: String, client: PostgresClient
    ) async throws -> Double {
        guard let executable = Bundle.main.executableURL else { throw BenchmarkFailure("cannot find the steward executable") }
        var workers: [Process] = []
        defer {
            for worker in workers where worker.isRunning { worker.terminate() }
            for worker in workers { worker.waitUntilExit() }
        }
        for index in 1...processes {
            let worker = Process()
            worker.executableURL = executable
            worker.arguments = [
                "worker", "--database-url", cluster.url(database: database).connectionString, "--concurrency", String(loops),
                "--policy-directory", options.policyDirectory, "--log-level", "warning",
            ]
            let log = "\(cluster.configuration.directory)/worker-\(processes)-\(index).log"
            guard FileManager.default.createFile(atPath: log, contents: nil) else { throw BenchmarkFailure("cannot write \(log)") }
            worker.standardOutput = FileHandle(forWritingAtPath: log)
            worker.standardError = FileHandle(forWritingAtPath: log)
            try worker.run()
            workers.append(worker)
        }
        // Each worker names its sessions after itself: all have connected when every name is there.
        let connected: PostgresQuery = """
            SELECT count(DISTINCT application_name)::int8 FROM pg_stat_activity WHERE application_name LIKE 'steward worker %'
            """
        let deadline = ContinuousClock.now + .seconds(60)
        while try await count(connected, client) < processes {
            if let exited = workers.first(where: { !$0.isRunning }) {
                throw BenchmarkFailure(
                    "a steward worker exited at start (status \(exited.terminationStatus)); see \(cluster.configuration.directory)")
            }
            guard ContinuousClock.now < deadline else { throw BenchmarkFailure("\(processes) steward workers did not connect within 60 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
        let started = ContinuousClock.now
        try await insertNoopJobs(jobs, kind: .timer, client)
        try await client.query("SELECT pg_notify(\(WorkflowEngine.wakeChannel), '')", logger: logger)
        var progress = DrainProgress(started: started)
        while true {
            // The oldest timer left, through the primary key: cheap, and it moves whenever a batch commits.
            let oldest = try await count("SELECT coalesce(min(job_id), 0)::int8 FROM jobs", client)
            guard oldest > 0 else { break }
            progress.record(oldest: oldest, sessions: try await workerSessions(client))
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = ContinuousClock.now - started
        print(
            String(
                format: "  drain of %d processes of %d loops: longest pause without a timer fired %.0f ms of %.0f ms; "
                    + "workers' sessions sampled: %@", processes, loops, progress.longestPause.timeInterval * 1_000,
                elapsed.timeInterval * 1_000, progress.sessionSummary))
        return Double(jobs) / elapsed.timeInterval
    }

    /// What the workers' sessions are doing: their state, and what an active one waits for.
    private func workerSessions(_ client: PostgresClient) async throws -> [String] {
        let rows = try await client.query(
            """
            SELECT CASE WHEN state = 'active' THEN 'active ' || coalesce(wait_event_type || '/' || wait_event, 'on a core')
                        ELSE coalesce(state, 'unknown') END
            FROM pg_stat_activity WHERE application_name LIKE 'steward worker %'
            """,
            logger: logger)
        var sessions: [String] = []
        for try await session in rows.decode(String.self) { sessions.append(session) }
        return sessions
    }
}

/// How a drain went: the longest stretch in which no timer was fired, and what the workers'
/// sessions were seen doing, so a slow run says where it waited.
struct DrainProgress {
    private var lastOldest = 0
    private var lastProgress: ContinuousClock.Instant
    private(set) var longestPause: Duration = .zero
    private var sessions: [String: Int] = [:]

    init(started: ContinuousClock.Instant) {
        lastProgress = started
    }

    mutating func record(oldest: Int, sessions sampled: [String]) {
        let now = ContinuousClock.now
        if oldest != lastOldest {
            lastOldest = oldest
            lastProgress = now
        }
        longestPause = max(longestPause, now - lastProgress)
        for session in sampled { sessions[session, default: 0] += 1 }
    }

    /// Each state's share of the samples, the commonest first.
    var sessionSummary: String {
        let total = max(1, sessions.values.reduce(0, +))
        return sessions.sorted { $0.value > $1.value }
            .map { String(format: "%@ %.0f %%", $0.key, 100 * Double($0.value) / Double(total)) }
            .joined(separator: ", ")
    }
}
