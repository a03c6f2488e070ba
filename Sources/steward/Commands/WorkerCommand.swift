import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import StewardCore
import StewardHTTP
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardRuntime

struct WorkerOptions: ParsableArguments {
    @Option(help: "Claim loops in this process; each holds one batch at a time.")
    var concurrency = 4

    @Option(help: "Deliveries and report runs claimed under one lease.")
    var batchSize = 20

    @Option(help: "Due timers fired in one transaction (their workflows stay locked until it commits).")
    var timerBatchSize = 100

    @Option(help: "Seconds a claim holds a job before another worker may take it over.")
    var lease = 30

    @Option(
        help: ArgumentHelp(
            "Seconds one database call may take before the worker gives it up and puts its jobs back (default: a third of --lease).",
            discussion: "A call lost with its connection (a restarted or failed-over server) otherwise holds its jobs until it ends."
        ))
    var databaseTimeout: Double?

    @Option(help: "Seconds an idle worker waits without a NOTIFY before looking for work anyway.")
    var pollInterval = 1.0

    @Option(help: "Seconds a SIGTERM leaves in-flight work to finish before it is cancelled.")
    var gracePeriod = 30

    @Option(help: "Port on which the worker serves /metrics, /healthz and /readyz on every interface (off when not given).")
    var metricsPort: Int?

    @OptionGroup var delivery: DeliveryOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard (1...1_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 1000") }
        guard (1...1_000).contains(timerBatchSize) else { throw ValidationError("--timer-batch-size must be between 1 and 1000") }
        guard lease >= 2 else { throw ValidationError("--lease must be at least 2 seconds") }
        if let databaseTimeout, !(databaseTimeout > 0 && databaseTimeout < Double(lease)) {
            throw ValidationError("--database-timeout must be more than 0 and less than --lease (\(lease) s)")
        }
        guard pollInterval > 0 else { throw ValidationError("--poll-interval must be more than 0 seconds") }
        if let metricsPort, !(1...65_535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be between 1 and 65535")
        }
    }

    var configuration: WorkerPool.Configuration {
        var configuration = WorkerPool.Configuration()
        configuration.concurrency = concurrency
        configuration.batchSize = batchSize
        configuration.timerBatchSize = timerBatchSize
        configuration.lease = .seconds(lease)
        configuration.databaseTimeout = databaseTimeout.map { .milliseconds(Int64($0 * 1_000)) }
        configuration.pollInterval = .milliseconds(Int64(pollInterval * 1_000))
        configuration.deliverySchedule = delivery.schedule
        return configuration
    }

    /// The engine's client, the webhooks' HTTP client, then the workers: they stop in reverse order.
    func services(
        engine: WorkflowEngine, policy: MSAPolicy, policyDirectory: String, allowsPrivateWebhooks: Bool, logger: Logger
    ) throws
        -> [any Service]
    {
        let queue = JobQueue(client: engine.client, logger: logger)
        let (sender, http) = try delivery.sender(
            engine: engine, policy: policy,
            templatesFolder: URL(fileURLWithPath: policyDirectory).appendingPathComponent("templates"),
            allowsPrivateWebhooks: allowsPrivateWebhooks, callDeadline: configuration.callDeadline, logger: logger)
        let reports = ReportRuns(client: engine.client, policy: policy, clock: engine.clock, logger: logger)
        let workers = WorkerPool(
            engine: engine, queue: queue, sender: sender, reports: reports, configuration: configuration, logger: logger)
        return [engine.client, http, workers]
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Fires due timers, delivers notifications and runs report schedules until stopped.",
        discussion: """
            Run as many as needed, on as many hosts: workers claim jobs with SKIP LOCKED under leases, so \
            they never run one job twice at once, and a dead worker's jobs are taken over when its lease \
            expires. SIGTERM or Ctrl-C stops claiming, lets the batch in hand finish within --grace-period, \
            hands back the rest and exits 0.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(help: "Let webhooks reach loopback or private addresses (tests, a receiver on this host).")
    var allowPrivateWebhooks = false

    func run() async throws {
        let logger = logging.makeLogger("steward.worker")
        let policy = try policy.load()
        let url = try await database.requireMigrated(logger: logger)
        // PostgresClient.run() runs once: the service group gets a client of its own.
        var configuration = url.clientConfiguration()
        // A worker frozen inside a transaction (SIGSTOP, a stalled VM) holds row locks that no lease
        // check can take back; the server ends such a session once it has idled for a lease.
        configuration.options.additionalStartupParameters.append(
            ("idle_in_transaction_session_timeout", "\(workers.lease * 1_000)"))
        // pg_stat_activity then names the worker each session belongs to, as `locked_by` does for its leases.
        configuration.options.additionalStartupParameters.append(("application_name", "steward worker \(workers.configuration.workerID)"))
        let runningClient = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let engine = WorkflowEngine.msa(client: runningClient, policy: policy, logger: logger)
        var services = try workers.services(
            engine: engine, policy: policy, policyDirectory: self.policy.policyDirectory, allowsPrivateWebhooks: allowPrivateWebhooks,
            logger: logger)
        if let port = workers.metricsPort {
            let server = APIServer(engine: engine, policy: policy, metrics: APIServer.bootstrapMetrics(), logger: logger)
            services.append(server.probesApplication(host: "0.0.0.0", port: port))
        }
        try await runUntilSignalled(services, gracePeriod: .seconds(workers.gracePeriod), logger: logger)
    }
}
