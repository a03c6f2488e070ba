import Foundation
import Logging
import PostgresNIO
import StewardCore

/// One delivery of the transactional outbox, as a sender needs it.
public struct OutboxMessage: Sendable, Hashable {
    public var id: Int64
    public var customerID: String
    public var workflowID: UUID?
    /// The request as people quote it, and the number its mail thread is named by.
    public var reference: RequestReference?
    public var requestType: String?
    public var recipient: Recipient
    public var channel: StewardCore.Notification.Channel
    public var template: String
    public var fields: [String: String]
    /// Stable across redeliveries: a sender passes it on so the far side can drop duplicates.
    public var dedupKey: String
    public var createdAt: Date
    /// Files an e-mail carries (a report's page and tables).
    public var files: [OutboxFile]

    public init(
        id: Int64, customerID: String, workflowID: UUID?, reference: RequestReference?, requestType: String?, recipient: Recipient,
        channel: StewardCore.Notification.Channel, template: String, fields: [String: String], dedupKey: String, createdAt: Date,
        files: [OutboxFile] = []
    ) {
        self.id = id
        self.customerID = customerID
        self.workflowID = workflowID
        self.reference = reference
        self.requestType = requestType
        self.recipient = recipient
        self.channel = channel
        self.template = template
        self.fields = fields
        self.dedupKey = dedupKey
        self.createdAt = createdAt
        self.files = files
    }
}

/// A file an outbox row's e-mail carries.
public struct OutboxFile: Sendable, Hashable, Codable {
    public var name: String
    public var contentType: String
    public var body: Data

    public init(name: String, contentType: String, body: Data) {
        self.name = name
        self.contentType = contentType
        self.body = body
    }
}

/// What became of one attempt at a delivery, as the sender saw it.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The far side took it; its answer ("250 2.0.0 queued as 4F2A", "HTTP 204").
    case sent(String)
    /// A passing failure (a 4xx SMTP reply, a webhook 5xx, a timeout): try again, after
    /// `retryAfter` when the server said so, otherwise on the schedule.
    case retry(String, retryAfter: Duration?)
    /// Refused for good (an SMTP 5xx, a webhook 4xx): dead at once, retryable by an operator.
    case failed(String)
    /// Nobody to deliver to any more (a deactivated contact, a disabled endpoint).
    case skipped(String)
}

/// What the queue made of an outcome.
public enum RecordedDelivery: Sendable, Hashable {
    case sent
    case retrying(at: Date)
    /// Dead: refused for good, or given up at the schedule's horizon.
    case dead(gaveUp: Bool)
    case skipped
    /// Another worker holds the job now (this one's lease was lost); it delivers again.
    case leaseLost
}

