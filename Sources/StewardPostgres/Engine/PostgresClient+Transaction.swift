import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` in a transaction and rethrows the body's own error, not PostgresNIO's wrapper.
    ///
    /// A `BEGIN` that fails rethrows its own error (nothing was done). A `COMMIT` that meets a
    /// lost connection throws ``TransactionOutcomeUnknown``: the server may or may not have
    /// committed. Inside an ``IdempotencyKeys/Claim`` the transaction also marks the claimed key
    /// done, so a retry can tell, and it fails when a retry has taken the key over.
    public func transaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let claim = IdempotencyKeys.claim
        do {
            return try await withTransaction(logger: logger) { connection in
                let result = try await body(connection)
                if let claim { try await claim.markCommitted(on: connection, logger: logger) }
                return result
            }
        } catch let error as PostgresTransactionError {
            if let failure = error.closureError ?? error.beginError { throw failure }
            if let commitError = error.commitError as? PSQLError, commitError.isConnectionFailure {
                throw TransactionOutcomeUnknown(underlying: commitError)
            }
            throw error.commitError ?? error
        }
    }
}

/// A `COMMIT` whose answer was lost with the connection: the transaction may have committed or
/// not. Only a retry that can tell (an idempotency key, `If-Match`) is safe.
public struct TransactionOutcomeUnknown: Error, CustomStringConvertible {
    public let underlying: PSQLError

    public var description: String { "the connection was lost during COMMIT: \(String(reflecting: underlying))" }
}

extension PSQLError {
    /// A lost or refused connection, or a server shutting down, rather than a statement's error.
    public var isConnectionFailure: Bool {
        guard let state = serverInfo?[.sqlState] else { return true }
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
    }
}

extension PostgresRowSequence {
    /// Every row, collected: for the small results of single-row lookups and RETURNING clauses.
    public func all() async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in self { rows.append(row) }
        return rows
    }
}

extension PostgresClient {
    /// Runs the client for the duration of `body`, then shuts it down.
    @discardableResult
    public func whileRunning<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.run() }
            defer { group.cancelAll() }
            // run() starts in the child task; a lease before it has begun works but logs a warning.
            try await Task.sleep(for: .milliseconds(10))
            return try await body()
        }
    }
}
