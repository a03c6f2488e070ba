import ArgumentParser
import Foundation
import StewardMail
import StewardRuntime

struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Reads the mailbox that keeps e-mail on this machine (steward dev, or workers without --smtp-url).",
        subcommands: [MailListCommand.self, MailShowCommand.self]
    )
}

struct MailListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists the kept e-mail, newest first.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "How many messages to list.")
    var limit = 20

    func validate() throws {
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func run() async throws {
        let logger = logging.makeLogger("steward.mail")
        let messages = try await database.withClient(logger: logger) { client, _ in
            try await CaptureMailbox(client: client, logger: logger).list(limit: limit)
        }
        guard !messages.isEmpty else {
            print("the mailbox is empty: e-mail appears here as workers deliver notifications")
            return
        }
        for message in messages {
            print("\(message.id)  \(message.at.formatted(.iso8601))  to \(message.to.joined(separator: ", "))  \(message.subject)")
        }
        print("\nsteward mail show ID prints one message as it was sent (--raw for its MIME source).")
    }
}

struct MailShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Prints one kept e-mail: its headers and text.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    @Argument(help: "The message's number, as steward mail list shows it.")
    var id: Int64

    @Flag(help: "Print the message exactly as sent (RFC 5322 with its MIME parts).")
    var raw = false

    func run() async throws {
        let logger = logging.makeLogger("steward.mail")
        let found = try await database.withClient(logger: logger) { client, _ in
            try await CaptureMailbox(client: client, logger: logger).message(id)
        }
        guard let found else {
            throw ValidationError("no kept message \(id); steward mail list shows the numbers")
        }
        if raw {
            FileHandle.standardOutput.write(Data(found.message))
            return
        }
        let parsed = try InboundMessage.parse(found.message)
        print(
            """
            From:       \(parsed.from?.description ?? "-")
            To:         \(parsed.to.map(\.description).joined(separator: ", "))
            Subject:    \(parsed.subject)
            Date:       \(parsed.date?.formatted(.iso8601) ?? "-")
            Message-ID: <\(parsed.messageID ?? "")>

            \(parsed.text)
            """
        )
    }
}
