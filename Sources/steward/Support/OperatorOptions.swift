import ArgumentParser
import Foundation
import Logging
import StewardMSAStore
import StewardPostgres
import StewardServiceDesk

/// The CLI acts through the service desk as an operator: whoever has a shell on a Steward host
/// and its database URL is trusted as one, and is named in the audit log.
struct OperatorOptions: ParsableArguments {
    @Option(help: "Who acts, for the audit log (default: $USER).")
    var operatorName = ProcessInfo.processInfo.environment["USER"] ?? "cli"

    var principal: Principal { .localOperator(operatorName) }
}

extension DatabaseOptions {
    /// Runs `body` with the service desk of this database under `policy`.
    func withServiceDesk<Result: Sendable>(
        policy: PolicyOptions,
        allowsPrivateWebhooks: Bool = false,
        logger: Logger,
        _ body: @Sendable (ServiceDesk) async throws -> Result
    ) async throws -> Result {
        let policy = try policy.load()
        return try await withClient(logger: logger) { client, _ in
            let engine = WorkflowEngine.msa(client: client, policy: policy, logger: logger)
            return try await body(ServiceDesk(engine: engine, policy: policy, allowsPrivateWebhooks: allowsPrivateWebhooks, logger: logger))
        }
    }
}
