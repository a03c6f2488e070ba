import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` in a transaction and rethrows the body's own error, not PostgresNIO's wrapper.
    public func transaction<Result: Sendable>(
        logger: Logger,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
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
