import Foundation
import PostgresNIO
import StewardCore

/// Chooses the person behind a role-based recipient ("the TAM or the duty manager") when a
/// notification is written, inside the transition's transaction.
public protocol NotificationRouting: Sendable {
    /// The recipient to deliver to, and why, or nil to keep `recipient` as it is.
    func route(
        _ recipient: Recipient,
        customerID: String,
        at instant: Date,
        on connection: PostgresConnection
    ) async throws -> (recipient: Recipient, reason: String)?
}