extension JobQueue {
    /// The delivery a notification job makes, or nil when it no longer exists.
    public func outboxMessage(for job: ClaimedJob) async throws -> OutboxMessage? {
        guard let id = Int64(job.name) else { return nil }
        let rows = try await client.query(
            """
            SELECT o.outbox_id, o.customer_id, o.workflow_id, w.reference, w.created_at, w.type, o.recipient, o.channel, o.template,
                   o.fields::text, o.dedup_key, o.created_at,
                   (SELECT coalesce(json_agg(json_build_object('name', f.file_name, 'contentType', f.content_type,
                                                                'body', encode(f.body, 'base64')) ORDER BY f.file_name), '[]')::text
                    FROM outbox_files f WHERE f.file_set = o.file_set)
            FROM outbox o LEFT JOIN workflows w ON w.workflow_id = o.workflow_id
            WHERE o.outbox_id = \(id)
            """,
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        let (outboxID, customerID, workflowID, number, filedAt, type, recipient, channel, template, fields, dedupKey, createdAt, files) =
            try row.decode(
                (Int64, String, UUID?, Int64?, Date?, String?, String, String, String, String, String, Date, String).self,
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
            reference: number.flatMap { number in filedAt.map { RequestReference(number: number, filedAt: $0) } },
            requestType: type,
            recipient: recipient,
            channel: channel,
            template: template,
            fields: (try? JSONCoding.decoder.decode([String: String].self, from: Data(fields.utf8))) ?? [:],
            dedupKey: dedupKey,
            createdAt: createdAt,
            files: try JSONCoding.decoder.decode([OutboxFile].self, from: Data(files.utf8))
        )
    }

    /// Drops a notification job whose outbox row went with its workflow.
    public func discard(_ job: ClaimedJob) async throws {
        try await client.query("DELETE FROM jobs WHERE job_id = \(job.id) AND fence = \(job.fence)", logger: logger)
    }

    /// Records an attempt and its consequence in one transaction: the attempt row with the far
    /// side's answer, the outbox row's status, and the job completed, rescheduled or dead.
    @discardableResult
    public func record(
        _ outcome: DeliveryOutcome,
        of message: OutboxMessage,
        job: ClaimedJob,
        worker: String,
        schedule: DeliverySchedule
    ) async throws -> RecordedDelivery {
        let now = clock.now
        let (attemptOutcome, detail): (String, String) =
            switch outcome {
            case .sent(let answer): ("sent", answer)
            case .retry(let reason, _): ("retry", reason)
            case .failed(let reason): ("failed", reason)
            case .skipped(let reason): ("skipped", reason)
            }
        return try await client.transaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO delivery_attempts (outbox_id, customer_id, at, worker, outcome, detail)
                VALUES (\(message.id), \(message.customerID), \(now), \(worker), \(attemptOutcome), \(detail))
                """,
                logger: logger
            )
            let recorded: RecordedDelivery
            let status: String
            switch outcome {
            case .sent, .skipped:
                guard try await complete(job, on: connection) else { return .leaseLost }
                (recorded, status) = if case .sent = outcome { (.sent, "sent") } else { (.skipped, "skipped") }
            case .retry(let reason, let retryAfter):
                if let retryAt = schedule.retryAt(
                    afterAttempt: job.attempts, createdAt: message.createdAt, now: now, retryAfter: retryAfter)
                {
                    guard try await reschedule(job, at: retryAt, error: reason, on: connection) else { return .leaseLost }
                    return .retrying(at: retryAt)
                }
                let gaveUp = "gave up after \(job.attempts) attempts over \(schedule.horizonDescription): \(reason)"
                guard try await bury(job, error: gaveUp, on: connection) else { return .leaseLost }
                (recorded, status) = (.dead(gaveUp: true), "failed")
            case .failed(let reason):
                guard try await bury(job, error: reason, on: connection) else { return .leaseLost }
                (recorded, status) = (.dead(gaveUp: false), "failed")
            }
            try await connection.query(
                """
                UPDATE outbox SET status = \(status), sent_at = CASE WHEN \(status)::text = 'sent' THEN \(now) ELSE sent_at END
                WHERE outbox_id = \(message.id)
                """,
                logger: logger
            )
            return recorded
        }
    }

    private func reschedule(_ job: ClaimedJob, at retryAt: Date, error: String, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            """
            UPDATE jobs SET status = \(unescaped: JobStatus.ready.literal), run_at = \(retryAt), last_error = \(error),
                            fence = NULL, locked_by = NULL, locked_until = NULL
            WHERE job_id = \(job.id) AND fence = \(job.fence) AND status = \(unescaped: JobStatus.running.literal)
            RETURNING job_id
            """,
            logger: logger
        ).all().isEmpty
    }

    private func bury(_ job: ClaimedJob, error: String, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            """
            UPDATE jobs SET status = \(unescaped: JobStatus.dead.literal), last_error = \(error),
                            fence = NULL, locked_by = NULL, locked_until = NULL
            WHERE job_id = \(job.id) AND fence = \(job.fence) AND status = \(unescaped: JobStatus.running.literal)
            RETURNING job_id
            """,
            logger: logger
        ).all().isEmpty
    }
}

/// An outbox row that cannot be delivered as it is.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    public var outboxID: Int64
    public var reason: String

    public var description: String { "outbox message \(outboxID) cannot be delivered: \(reason)" }
}
