import ArgumentParser
import Foundation
import StewardServiceDesk

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issues, lists and revokes the API's bearer tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issues a token and prints it once; only its hash is stored.",
            discussion: """
                Roles: customer (a customer's contact: --customer and --contact), engineer (--staff: the tasks of their \
                groups), tam (--staff: the requests of the customers they are TAM of), duty-manager \
                (--staff: every request) and operator (--staff: every request and the repairs). \
                The token alone goes to standard output, so `TOKEN=$(steward token create …)` works.
                """
        )

        @OptionGroup var holder: CredentialHolderOptions

        @Option(help: "What the token is for, shown by `steward token list`.")
        var label: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var acting: OperatorOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.makeLogger("steward.token")
            let role = holder.principalRole
            let created = try await database.withServiceDesk(policy: policy, logger: logger) { desk in
                try await desk.issueToken(
                    role: role,
                    customerID: holder.customer,
                    contact: holder.contact,
                    staffID: holder.staff,
                    label: label ?? "\(role) \(holder.customer ?? holder.staff ?? "gateway")",
                    by: acting.principal
                )
            }
            FileHandle.standardError.write(
                Data("token \(created.id) for \(role) \(holder.customer ?? holder.staff ?? ""); it is shown only now:\n".utf8)
            )
            print(created.token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists tokens, newest first, without their secrets.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var acting: OperatorOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.makeLogger("steward.token")
            let tokens = try await database.withServiceDesk(policy: policy, logger: logger) { desk in
                try await desk.tokenList(for: acting.principal)
            }
            for token in tokens {
                let state = token.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                print("\(token.id)  \(token.role)  \(token.holder)  \(token.createdAt.formatted(.iso8601))  \(state)  \(token.label)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revokes a token: its holder gets 401 from then on.")

        @Argument(help: "The token's id, as `steward token list` shows it.")
        var id: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var acting: OperatorOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            guard let tokenID = UUID(uuidString: id) else { throw ValidationError("'\(id)' is not a token id (a UUID)") }
            let logger = logging.makeLogger("steward.token")
            try await database.withServiceDesk(policy: policy, logger: logger) { desk in
                try await desk.revokeToken(tokenID, by: acting.principal)
            }
            print("token \(tokenID) is revoked")
        }
    }
}
