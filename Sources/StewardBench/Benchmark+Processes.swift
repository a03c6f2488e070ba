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
        while try await count("SELECT count(*)::int8 FROM (SELECT 1 FROM jobs LIMIT 1) t", client) > 0 {
            try await Task.sleep(for: .milliseconds(5))
        }
        return Double(jobs) / (ContinuousClock.now - started).timeInterval
    }
}
