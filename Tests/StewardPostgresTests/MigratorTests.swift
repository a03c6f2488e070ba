import Foundation
import PostgresNIO
import StewardPostgres
import StewardTestSupport
import Testing

@Suite struct MigratorTests {
    @Test func rerunningAppliesNothing() async throws {
        try await TestPostgres.withDatabase { database in
            let migrator = try Migrator(client: database.client, migrations: Migration.bundled(), logger: TestPostgres.logger)
            #expect(try await migrator.migrate().isEmpty)
            #expect(try await migrator.pending().isEmpty)
            #expect(try await database.count("SELECT count(*)::int8 FROM schema_migrations") == Migration.bundled().count)
        }
    }

    @Test func anEditedAppliedFileIsRefusedAndNothingIsApplied() async throws {
        try await TestPostgres.withDatabase { database in
            var migrations = try Migration.bundled()
            migrations[0].sql += "\n-- an innocent-looking edit\n"
            migrations.append(Migration(number: 9_999, name: "9999_later.sql", sql: "CREATE TABLE later (id int);"))
            let migrator = Migrator(client: database.client, migrations: migrations, logger: TestPostgres.logger)
            let error = try await #require(throws: MigrationError.self) { try await migrator.migrate() }
            #expect(error.code == .checksumMismatch)
            #expect(error.description.contains("0001_engine.sql was changed after it was applied"))
            #expect(try await database.count("SELECT count(*)::int8 FROM pg_tables WHERE tablename = 'later'") == 0)
        }
    }

    @Test func aFailingMigrationRollsBackWholly() async throws {
        try await TestPostgres.withDatabase { database in
            let broken = Migration(
                number: 9_998,
                name: "9998_broken.sql",
                sql: "CREATE TABLE half_done (id int);\nSELECT no_such_function();"
            )
            let migrator = try Migrator(
                client: database.client,
                migrations: Migration.bundled() + [broken],
                logger: TestPostgres.logger
            )
            let error = try await #require(throws: MigrationError.self) { try await migrator.migrate() }
            #expect(error.code == .failed)
            #expect(error.description.contains("9998_broken.sql failed"))
            #expect(try await database.count("SELECT count(*)::int8 FROM pg_tables WHERE tablename = 'half_done'") == 0)
            #expect(try await database.count("SELECT count(*)::int8 FROM schema_migrations WHERE number = 9998") == 0)
        }
    }

    @Test func concurrentMigratorsApplyEachFileOnce() async throws {
        try await TestPostgres.withDatabase { database in
            let extra = (1...3).map { Migration(number: 9_000 + $0, name: "900\($0)_extra.sql", sql: "CREATE TABLE extra_\($0) (id int);") }
            let migrations = try Migration.bundled() + extra
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await Migrator(client: database.client, migrations: migrations, logger: TestPostgres.logger).migrate()
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(applied.sorted() == extra.map(\.name))
        }
    }

    @Test func migrationFilesAreNumberedUniquely() throws {
        let migrations = try Migration.bundled()
        #expect(!migrations.isEmpty)
        #expect(Set(migrations.map(\.number)).count == migrations.count)
        #expect(migrations.map(\.number) == migrations.map(\.number).sorted())
    }
}

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesDollarBodiesAndComments() {
        let script = """
            -- a comment; not a statement
            CREATE TABLE a (note text DEFAULT 'x;y');
            /* block; comment */ CREATE TABLE "odd;name" (id int);
            CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
            CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 2; END $body$ LANGUAGE plpgsql;
            SELECT $1
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 5)
        #expect(statements[0].hasSuffix("DEFAULT 'x;y')"))
        #expect(statements[1].contains("\"odd;name\""))
        #expect(statements[2].contains("$$ SELECT 1; $$"))
        #expect(statements[3].contains("RETURN 2; END $body$"))
        #expect(statements[4] == "SELECT $1")
    }

    @Test func aFileOfCommentsHasNoStatements() {
        #expect(SQLScript.statements(in: "-- nothing here;\n-- still nothing\n").isEmpty)
    }
}
