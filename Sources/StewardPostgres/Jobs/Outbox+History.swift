import Foundation
import PostgresNIO
import StewardCore

/// Who was told what about a request, on which channel, and what became of every attempt.
public struct DeliveryRecord: Sendable, Hashable {
    public struct Attempt: Sendable, Hashable {
        public var at: Date
        public var worker: String
        /// `sent`, `retry`, `failed`, `skipped` or `bounced`.
        public var outcome: String
        /// The far side's answer or the reason.
        public var detail: String
    }

    public var id: Int64
    public var recipient: Recipient
    /// The role the workflow named ("tam-or-duty-manager", "customer-contacts") when routing chose the recipient.
    public var addressedTo: String?
    public var routingReason: String?
    public var channel: String
    public var kind: String
    /// `pending`, `sent`, `failed`, `bounced` or `skipped`.
    public var status: String
    public var createdAt: Date
    public var sentAt: Date?
    public var attempts: [Attempt]
}

extension JobQueue {
    /// Every delivery of `workflowID`'s notifications, oldest first, with its attempts; only those
    /// addressed to `recipients` when given (a customer sees the ones addressed to them).
    public func deliveries(of workflowID: UUID, addressedTo recipients: [Recipient]? = nil) async throws -> [DeliveryRecord] {
        let filter = recipients?.map(\.description)
        var records: [DeliveryRecord] = []
        for try await (id, recipient, addressedTo, reason, channel, kind, status, createdAt, sentAt) in try await client.query(
            """
            SELECT outbox_id, recipient, addressed_to, routing_reason, channel, template, status, created_at, sent_at
            FROM outbox
            WHERE workflow_id = \(workflowID) AND (\(filter)::text[] IS NULL OR recipient = ANY(\(filter)::text[]))
            ORDER BY outbox_id
            """,
            logger: logger
        ).decode((Int64, String, String?, String?, String, String, String, Date, Date?).self) {
            guard let recipient = Recipient(recipient) else {
                throw OutboxError(outboxID: id, reason: "its recipient '\(recipient)' is not one this build knows")
            }
            records.append(
                DeliveryRecord(
                    id: id, recipient: recipient, addressedTo: addressedTo, routingReason: reason, channel: channel, kind: kind,
                    status: status, createdAt: createdAt, sentAt: sentAt, attempts: []))
        }
        guard !records.isEmpty else { return [] }
        var attempts: [Int64: [DeliveryRecord.Attempt]] = [:]
        for try await (id, at, worker, outcome, detail) in try await client.query(
            """
            SELECT outbox_id, at, worker, outcome, detail FROM delivery_attempts
            WHERE outbox_id = ANY(\(records.map(\.id))) ORDER BY outbox_id, attempt_id
            """,
            logger: logger
        ).decode((Int64, Date, String, String, String).self) {
            attempts[id, default: []].append(.init(at: at, worker: worker, outcome: outcome, detail: detail))
        }
        return records.map { record in
            var record = record
            record.attempts = attempts[record.id] ?? []
            return record
        }
    }
}
