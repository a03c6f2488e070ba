import Crypto
import Foundation

/// One numbered plain-SQL file from `sql/`, applied once and never edited afterwards.
public struct Migration: Sendable, Hashable {
    /// The number the file name starts with (`0001_engine.sql` is 1).
    public var number: Int
    public var name: String
    public var sql: String

    /// SHA-256 of the file, so an applied file that was changed afterwards is refused.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public init(number: Int, name: String, sql: String) {
        self.number = number
        self.name = name
        self.sql = sql
    }

    /// The migrations shipped with Steward, in order.
    public static func bundled() throws(MigrationError) -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError(code: .missingFiles, "the migrations bundle is missing from this build of Steward")
        }
        return try load(from: directory)
    }

    /// Reads `NNNN_name.sql` files from `directory`, sorted by number.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "sql" }
        } catch {
            throw MigrationError(code: .missingFiles, "cannot read migrations in \(directory.path): \(error)")
        }
        var migrations: [Migration] = []
        for file in files {
            let name = file.lastPathComponent
            guard let number = Int(name.prefix(while: \.isNumber)) else {
                throw MigrationError(code: .badFileName, "\(name) does not start with its number; name it like 0002_add_reports.sql")
            }
            guard let sql = try? String(contentsOf: file, encoding: .utf8) else {
                throw MigrationError(code: .missingFiles, "cannot read \(file.path) as UTF-8")
            }
            migrations.append(Migration(number: number, name: name, sql: sql))
        }
        migrations.sort { $0.number < $1.number }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.number == later.number {
            throw MigrationError(
                code: .badFileName, "\(earlier.name) and \(later.name) share the number \(later.number); renumber the newer one")
        }
        return migrations
    }
}

/// Why migrating stopped. Nothing of the failing file is applied.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let missingFiles = Code(rawValue: "missing-files")
        public static let badFileName = Code(rawValue: "bad-file-name")
        public static let checksumMismatch = Code(rawValue: "checksum-mismatch")
        public static let unknownApplied = Code(rawValue: "unknown-applied-migration")
        public static let failed = Code(rawValue: "migration-failed")
    }

    public var code: Code
    public var description: String

    public init(code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
