import ArgumentParser
import Foundation
import StewardMail
import StewardPostgres
import StewardRuntime
import StewardServiceDesk

struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract:
            "Takes in mail from an MTA, and reads the mailbox that keeps e-mail on this machine (steward dev, or workers without --smtp-url).",
        subcommands: [MailReceiveCommand.self, MailListCommand.self, MailShowCommand.self]
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
            try await CapturedMail(client: client, logger: logger).list(limit: limit)
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
            try await CapturedMail(client: client, logger: logger).message(id)
        }
        guard let found else {
            throw ValidationError("no kept message \(id); steward mail list shows the numbers")
        }
        if raw {
            FileHandle.standardOutput.write(Data(found.bytes))
            return
        }
        let parsed = try InboundMessage.parse(found.bytes)
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

struct MailReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Takes in one message from standard input, as an MTA pipes it (the rt-mailgate pattern).",
        discussion: """
            Point the support address at it, e.g. in Postfix's aliases: support: "|steward mail receive". \
            A known contact's message without a request reference files an incident (subject as summary, \
            [sev1] to [sev4] in the subject for the severity, 3 otherwise); a reply keeping [MSA-…] in its \
            subject, or answering one of Steward's messages, is the customer's reply to that request. Bounces \
            mark the delivery they report on; unknown senders, auto-replies and mail loops are refused. Every \
            message is recorded once, by its Message-ID, with what became of it. Exits 0 once the message is \
            recorded (refused ones too: bouncing them would answer spam), and 75 (EX_TEMPFAIL) when the \
            database cannot be reached, so the MTA keeps the message and tries again.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger("steward.mail")
        let limit = MailParseLimits().maxMessageBytes
        // Read one byte past the limit: enough to tell an oversized message, never the whole of one.
        let raw = Array(FileHandle.standardInput.readData(ofLength: limit + 1))
        // The rest of an oversized message is read and dropped, so the MTA's pipe does not break.
        while raw.count > limit, !FileHandle.standardInput.readData(ofLength: 1 << 20).isEmpty {}
        guard !raw.isEmpty else { throw ValidationError("no message on standard input; pipe one RFC 5322 message in") }
        let receipt: MailReceipt
        do {
            receipt = try await database.withServiceDesk(policy: policy, logger: logger) { desk in
                try await desk.receiveMail(raw, by: .mailGateway)
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(
                Data("steward mail receive: cannot take the message in now (\(error)); the MTA will try again\n".utf8))
            throw ExitCode(75)
        }
        let request = receipt.requestID.map { " request \($0)" } ?? ""
        print("\(receipt.outcome.rawValue)\(receipt.duplicate ? " (handed in before)" : ""): \(receipt.reason)\(request)")
    }
}
