import Foundation
import StewardPostgres

/// A private PostgreSQL cluster in a directory of ours, started from the machine's PostgreSQL binaries.
///
/// `steward dev`, `steward bench` and the tests use it when no `DATABASE_URL` is given. The cluster
/// trusts local connections and listens on a Unix socket in its own directory (and on 127.0.0.1
/// when `listensOnLoopback`), so several can run side by side.
public struct LocalPostgres: Sendable {
    public struct Configuration: Sendable {
        /// Holds `data/`, the server log and the socket; handed to the `postgres` user when we are root.
        public var directory: String
        public var port: Int
        public var listensOnLoopback: Bool
        /// Extra server settings (`-c name=value`).
        public var settings: [String: String]
        public var superuser: String
        /// Where initdb and pg_ctl live; found automatically when nil.
        public var binDirectory: String?

        public init(
            directory: String,
            port: Int = 5432,
            listensOnLoopback: Bool = false,
            settings: [String: String] = Configuration.stewardSettings,
            superuser: String = "steward",
            binDirectory: String? = nil
        ) {
            self.directory = directory
            self.port = port
            self.listensOnLoopback = listensOnLoopback
            self.settings = settings
            self.superuser = superuser
            self.binDirectory = binDirectory
        }

        /// What Steward asks of any server it runs on (the README's "Running it for real"): autovacuum
        /// visits each database every 10 s instead of every minute, since the jobs table turns its rows
        /// over many times a minute and every claim walks the dead ones until a vacuum removes them.
        /// Per-table thresholds (migration 0011) cannot shorten that visit: it is the server's.
        public static let stewardSettings: [String: String] = ["autovacuum_naptime": "10s"]

        /// Settings for throwaway clusters: durability traded for speed, room for parallel tests.
        public static let throwawaySettings: [String: String] = [
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "400",
            "shared_buffers": "128MB",
        ]
    }

    public let configuration: Configuration
    public let binDirectory: String

    public init(_ configuration: Configuration) throws(LocalPostgresError) {
        self.configuration = configuration
        if let configured = configuration.binDirectory {
            binDirectory = configured
        } else {
            binDirectory = try Self.locateBinaries()
        }
    }

    public var dataDirectory: String { configuration.directory + "/data" }
    public var logFile: String { configuration.directory + "/postgres.log" }

    /// The URL of `database` on this cluster, over its Unix socket.
    public func url(database: String = "postgres") -> DatabaseURL {
        DatabaseURL(
            port: configuration.port,
            socketDirectory: configuration.directory,
            username: configuration.superuser,
            database: database
        )
    }

    /// The URL over TCP, for people and programs outside this process (psql, pgbench).
    public func loopbackURL(database: String = "postgres") -> DatabaseURL {
        DatabaseURL(host: "127.0.0.1", port: configuration.port, username: configuration.superuser, database: database)
    }

    public var isInitialised: Bool {
        FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION")
    }

    /// Creates the cluster unless it exists. Returns whether it was created.
    @discardableResult
    public func initialiseIfNeeded() throws(LocalPostgresError) -> Bool {
        guard !isInitialised else { return false }
        do {
            try FileManager.default.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true)
        } catch {
            throw LocalPostgresError("cannot create \(configuration.directory): \(error)")
        }
        try wrap { () throws(CommandError) in
            try Command.giveToPostgresUser(configuration.directory)
            try Command.run(
                binDirectory + "/initdb",
                [
                    "-D", dataDirectory, "-U", configuration.superuser, "--auth=trust", "--encoding=UTF8",
                    "--no-locale", "--no-sync",
                ],
                asPostgresUser: true
            )
        }
        return true
    }

    public var isRunning: Bool {
        (try? Command.run(binDirectory + "/pg_ctl", ["-D", dataDirectory, "status"], asPostgresUser: true)) != nil
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws(LocalPostgresError) {
        var options = [
            "-p \(configuration.port)",
            // pg_ctl hands these to a shell: quote the path, which may hold spaces.
            "-k '\(configuration.directory.replacingOccurrences(of: "'", with: "'\\''"))'",
            "-c listen_addresses=\(configuration.listensOnLoopback ? "127.0.0.1" : "''")",
        ]
        for (name, value) in configuration.settings.sorted(by: { $0.key < $1.key }) {
            options.append("-c \(name)=\(value)")
        }
        try wrap { () throws(CommandError) in
            try Command.run(
                binDirectory + "/pg_ctl",
                ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", options.joined(separator: " "), "start"],
                asPostgresUser: true
            )
        }
    }

    /// Stops the server; `immediate` aborts like a crash would (used to test recovery and at test exit).
    public func stop(immediate: Bool = false) throws(LocalPostgresError) {
        try wrap { () throws(CommandError) in
            try Command.run(
                binDirectory + "/pg_ctl",
                ["-D", dataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "stop"],
                asPostgresUser: true
            )
        }
    }

    /// Stops and removes the cluster's directory.
    public func destroy() {
        try? stop(immediate: true)
        try? FileManager.default.removeItem(atPath: configuration.directory)
    }

    /// Finds PostgreSQL's server binaries: `STEWARD_POSTGRES_BIN`, then `PATH`, then the newest
    /// `/usr/lib/postgresql/*/bin` (Debian keeps them off `PATH`).
    public static func locateBinaries() throws(LocalPostgresError) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["STEWARD_POSTGRES_BIN"] {
            guard FileManager.default.isExecutableFile(atPath: configured + "/initdb") else {
                throw LocalPostgresError("STEWARD_POSTGRES_BIN=\(configured) has no initdb; point it at PostgreSQL's bin directory")
            }
            return configured
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        where FileManager.default.isExecutableFile(atPath: directory + "/initdb") {
            // Some images link only a few of the programs onto PATH; the real directory has them all.
            return URL(fileURLWithPath: directory + "/initdb").resolvingSymlinksInPath().deletingLastPathComponent().path
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init)
            .sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        throw LocalPostgresError(
            "no PostgreSQL server binaries found (initdb): install them with 'apt-get install postgresql', set STEWARD_POSTGRES_BIN, or set DATABASE_URL to use a running server"
        )
    }

    private func wrap(_ body: () throws(CommandError) -> Void) throws(LocalPostgresError) {
        do {
            try body()
        } catch {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            let logTail = log.split(separator: "\n").suffix(8).joined(separator: "\n")
            throw LocalPostgresError("\(error)" + (logTail.isEmpty ? "" : "\nserver log (\(logFile)):\n\(logTail)"))
        }
    }
}

/// The private cluster could not be created, started or stopped; says why and what to do.
public struct LocalPostgresError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
