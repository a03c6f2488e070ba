import ArgumentParser
import Foundation
import StewardMSA
import StewardServiceDesk

struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Imports and exports the directory: staff, groups, the duty rota, customers and contacts.",
        discussion: """
            The directory lives in the database; a YAML file in the form of workflows/directory.yaml is \
            how it moves in and out. An import adds and updates entries and removes none (people are \
            deactivated with `active: false`, never deleted); a second import of the same file changes \
            nothing and says so. Every change is audited.
            """,
        subcommands: [Import.self, Export.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Applies a directory file; prints what it added or changed.")

        @Argument(help: "The YAML file, e.g. workflows/directory.yaml.")
        var file: String

        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let file = URL(fileURLWithPath: file)
            let changes = try await desk.run("steward.directory") { desk, principal in
                try await desk.importDirectory(try Directory.read(from: file, rules: desk.directoryRules), by: principal)
            }
            guard !changes.isEmpty else {
                print("nothing to change: the database holds \(file.lastPathComponent) already")
                return
            }
            for change in changes { print(change.summary) }
            print("\(changes.count) change\(changes.count == 1 ? "" : "s"), each in the audit log")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prints the directory as YAML, in the form `steward directory import` reads back.",
            discussion: "Webhook secrets are included: keep the output as safe as the database."
        )

        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let directory = try await desk.run("steward.directory") { desk, principal in try await desk.exportDirectory(for: principal) }
            print(try directory.yaml(), terminator: "")
        }
    }
}
