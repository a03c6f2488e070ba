import Foundation
import Logging
import PostgresNIO

/// Applies the numbered migrations in order, each in its own transaction, under an advisory lock.
public struct Migrator: Sendable {
    /// Any constant works; it only has to be the same in every Steward process.
    static let advisoryLockKey: Int64 = 0x5374_6577_6172_64

    public let client: PostgresClient
    public let migrations: [Migration]
    public let logger: Logger

    public init(client: PostgresClient, migrations: [Migration], logger: Logger) {
        self.client = client
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies what is missing and returns the names applied; a second run applies nothing.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await client.withConnection { connection in
            // A session lock: held across the per-file transactions, released however we leave.
            try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await apply(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                throw error
            }
        }
    }

    /// The migrations not yet applied, after checking the applied ones were not changed.
    public func pending() async throws -> [Migration] {
        try await client.withConnection { connection in
            try await createLedger(on: connection)
            return try await verify(on: connection)
        }
    }

    private func apply(on connection: PostgresConnection) async throws -> [String] {
        try await createLedger(on: connection)
        var applied: [String] = []
        for migration in try await verify(on: connection) {
            logger.info("applying migration", metadata: ["steward.migration": "\(migration.name)"])
            try await connection.query("BEGIN", logger: logger)
            do {
                for statement in SQLScript.statements(in: migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    """
                    INSERT INTO schema_migrations (number, name, checksum)
                    VALUES (\(migration.number), \(migration.name), \(migration.checksum))
                    """,
                    logger: logger
                )
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw MigrationError(
                    code: .failed,
                    "\(migration.name) failed and was rolled back: \(String(reflecting: error))"
                )
            }
            applied.append(migration.name)
        }
        return applied
    }

    private func createLedger(on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                number     integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            logger: logger
        )
    }

    private func verify(on connection: PostgresConnection) async throws -> [Migration] {
        let rows = try await connection.query("SELECT number, name, checksum FROM schema_migrations", logger: logger)
        var appliedChecksums: [Int: (name: String, checksum: String)] = [:]
        for try await (number, name, checksum) in rows.decode((Int, String, String).self) {
            appliedChecksums[number] = (name, checksum)
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.number, $0) })
        for (number, applied) in appliedChecksums.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[number] else {
                throw MigrationError(
                    code: .unknownApplied,
                    "the database has migration \(applied.name) applied, which this build of Steward does not know; run a newer Steward"
                )
            }
            guard migration.checksum == applied.checksum else {
                throw MigrationError(
                    code: .checksumMismatch,
                    "\(migration.name) was changed after it was applied (checksum \(applied.checksum.prefix(12))… in the database, \(migration.checksum.prefix(12))… on disk); migrations are never edited: restore the file and put the change in a new numbered file"
                )
            }
        }
        return migrations.filter { appliedChecksums[$0.number] == nil }
    }
}
