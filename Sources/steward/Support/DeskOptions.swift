import ArgumentParser
import Foundation
import StewardCore
import StewardMSA
import StewardServiceDesk

/// What every command that goes through the service desk takes: the database, the policy, who
/// acts (for the audit log) and the log level.
struct DeskOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var acting: OperatorOptions
    @OptionGroup var logging: LoggingOptions

    @Flag(help: "Let customers' webhook endpoints be loopback or private addresses (tests, a receiver on this host).")
    var allowPrivateWebhooks = false

    /// Runs `body` with the service desk and the acting operator.
    func run<Result: Sendable>(_ label: String, _ body: @Sendable (ServiceDesk, Principal) async throws -> Result) async throws -> Result {
        let logger = logging.makeLogger(label)
        let principal = acting.principal
        return try await database.withServiceDesk(policy: policy, allowsPrivateWebhooks: allowPrivateWebhooks, logger: logger) { desk in
            try await body(desk, principal)
        }
    }
}

/// Prints a directory entry in the YAML the directory file uses.
func printYAML(_ value: some Encodable) throws {
    print(try Directory.yaml(value), terminator: "")
}

/// A JSON merge patch from the options a person gave; nil values are left out.
func patch(_ fields: [String: JSONValue?]) -> JSONValue {
    .object(fields.compactMapValues { $0 })
}
