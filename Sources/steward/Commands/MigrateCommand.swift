import ArgumentParser
import StewardPostgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Applies the database migrations that are not applied yet.",
        discussion: """
            Each numbered file of sql/ runs once, in order, in its own transaction; running it again does \
            nothing. Several processes may migrate at once: an advisory lock makes them take turns. A file \
            changed after it was applied is refused: put changes in a new numbered file.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(help: "Only list the migrations that would be applied.")
    var dryRun = false

    func run() async throws {
        let logger = logging.makeLogger("steward.migrate")
        try await database.withClient(logger: logger) { client, url in
            let migrator = try Migrator(client: client, migrations: Migration.bundled(), logger: logger)
            if dryRun {
                let pending = try await migrator.pending()
                print(pending.isEmpty ? "\(url): up to date" : pending.map(\.name).joined(separator: "\n"))
                return
            }
            let applied = try await migrator.migrate()
            print(applied.isEmpty ? "\(url): up to date" : "\(url): applied \(applied.joined(separator: ", "))")
        }
    }
}
