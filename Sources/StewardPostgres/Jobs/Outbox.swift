import Foundation
import Logging
import PostgresNIO
import StewardCore

/// One message of the transactional outbox, as a sender needs it.
public struct OutboxMessage: Sendable, Hashable {
    public var id: Int64
    public var customerID: String
    public var workflowID: UUID?
    public var recipient: Recipient
    public var channel: StewardCore.Notification.Channel
    public var template: String
    public var fields: [String: String]
    /// Stable across redeliveries: a sender passes it on so the far side can drop duplicates.
    public var dedupKey: String
}

extension JobQueue {
    /// The message a notification job delivers, or nil when it no longer exists.
    public func outboxMessage(for job: ClaimedJob) async throws -> OutboxMessage? {
        guard let id = Int64(job.name) else { return nil }
        let rows = try await client.query(
            """
            SELECT outbox_id, customer_id, workflow_id, recipient, channel, template, fields::text, dedup_key
            FROM outbox WHERE outbox_id = \(id)
            """,
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        let (outboxID, customerID, workflowID, recipient, channel, template, fields, dedupKey) = try row.decode(
            (Int64, String, UUID?, String, String, String, String, String).self,
            context: .default
        )
        guard let recipient = Recipient(recipient) else {
            throw OutboxError(outboxID: outboxID, reason: "its recipient '\(recipient)' is not one this build knows")
        }
        guard let channel = StewardCore.Notification.Channel(rawValue: channel) else {
            throw OutboxError(outboxID: outboxID, reason: "its channel '\(channel)' is not one this build knows")
        }
        return OutboxMessage(
            id: outboxID,
            customerID: customerID,
            workflowID: workflowID,
            recipient: recipient,
            channel: channel,
            template: template,
            fields: (try? JSONCoding.decoder.decode([String: String].self, from: Data(fields.utf8))) ?? [:],
            dedupKey: dedupKey
        )
    }

    /// Marks a delivered message sent and completes its job, if the worker still holds it.
    @discardableResult
    public func markDelivered(_ job: ClaimedJob) async throws -> Bool {
        let now = clock.now
        return try await client.transaction(logger: logger) { connection in
            guard try await complete(job, on: connection) else { return false }
            if let id = Int64(job.name) {
                try await connection.query(
                    "UPDATE outbox SET status = 'sent', sent_at = \(now) WHERE outbox_id = \(id)",
                    logger: logger
                )
            }
            return true
        }
    }
}

/// An outbox row that cannot be delivered as it is.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    public var outboxID: Int64
    public var reason: String

    public var description: String { "outbox message \(outboxID) cannot be delivered: \(reason)" }
}
