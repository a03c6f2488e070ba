import Foundation
import PostgresNIO
import StewardCore

/// Turns a notification as a workflow wrote it ("the customer's contacts", "the TAM or the duty
/// manager") into the deliveries it becomes, inside the transition's transaction: one outbox row
/// each, so every person and endpoint is retried, dead-lettered and shown on its own.
public protocol NotificationRouting: Sendable {
    /// The deliveries of `notification` for `customerID` at `instant`; none when nobody wants it.
    func deliveries(
        of notification: StewardCore.Notification,
        customerID: String,
        at instant: Date,
        on connection: PostgresConnection
    ) async throws -> [NotificationDelivery]
}
