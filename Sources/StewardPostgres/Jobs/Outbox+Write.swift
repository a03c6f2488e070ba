import Foundation
import Logging
import PostgresNIO
import StewardCore

/// The transactional outbox: notifications written in the caller's transaction, delivered at
/// least once by workers.
public enum Outbox {
    /// Writes one outbox row and its delivery job per delivery the notification becomes, in one
    /// statement; a delivery already written under the same key is left alone. `files` names the
    /// set of ``OutboxFile``s its e-mails carry.
    public static func write(
        _ notification: StewardCore.Notification,
        customerID: String,
        workflowID: UUID?,
        files: Int64? = nil,
        routing: (any NotificationRouting)?,
        now: Date,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        let deliveries =
            try await routing?.deliveries(of: notification, customerID: customerID, at: now, on: connection)
            ?? [NotificationDelivery(recipient: notification.recipient, channel: notification.channel)]
        guard !deliveries.isEmpty else { return false }
        let fields = try String(decoding: JSONCoding.encoder.encode(notification.fields), as: UTF8.self)
        let addressedTo = notification.recipient.description
        let rows = try await connection.query(
            """
            WITH message AS (
                INSERT INTO outbox (customer_id, workflow_id, recipient, channel, template, fields, dedup_key, created_at,
                                    addressed_to, routing_reason, file_set)
                SELECT \(customerID), \(workflowID), delivery.recipient, delivery.channel, \(notification.template),
                       \(fields)::jsonb, \(notification.dedupKey), \(now),
                       CASE WHEN delivery.recipient = \(addressedTo) THEN NULL ELSE \(addressedTo) END, NULLIF(delivery.reason, ''),
                       \(files)
                FROM unnest(\(deliveries.map(\.recipient.description)), \(deliveries.map(\.channel.rawValue)),
                            \(deliveries.map { $0.reason ?? "" })) AS delivery(recipient, channel, reason)
                ON CONFLICT DO NOTHING
                RETURNING outbox_id
            )
            INSERT INTO jobs (customer_id, workflow_id, kind, name, payload, priority, run_at, created_at)
            SELECT \(customerID), \(workflowID), 'notification', outbox_id::text, '{}'::jsonb, 50, \(now), \(now)
            FROM message
            RETURNING job_id
            """,
            logger: logger
        ).all()
        return !rows.isEmpty
    }

    /// Stores a set of files for `customerID`'s e-mails to carry, under `set`, in the caller's transaction.
    public static func store(
        _ files: [OutboxFile], as set: Int64, customerID: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !files.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO outbox_files (customer_id, file_set, file_name, content_type, body)
            SELECT \(customerID), \(set), name, content_type, decode(body, 'base64')
            FROM unnest(\(files.map(\.name)), \(files.map(\.contentType)), \(files.map { $0.body.base64EncodedString() }))
                 AS file(name, content_type, body)
            ON CONFLICT DO NOTHING
            """,
            logger: logger
        )
    }
}
