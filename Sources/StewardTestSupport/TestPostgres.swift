import Foundation
import Logging
import PostgresNIO
import StewardLocalPostgres
import StewardPostgres
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL for tests with no set-up: the server of `DATABASE_URL` when it is set, otherwise one
/// throwaway cluster per test process. Every test gets its own database cloned from a migrated
/// template, so tests run in parallel without seeing each other.
public enum TestPostgres {
    /// Runs `body` with a fresh migrated database and a running client; drops the database afterwards.
    public static func withDatabase<Result: Sendable>(
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let server = try await TestServer.shared.prepared()
        let name = "steward_test_\(UUID().uuidString.prefix(8).lowercased())"
        try await server.admin(
            "CREATE DATABASE \(name) TEMPLATE \(server.templateName)"
        )
        let database = TestDatabase(name: name, url: server.url.with(database: name))
        let result: Result
        do {
            result = try await database.withClient { _ in try await body(database) }
        } catch {
            try? await server.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
        try? await server.admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        return result
    }

    /// The logger tests hand to Steward: quiet unless `STEWARD_TEST_LOG` names a level.
    public static var logger: Logger {
        var logger = Logger(label: "steward.test")
        logger.logLevel = ProcessInfo.processInfo.environment["STEWARD_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }
}

/// One test's database and its client.
public final class TestDatabase: Sendable {
    public let name: String
    public let url: DatabaseURL
    public let client: PostgresClient

    init(name: String, url: DatabaseURL) {
        self.name = name
        self.url = url
        var configuration = url.clientConfiguration()
        configuration.options.maximumConnections = 24
        client = PostgresClient(configuration: configuration, backgroundLogger: TestPostgres.logger)
    }

    /// Runs the client for the duration of `body`.
    func withClient<Result: Sendable>(_ body: (PostgresClient) async throws -> Result) async throws -> Result {
        try await client.whileRunning { try await body(client) }
    }

    /// Runs one SQL statement and returns the first column of its first row as an integer.
    public func count(_ query: PostgresQuery) async throws -> Int {
        let rows = try await client.query(query, logger: TestPostgres.logger)
        for try await value in rows.decode(Int.self) { return value }
        return 0
    }

    /// Inserts a customer, a group and its members, as a test's starting point.
    /// A contact `id` of `customer` (which must exist), reachable at `<id>@<customer>.example`.
    public func seed(contact id: String, of customer: String) async throws {
        try await client.query(
            """
            INSERT INTO contacts (customer_id, contact_id, name, email, created_at)
            VALUES (\(customer), \(id), \(id.capitalized), \(id + "@" + customer + ".example"), now()) ON CONFLICT DO NOTHING
            """,
            logger: TestPostgres.logger
        )
    }

    public func seed(customer: String = "acme", group: String = "support", members: [String] = ["alice", "bob"]) async throws {
        try await client.query(
            "INSERT INTO customers (customer_id, name) VALUES (\(customer), \(customer.capitalized)) ON CONFLICT DO NOTHING",
            logger: TestPostgres.logger
        )
        try await client.query(
            "INSERT INTO groups (group_name, title) VALUES (\(group), \(group.capitalized)) ON CONFLICT DO NOTHING",
            logger: TestPostgres.logger
        )
        for member in members {
            try await client.query(
                "INSERT INTO staff (staff_id, name, email) VALUES (\(member), \(member.capitalized), \(member + "@example.com")) ON CONFLICT DO NOTHING",
                logger: TestPostgres.logger
            )
            try await client.query(
                "INSERT INTO group_members (group_name, staff_id) VALUES (\(group), \(member)) ON CONFLICT DO NOTHING",
                logger: TestPostgres.logger
            )
        }
    }
}

/// The server all of a test process's databases live on, set up once.
actor TestServer {
    static let shared = TestServer()

    struct Prepared: Sendable {
        var url: DatabaseURL
        var templateName: String
        var adminClient: PostgresClient

        func admin(_ sql: String) async throws {
            // Cloning from one template is refused while another clone reads it: retry briefly.
            for attempt in 1...50 {
                do {
                    _ = try await adminClient.query(PostgresQuery(unsafeSQL: sql), logger: TestPostgres.logger)
                    return
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 50 {
                    try await Task.sleep(for: .milliseconds(20 * attempt))
                }
            }
        }
    }

    private var preparing: Task<Prepared, any Error>?

    /// The first caller prepares the server; everyone else waits for that same preparation.
    func prepared() async throws -> Prepared {
        if let preparing { return try await preparing.value }
        let task = Task { try await Self.prepare() }
        preparing = task
        return try await task.value
    }

    private static func prepare() async throws -> Prepared {
        let url: DatabaseURL
        if let configured = ProcessInfo.processInfo.environment["DATABASE_URL"] {
            url = try DatabaseURL(configured)
        } else {
            url = try Self.startThrowawayCluster().url()
        }
        let adminClient = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: TestPostgres.logger)
        // Serves every test of this process, so it runs until the process exits.
        Task { await adminClient.run() }
        let templateName = "steward_template_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
        let result = Prepared(url: url, templateName: templateName, adminClient: adminClient)
        try await result.admin("CREATE DATABASE \(templateName)")
        let template = TestDatabase(name: templateName, url: url.with(database: templateName))
        _ = try await template.withClient { client in
            try await Migrator(client: client, migrations: Migration.bundled(), logger: TestPostgres.logger).migrate()
        }
        return result
    }

    /// Starts a private cluster under /tmp that is stopped and removed when the process exits.
    static func startThrowawayCluster() throws -> LocalPostgres {
        ThrowawayClusters.removeLeftovers()
        let directory = "/tmp/steward-test-\(getpid())-\(UUID().uuidString.prefix(6).lowercased())"
        let cluster = try LocalPostgres(
            .init(directory: directory, settings: LocalPostgres.Configuration.throwawaySettings)
        )
        ThrowawayClusters.register(cluster)
        try cluster.initialiseIfNeeded()
        try cluster.start()
        return cluster
    }
}

/// Clusters to stop when the test process exits, and leftovers of processes that died.
public enum ThrowawayClusters {
    private static let live = Mutex<[LocalPostgres]>([])
    private static let exitHookInstalled = Mutex(false)

    /// Stops `cluster` and removes its directory at process exit.
    public static func register(_ cluster: LocalPostgres) {
        live.withLock { $0.append(cluster) }
        let install = exitHookInstalled.withLock { installed -> Bool in
            defer { installed = true }
            return !installed
        }
        if install {
            atexit {
                for cluster in ThrowawayClusters.live.withLock({ $0 }) { cluster.destroy() }
            }
        }
    }

    /// Removes clusters left behind by test processes that no longer run (a crash, a kill -9).
    static func removeLeftovers() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("steward-test-") {
            let parts = entry.split(separator: "-")
            guard parts.count >= 4, let pid = Int32(parts[2]), pid != getpid(), kill(pid, 0) != 0 else { continue }
            if let cluster = try? LocalPostgres(.init(directory: "/tmp/\(entry)")) {
                cluster.destroy()
            }
        }
    }
}

extension TestDatabase {
    /// Connects to an existing database (a private cluster's), for tests that manage their own server.
    public static func connect<Result: Sendable>(
        to url: DatabaseURL,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let database = TestDatabase(name: url.database, url: url)
        return try await database.withClient { _ in try await body(database) }
    }
}
