import ArgumentParser
import Foundation
import StewardServiceDesk

struct SignInCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-in",
        abstract: "Issues one-time sign-in links for the console and the portal, and ends people's sessions.",
        subcommands: [Link.self, Revoke.self]
    )

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prints a link that signs its holder in once, within 15 minutes (or --valid-for).",
            discussion: """
                Staff land in the console (/console), a customer's contact in the portal (/portal). The link is \
                shown only now (only its hash is stored) and opens one session; send it to the person, e.g. by \
                e-mail. The link alone goes to standard output.
                """
        )

        @OptionGroup var holder: CredentialHolderOptions

        @Option(help: "The address people reach Steward at, as the link should start.")
        var baseURL = "http://127.0.0.1:8080"

        @Option(help: "Minutes the link stays usable, 1 to 1440.")
        var validFor = 15

        func validate() throws {
            guard (1...1440).contains(validFor) else { throw ValidationError("--valid-for must be 1 to 1440 minutes") }
        }

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var acting: OperatorOptions
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.makeLogger("steward.sign-in")
            let link = try await database.withServiceDesk(policy: policy, logger: logger) { desk in
                try await desk.issueSignInLink(
                    role: holder.principalRole, customerID: holder.customer, contact: holder.contact, staffID: holder.staff,
                    lifetime: TimeInterval(validFor * 60), by: acting.principal)
            }
            FileHandle.standardError.write(
                Data(
                    "a one-time link for \(holder.customer.map { "\($0)/" } ?? "")\(holder.contact ?? holder.staff ?? ""), valid until \(link.expiresAt.formatted(.iso8601)):\n"
                        .utf8))
            print(SignInCommand.url(base: baseURL, area: link.area, secret: link.secret))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ends every session of a staff member or of a customer's contact, in every browser.",
            discussion: "Their API tokens stay valid: `steward token revoke` ends those."
        )

        @Option(help: "The staff member whose sessions end.")
        var staff: String?

        @Option(help: "The customer of the contact whose sessions end.")
        var customer: String?

        @Option(help: "The contact whose sessions end (with --customer).")
        var contact: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var policy: PolicyOptions
        @OptionGroup var acting: OperatorOptions
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard (staff == nil) != (contact == nil), (contact == nil) == (customer == nil) else {
                throw ValidationError("name a staff member (--staff ID) or a customer's contact (--customer ID --contact ID)")
            }
        }

        func run() async throws {
            let logger = logging.makeLogger("steward.sign-in")
            let ended = try await database.withServiceDesk(policy: policy, logger: logger) { desk in
                try await desk.revokeSessions(staffID: staff, customerID: customer, contact: contact, by: acting.principal)
            }
            print("\(ended) session\(ended == 1 ? "" : "s") of \(staff ?? "\(customer ?? "")/\(contact ?? "")") ended")
        }
    }

    /// The address of a sign-in link.
    static func url(base: String, area: WebArea, secret: String) -> String {
        let base = base.hasSuffix("/") ? String(base.dropLast()) : base
        return "\(base)/\(area.rawValue)/sign-in/link?key=\(secret)"
    }
}
