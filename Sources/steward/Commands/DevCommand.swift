import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import StewardLocalPostgres
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardServiceDesk

struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Runs Steward on this machine with a private PostgreSQL, demo data and workers.",
        discussion: """
            With no DATABASE_URL it creates (once) a PostgreSQL cluster in .steward/postgres from the \
            machine's PostgreSQL binaries, starts it on 127.0.0.1, migrates it, imports the demo \
            directory of workflows/directory.yaml (staff, groups, duty rota, customers and contacts), and runs the API (on --port) and the workers \
            until Ctrl-C, which also stops the cluster. Other \
            commands run in this directory (`steward stuck`, `steward history …`) use the same cluster. \
            With DATABASE_URL set it uses that server instead and leaves it running.
            """
    )

    @Option(help: "Port of the private cluster on 127.0.0.1.")
    var postgresPort = 54329

    @OptionGroup var api: APIOptions
    @OptionGroup var workers: WorkerOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger("steward.dev")
        let policy = try policy.load()
        var cluster: LocalPostgres?
        let url: DatabaseURL
        if let configured = ProcessInfo.processInfo.environment["DATABASE_URL"], !configured.isEmpty {
            url = try DatabaseURL(configured)
        } else {
            let local = try startPrivateCluster(logger: logger)
            cluster = local
            url = local.loopbackURL(database: "steward")
        }
        defer {
            if let cluster {
                logger.info("stopping the private PostgreSQL cluster")
                try? cluster.stop()
                try? FileManager.default.removeItem(atPath: DatabaseOptions.devURLFile)
            }
        }
        try await prepare(url, cluster: cluster, policy: policy, logger: logger)
        print(
            """

            Steward is running.
              API        http://\(api.host):\(api.port)   (GET /openapi.yaml describes it)
              token      swift run steward token create --role operator --staff olga
              database   \(url.connectionString)
              psql       psql '\(url.connectionString)'
              mail       swift run steward mail list    (e-mail stays on this machine; --smtp-url sends it)
              try        swift run steward stuck    (other terminals in this directory use the same database)
              stop       Ctrl-C

            """
        )
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
        // One engine for the workers and the API.
        let engine = WorkflowEngine.msa(client: client, policy: policy, logger: logger)
        let services =
            try workers.services(
                engine: engine, policy: policy, policyDirectory: self.policy.policyDirectory,
                allowsPrivateWebhooks: api.allowPrivateWebhooks, logger: logger)
            + [api.service(engine: engine, policy: policy, logger: logger)]
        try await runUntilSignalled(services, gracePeriod: .seconds(workers.gracePeriod), logger: logger)
    }

    private func startPrivateCluster(logger: Logger) throws -> LocalPostgres {
        try installPostgresIfMissing(logger: logger)
        let directory = FileManager.default.currentDirectoryPath + "/.steward/postgres"
        let cluster = try LocalPostgres(.init(directory: directory, port: postgresPort, listensOnLoopback: true))
        if try cluster.initialiseIfNeeded() {
            logger.info("created a private PostgreSQL cluster", metadata: ["steward.directory": "\(directory)"])
        }
        if cluster.isRunning {
            logger.info("the private PostgreSQL cluster is already running; using it")
        } else {
            try cluster.start()
            logger.info("started the private PostgreSQL cluster", metadata: ["steward.port": "\(postgresPort)"])
        }
        return cluster
    }

    /// On a fresh machine, run from the repository, installs PostgreSQL's binaries with the
    /// repository's script (Debian's packages as root; otherwise it says what to install), so the
    /// README's first command is the whole set-up.
    private func installPostgresIfMissing(logger: Logger) throws {
        guard (try? LocalPostgres.locateBinaries()) == nil else { return }
        let script = FileManager.default.currentDirectoryPath + "/scripts/install-postgres"
        guard FileManager.default.isExecutableFile(atPath: script) else { return }
        logger.notice("PostgreSQL's binaries are missing; installing them", metadata: ["steward.script": "\(script)"])
        let install = Process()
        install.executableURL = URL(fileURLWithPath: script)
        try install.run()
        install.waitUntilExit()
        guard install.terminationStatus == 0 else {
            throw ValidationError("\(script) could not install PostgreSQL (exit \(install.terminationStatus)); see its message above")
        }
    }

    private func prepare(_ url: DatabaseURL, cluster: LocalPostgres?, policy: MSAPolicy, logger: Logger) async throws {
        if let cluster {
            let admin = PostgresClient(configuration: cluster.url().clientConfiguration(), backgroundLogger: logger)
            try await admin.whileRunning {
                let exists =
                    try await admin.query("SELECT 1 FROM pg_database WHERE datname = 'steward'", logger: logger)
                    .collect().count > 0
                if !exists { try await admin.query("CREATE DATABASE steward", logger: logger) }
            }
            try FileManager.default.createDirectory(atPath: ".steward", withIntermediateDirectories: true)
            try url.connectionString.write(toFile: DatabaseOptions.devURLFile, atomically: true, encoding: .utf8)
        }
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
        try await client.whileRunning {
            try await DatabaseOptions.waitUntilReachable(client, url: url, timeout: .seconds(30), logger: logger)
            let applied = try await Migrator(client: client, migrations: Migration.bundled(), logger: logger).migrate()
            if !applied.isEmpty { logger.info("migrated", metadata: ["steward.migrations": "\(applied)"]) }
            // The demo data goes in the way an operator's would: a directory import, a no-op once done.
            let desk = ServiceDesk(engine: .msa(client: client, policy: policy, logger: logger), policy: policy, logger: logger)
            let file = URL(fileURLWithPath: self.policy.policyDirectory).appendingPathComponent("directory.yaml")
            let changes = try await desk.importDirectory(
                try Directory.read(from: file, rules: desk.directoryRules),
                by: .localOperator("steward-dev")
            )
            if !changes.isEmpty { logger.info("imported the demo directory", metadata: ["steward.changes": "\(changes.count)"]) }
        }
    }
}
