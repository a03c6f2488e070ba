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
        let base = "http://\(api.host):\(api.port)"
        let links = try await demoSignInLinks(url, base: base, policy: policy, logger: logger)
        print(
            """

            Steward is running.
              console    \(base)/console   (staff: engineers, TAMs, duty manager, operators)
              portal     \(base)/portal    (customers' contacts)
              API        \(base)           (GET /openapi.yaml describes it)

            Sign in as a demo person (one-time links, valid 12 hours; `swift run steward sign-in link` makes more):
            \(links.map { "  \($0.person.padding(toLength: 15, withPad: " ", startingAt: 0)) \($0.role.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \($0.link)" }.joined(separator: "\n"))

              token      swift run steward token create --role operator --staff olga
              database   \(url.connectionString)
              psql       psql '\(url.connectionString)'
              mail       \(base)/console/mail   (operators) or swift run steward mail list: e-mail stays on this machine; --smtp-url sends it
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

    /// A one-time sign-in link for every active demo person. The directory knows groups, not roles
    /// (a token or a link names the role), so the demo's roles follow the groups: duty managers,
    /// TAMs, operators (staff in no group) and engineers; every active contact signs in to the portal.
    private func demoSignInLinks(
        _ url: DatabaseURL, base: String, policy: MSAPolicy, logger: Logger
    ) async throws -> [(person: String, role: Principal.Role, link: String)] {
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: logger)
        return try await client.whileRunning {
            let desk = ServiceDesk(engine: .msa(client: client, policy: policy, logger: logger), policy: policy, logger: logger)
            let issuer = Principal.localOperator("steward-dev")
            let directory = try await desk.exportDirectory(for: issuer)
            var people: [(person: String, role: Principal.Role, customer: String?, contact: String?, staff: String?)] = []
            for member in directory.staff where member.active {
                let groups = Set(directory.groups.filter { $0.members.contains(member.id) }.map(\.name))
                let role: Principal.Role =
                    groups.contains("duty-managers") ? .dutyManager : groups.contains("tam") ? .tam : groups.isEmpty ? .operator : .engineer
                people.append((member.id, role, nil, nil, member.id))
            }
            for customer in directory.customers where customer.active {
                for contact in customer.contacts where contact.active {
                    people.append(("\(contact.id)@\(customer.id)", .customer, customer.id, contact.id, nil))
                }
            }
            var links: [(person: String, role: Principal.Role, link: String)] = []
            for person in people {
                let link = try await desk.issueSignInLink(
                    role: person.role, customerID: person.customer, contact: person.contact, staffID: person.staff,
                    lifetime: 12 * 3600, by: issuer)
                links.append((person.person, person.role, SignInCommand.url(base: base, area: link.area, secret: link.secret)))
            }
            return links
        }
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
