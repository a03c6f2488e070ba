import ArgumentParser
import StewardServiceDesk

/// Whom a token or a sign-in link is for: a role and the customer's contact or staff member it names.
struct CredentialHolderOptions: ParsableArguments {
    @Option(help: "customer, engineer, tam, duty-manager, operator or inbound-mail (a mail gateway that posts messages).")
    var role: String

    @Option(help: "The customer a contact speaks for (role customer).")
    var customer: String?

    @Option(help: "The contact, by id (role customer): one of the customer's contacts.")
    var contact: String?

    @Option(help: "The staff member (every other role), as `steward staff list` shows them.")
    var staff: String?

    /// The role, once ``validate()`` has checked it.
    var principalRole: Principal.Role { Principal.Role(rawValue: role)! }

    func validate() throws {
        guard let role = Principal.Role(rawValue: role) else {
            throw ValidationError(
                "--role \(role) is not a role; use \(Principal.Role.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if role == .customer {
            guard customer != nil, contact != nil, staff == nil else {
                throw ValidationError("--role customer needs --customer ID and --contact ID, and no --staff")
            }
        } else if role == .inboundMail {
            guard staff == nil, customer == nil, contact == nil else {
                throw ValidationError(
                    "--role inbound-mail names nobody: give it a --label (the provider), no --staff, --customer or --contact")
            }
        } else {
            guard staff != nil, customer == nil, contact == nil else {
                throw ValidationError("--role \(role) needs --staff ID and neither --customer nor --contact")
            }
        }
    }
}
