import ArgumentParser
import Foundation
import StewardBench

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measures the engine against pgbench on a private PostgreSQL started for the run.",
        discussion: """
            Run it from a release build: `swift run -c release steward bench`. It prints timer-driven \
            transitions per second with 1, 4 and 16 worker loops and where the server's time went in the \
            last of those runs (pg_stat_statements), the no-op drain (in process, then by 1, 2 and 4 \
            `steward worker` processes, and by one process of 16 loops), an idle worker's wake-up (from the \
            NOTIFY) and due-to-start latency, deliveries, the API through HTTP from 8 keep-alive \
            connections (a contact filing incidents, and reading pages of 50 of their requests), and the \
            claim time, request lists, API pages and console pages before and after loading 1 M finished \
            workflows, each next to `pgbench -N` measured on the same server in the same run. Lines with a ratio contain the word "ratio". Timings here \
            are noisy: compare ratios.

            With `--soak SECONDS` it runs the soak alone: for that long it files tickets at a steady rate \
            (`--soak-rate` per second) and drives each to done (a task, a timer and two notifications each) \
            with 4 worker loops running. It prints the heap and index sizes, live and dead rows and \
            autovacuum count of jobs, tasks, outbox and workflows at the start, every minute and at the end, \
            with the tickets finished and the ready jobs; each table's growth from minute 1 to the end; and \
            the claim time at the start and at the end, with no manual VACUUM in between, and their ratio \
            (target <= 1.2). `steward bench --soak 600` is the 10-minute soak.
            """
    )

    @Option(help: "Timer-chain workflows per throughput run (3 transitions each).")
    var workflows = 3_000

    @Option(help: "Finished workflows loaded before the claim time is measured again.")
    var finished = 1_000_000

    @Option(help: "Seconds each pgbench run lasts.")
    var pgbenchSeconds = 10

    @Flag(help: "Small sizes, for trying the command out (figures mean little).")
    var quick = false

    @Option(
        help: ArgumentHelp(
            "Runs only the soak, for this many seconds: table sizes every minute, the claim time at the end against the start.",
            valueName: "seconds"))
    var soak: Int?

    @Option(help: "Tickets filed per second during the soak.")
    var soakRate = 20

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let soak, soak < 1 { throw ValidationError("--soak takes the seconds to run, at least 1") }
        if soakRate < 1 { throw ValidationError("--soak-rate takes the tickets to file per second, at least 1") }
    }

    func run() async throws {
        #if DEBUG
        print("warning: this is a debug build; figures are only meaningful from `swift run -c release steward bench`")
        #endif
        var options = Benchmark.Options()
        options.workflows = quick ? 300 : workflows
        options.finishedWorkflows = quick ? 10_000 : finished
        options.claimJobs = quick ? 2_000 : options.claimJobs
        options.latencySamples = quick ? 50 : options.latencySamples
        options.pgbenchSeconds = quick ? 2 : pgbenchSeconds
        options.deliveries = quick ? 200 : options.deliveries
        options.mails = quick ? 50 : options.mails
        options.apiSeconds = quick ? 2 : options.apiSeconds
        var logging = logging
        if logging.logLevel == .info { logging.logLevel = .warning }
        let logger = logging.makeLogger("steward.bench")
        // Each figure as soon as it is measured (unbuffered), also when the output goes to a file.
        let benchmark = Benchmark(options: options, logger: logger) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        if let soak {
            try await benchmark.runSoak(seconds: soak, ticketsPerSecond: soakRate)
        } else {
            try await benchmark.run()
        }
    }
}
