import Foundation
import PostgresNIO

/// Fills in facts only the database knows (another request's booking) into an input or event,
/// inside the transition's transaction and before the pure decision, so the decision and the
/// history record the facts it was made on.
public protocol FactProvider: Sendable {
    /// `payload` with its facts filled in, or unchanged. `workflowID` is nil when starting.
    func complete(
        _ payload: Data,
        type: String,
        customerID: String,
        workflowID: UUID?,
        on connection: PostgresConnection
    ) async throws -> Data
}
