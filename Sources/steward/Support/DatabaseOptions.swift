import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import StewardPostgres

/// Where the database is: `--database-url`, else `DATABASE_URL`, else the cluster of a running `steward dev`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL to use, like postgres://user:password@host:5432/steward.",
            discussion: "Defaults to $DATABASE_URL, then to the private cluster of a running `steward dev`."
        )
    )
    var databaseURL: String?

    @Option(help: "Seconds to keep retrying an unreachable server before giving up.")
    var connectTimeout: Int = 30

    /// The file `steward dev` writes its cluster's URL to, so other commands find it.
    static let devURLFile = ".steward/database-url"

    func resolve() throws -> DatabaseURL {
        if let databaseURL { return try DatabaseURL(databaseURL) }
        if let environment = ProcessInfo.processInfo.environment["DATABASE_URL"], !environment.isEmpty {
            return try DatabaseURL(environment)
        }
        if let written = try? String(contentsOfFile: Self.devURLFile, encoding: .utf8) {
            return try DatabaseURL(written.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        throw ValidationError(
            "no database given: set DATABASE_URL (postgres://user:password@host:5432/steward), pass --database-url, or start `steward dev` in this directory"
        )
    }

    /// Runs `body` with a running client once the server answers; retries with backoff until `connectTimeout`.
    func withClient<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresClient, DatabaseURL) async throws -> Result
    ) async throws -> Result {
        let url = try resolve()
        // A one-shot command ends its client while the pool may still be opening a spare connection;
        // the driver reports that cancellation at info level, which is noise here.
        var background = logger
        background.logLevel = max(logger.logLevel, .notice)
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: background)
        return try await client.whileRunning {
            try await Self.waitUntilReachable(client, url: url, timeout: .seconds(connectTimeout), logger: logger)
            return try await body(client, url)
        }
    }

    /// Retries `SELECT 1` with backoff, saying so in the log, until the server answers or time is up.
    /// The database's URL, once it answers and has every migration this build knows.
    func requireMigrated(logger: Logger) async throws -> DatabaseURL {
        try await withClient(logger: logger) { client, url in
            let pending = try await Migrator(client: client, migrations: Migration.bundled(), logger: logger).pending()
            guard pending.isEmpty else {
                throw ValidationError("\(url) lacks migrations \(pending.map(\.name).joined(separator: ", ")): run `steward migrate` first")
            }
            return url
        }
    }

    static func waitUntilReachable(_ client: PostgresClient, url: DatabaseURL, timeout: Duration, logger: Logger) async throws {
        let deadline = ContinuousClock.now + timeout
        var delay = Duration.milliseconds(200)
        while true {
            do {
                try await client.query("SELECT 1", logger: logger)
                return
            } catch {
                let reason = Self.describe(error)
                guard ContinuousClock.now + delay < deadline else {
                    throw ValidationError(
                        "cannot reach PostgreSQL at \(url) after \(timeout): \(reason). Is the server running, and is DATABASE_URL right?"
                    )
                }
                logger.warning(
                    "database not reachable; retrying",
                    metadata: ["steward.database": "\(url)", "steward.error": "\(reason)", "steward.retry.in": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// A PostgreSQL error in one line: the server's message when there is one.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        // The pool stops trying for a while after repeated refusals and says so in its own words.
        if "\(error)".contains("connectionCreationCircuitBreakerTripped") { return "nothing answered there" }
        return "\(error)"
    }
}
