import Crypto
import Foundation
import PostgresNIO
import StewardCore
import StewardMSA
import StewardMail
import StewardPostgres

/// What became of one message handed in by the mail gateway.
public struct MailReceipt: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// A known contact's new message filed an incident.
        case filed
        /// A reply threaded to its request as the customer's answer.
        case replied
        /// A delivery status notice that marked the delivery it reports on.
        case bounce
        /// Not acted on, for `reason`; the message is kept.
        case refused
    }

    public var outcome: Outcome
    public var reason: String
    /// The row of `inbound_mail` that keeps the message's story.
    public var inboundID: Int64
    public var requestID: UUID?
    /// True when the same Message-ID was handed in before: nothing new was done.
    public var duplicate: Bool
}

/// Mail in: the gateway hands in each message as received (RFC 5322 bytes), and the desk files it,
/// threads it to its request, marks the delivery a bounce reports on, or refuses it with the
/// reason. Every message is recorded once, by its Message-ID, with what became of it.
extension ServiceDesk {
    public func receiveMail(_ raw: [UInt8], by principal: Principal) async throws -> MailReceipt {
        try principal.require(.receiveMail)
        let fingerprint = "sha256:" + SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined()
        let message: InboundMessage
        do {
            message = try InboundMessage.parse(raw)
        } catch {
            let intake = Intake(messageID: fingerprint, sender: nil, subject: "", size: raw.count, body: "")
            return try await refuse(intake, "the message cannot be read: \(error.reason)")
        }
        let intake = Intake(
            messageID: message.messageID ?? fingerprint, sender: message.from?.normalizedAddress, subject: message.subject, size: raw.count,
            body: ReplyText.newContent(of: message.text))
        if let earlier = try await inboundReceipt(intake.messageID) { return earlier }
        if let report = message.deliveryReport { return try await bounce(intake, report) }
        if let loop = MailIntake.loopReason(of: message) { return try await refuse(intake, loop) }
        guard let address = intake.sender, let (customerID, contactID) = try await contact(at: address) else {
            return try await refuse(
                intake,
                "\(intake.sender ?? "a message without a From") is not the address of an active contact; the customer's TAM adds contacts, or the customer files on the portal"
            )
        }
        let sender = Principal(tokenID: nil, role: .customer, customerID: customerID, contact: contactID)
        let hints = MailIntake.threadHints(of: message)
        switch try await request(named: hints, customerID: customerID) {
        case .some(.success(let requestID)):
            return try await reply(intake, message, to: requestID, from: sender)
        case .some(.failure(let refusal)):
            return try await refuse(intake, refusal.reason, customerID: customerID, contactID: contactID)
        case .none:
            return try await fileIncident(intake, message, from: sender)
        }
    }

    /// What every record of a message keeps.
    struct Intake: Sendable {
        var messageID: String
        var sender: String?
        var subject: String
        var size: Int
        var body: String
    }

    struct Refusal: Error {
        var reason: String
    }

    /// Whether the desk or the engine refused what the message asks (a rule, a state, a contract):
    /// then the message is refused with that reason. Anything else (the database) is thrown, so the
    /// gateway tells the MTA to try again.
    private static func isRefusedByTheDesk(_ error: any Error) -> Bool {
        error is ServiceDeskError || error is EngineError
    }

    private func fileIncident(_ intake: Intake, _ message: InboundMessage, from sender: Principal) async throws -> MailReceipt {
        let now = engine.clock.now
        let summary = MailIntake.summary(of: message.subject)
        let fields: [String: JSONValue] = [
            "summary": .string(summary.isEmpty ? "E-mail without a subject from \(intake.sender ?? "a contact")" : summary),
            "severity": .number(Double(MailIntake.severity(in: message.subject) ?? MailIntake.defaultSeverity)),
            "channel": .string("email"),
            "receivedAt": .string(MailIntake.receivedAt(of: message, now: now).formatted(.iso8601)),
            "description": .string(MailIntake.text(message.text, attaching: message.attachments)),
        ]
        // The key makes a second hand-in of the same message find the request the first one filed,
        // even when the first died before it recorded the message.
        let key = "mail-" + SHA256.hash(data: Data(intake.messageID.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        let filed: Filed
        do {
            filed = try await file(
                Filing(type: IncidentWorkflow.type, fields: fields, idempotencyKey: key), by: sender, as: .mailGateway)
        } catch  where Self.isRefusedByTheDesk(error) {
            return try await refuse(intake, "it cannot be filed: \(error)", customerID: sender.customerID, contactID: sender.contact)
        }
        let id = filed.request.snapshot.id
        return try await engine.client.withConnection { connection in
            try await self.record(
                intake, outcome: .filed, reason: "filed as an incident", customerID: sender.customerID, contactID: sender.contact,
                requestID: id, attachments: message.attachments, on: connection)
        }
    }

    private func reply(_ intake: Intake, _ message: InboundMessage, to requestID: UUID, from sender: Principal) async throws -> MailReceipt
    {
        guard !intake.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return try await refuse(
                intake, "the reply holds no new text, only quoted history", customerID: sender.customerID, contactID: sender.contact)
        }
        let text = MailIntake.text(intake.body, attaching: message.attachments)
        let event = try JSONCoding.encoder.encode(["customerReplied": ["message": text]])
        do {
            _ = try await send(event: event, to: requestID, expectedVersion: nil, by: sender) { connection in
                let recorded = try await self.record(
                    intake, outcome: .replied, reason: "the customer's reply to the request", customerID: sender.customerID,
                    contactID: sender.contact, requestID: requestID, attachments: message.attachments, on: connection)
                // The same message handed in twice at once: only the first one's reply stands.
                if recorded.duplicate { throw Refusal(reason: "handed in twice") }
            }
        } catch is Refusal {
            if let earlier = try await inboundReceipt(intake.messageID) { return earlier }
            throw Refusal(reason: "message \(intake.messageID) was recorded and is gone")
        } catch  where Self.isRefusedByTheDesk(error) {
            return try await refuse(
                intake, "the request takes no reply now: \(error)", customerID: sender.customerID, contactID: sender.contact)
        }
        // The record committed with the reply.
        guard var receipt = try await inboundReceipt(intake.messageID) else {
            throw Refusal(reason: "the reply was applied without its record")
        }
        receipt.duplicate = false
        return receipt
    }

    /// A DSN marks the delivery it reports on bounced, with the remote server's words.
    private func bounce(_ intake: Intake, _ report: DeliveryReport) async throws -> MailReceipt {
        guard let original = report.originalMessageID, let outboxID = MessageIDs.outboxID(in: original) else {
            return try await refuse(intake, "a delivery status notice about a message Steward did not send")
        }
        guard report.isFailure else {
            return try await refuse(intake, "a delivery status notice that reports no failure (delayed or relayed); nothing to mark")
        }
        let detail = report.recipients.filter { $0.action.lowercased() == "failed" }
            .map { "\($0.finalRecipient): \($0.status)\($0.diagnostic.map { " \($0)" } ?? "")" }.joined(separator: "; ")
        let now = engine.clock.now
        return try await engine.client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "UPDATE outbox SET status = 'bounced' WHERE outbox_id = \(outboxID) RETURNING customer_id, workflow_id", logger: self.logger
            ).all()
            guard let row = rows.first else {
                return try await self.record(
                    intake, outcome: .refused, reason: "a bounce of delivery \(outboxID), which no longer exists", on: connection)
            }
            let (customerID, workflowID) = try row.decode((String, UUID?).self, context: .default)
            try await connection.query(
                """
                INSERT INTO delivery_attempts (outbox_id, customer_id, at, worker, outcome, detail)
                VALUES (\(outboxID), \(customerID), \(now), 'mail-gateway', 'bounced', \(detail.isEmpty ? "bounced" : detail))
                """,
                logger: self.logger
            )
            return try await self.record(
                intake, outcome: .bounce, reason: "delivery \(outboxID) bounced: \(detail)", customerID: customerID, requestID: workflowID,
                outboxID: outboxID, on: connection)
        }
    }

    private func refuse(_ intake: Intake, _ reason: String, customerID: String? = nil, contactID: String? = nil) async throws -> MailReceipt
    {
        try await engine.client.withConnection { connection in
            try await self.record(intake, outcome: .refused, reason: reason, customerID: customerID, contactID: contactID, on: connection)
        }
    }

    /// Writes the message's record (and its attachments, stored and never opened); a message whose
    /// Message-ID is recorded already keeps the first record.
    private func record(
        _ intake: Intake, outcome: MailReceipt.Outcome, reason: String, customerID: String? = nil, contactID: String? = nil,
        requestID: UUID? = nil, outboxID: Int64? = nil, attachments: [MailAttachment] = [], on connection: PostgresConnection
    ) async throws -> MailReceipt {
        let rows = try await connection.query(
            """
            INSERT INTO inbound_mail (message_id, received_at, sender, subject, size_bytes, body, outcome, reason, customer_id, contact_id,
                                      workflow_id, outbox_id)
            VALUES (\(intake.messageID), \(engine.clock.now), \(intake.sender), \(intake.subject), \(intake.size), \(intake.body),
                    \(outcome.rawValue), \(reason), \(customerID), \(contactID), \(requestID), \(outboxID))
            ON CONFLICT (message_id) DO NOTHING
            RETURNING inbound_id
            """,
            logger: logger
        ).all()
        guard let id = try rows.first?.decode(Int64.self, context: .default) else {
            guard let earlier = try await inboundReceipt(intake.messageID, on: connection) else {
                throw Refusal(reason: "message \(intake.messageID) was recorded and is gone")
            }
            return earlier
        }
        if let customerID {
            for (position, attachment) in attachments.enumerated() {
                let digest = SHA256.hash(data: attachment.data).map { String(format: "%02x", $0) }.joined()
                try await connection.query(
                    """
                    INSERT INTO inbound_attachments (inbound_id, position, customer_id, filename, content_type, size_bytes, sha256, content)
                    VALUES (\(id), \(position + 1), \(customerID), \(attachment.filename), \(attachment.contentType), \(attachment.data.count),
                            \(digest), \(Data(attachment.data)))
                    """,
                    logger: logger
                )
            }
        }
        return MailReceipt(outcome: outcome, reason: reason, inboundID: id, requestID: requestID, duplicate: false)
    }

    private func inboundReceipt(_ messageID: String, on connection: PostgresConnection? = nil) async throws -> MailReceipt? {
        let query: PostgresQuery = "SELECT inbound_id, outcome, reason, workflow_id FROM inbound_mail WHERE message_id = \(messageID)"
        let rows =
            if let connection {
                try await connection.query(query, logger: logger).all()
            } else {
                try await engine.client.query(query, logger: logger).all()
            }
        guard let row = rows.first else { return nil }
        let (id, outcome, reason, requestID) = try row.decode((Int64, String, String, UUID?).self, context: .default)
        return MailReceipt(
            outcome: MailReceipt.Outcome(rawValue: outcome) ?? .refused, reason: reason, inboundID: id, requestID: requestID,
            duplicate: true)
    }

    /// The active contact of an active customer who writes from `address`; nil when none is, or when
    /// several customers' contacts share it (the message cannot say whose it is).
    private func contact(at address: String) async throws -> (String, String)? {
        let rows = try await engine.client.query(
            """
            SELECT c.customer_id, c.contact_id FROM contacts c JOIN customers u USING (customer_id)
            WHERE lower(c.email) = \(address.lowercased()) AND c.active AND u.active
            LIMIT 2
            """,
            logger: logger
        ).all()
        guard rows.count == 1 else { return nil }
        return try rows[0].decode((String, String).self, context: .default)
    }

    /// The request the hints name, if any: found (and the sender's customer's), or why the
    /// message cannot go to the request it names.
    private func request(
        named hints: (references: [RequestReference], outboxIDs: [Int64]), customerID: String
    ) async throws
        -> Result<UUID, Refusal>?
    {
        for reference in hints.references {
            let rows = try await engine.client.query(
                "SELECT workflow_id, customer_id, created_at FROM workflows WHERE reference = \(reference.number)", logger: logger
            ).all()
            guard let row = rows.first else { continue }
            let (id, owner, filedAt) = try row.decode((UUID, String, Date).self, context: .default)
            guard RequestReference(number: reference.number, filedAt: filedAt) == reference else { continue }
            guard owner == customerID else {
                return .failure(
                    Refusal(
                        reason: "it names \(reference), which is not a request of \(customerID); send a new message without it to file one")
                )
            }
            return .success(id)
        }
        guard !hints.outboxIDs.isEmpty else { return nil }
        let rows = try await engine.client.query(
            """
            SELECT workflow_id FROM outbox WHERE outbox_id = ANY(\(hints.outboxIDs)) AND customer_id = \(customerID)
                                             AND workflow_id IS NOT NULL
            ORDER BY array_position(\(hints.outboxIDs), outbox_id) LIMIT 1
            """,
            logger: logger
        ).all()
        return try rows.first.map { .success(try $0.decode(UUID.self, context: .default)) }
    }
}

extension ServiceDesk {
    /// The e-mail kept on this machine instead of sent (`steward dev`), newest first: every
    /// customer's, so operators only.
    public func keptMail(limit: Int, for principal: Principal) async throws -> [CapturedMail.Message] {
        try principal.require(.readKeptMail)
        try Self.check(limit: limit)
        return try await CapturedMail(client: engine.client, logger: logger).list(limit: limit)
    }

    /// One kept message, parsed for reading: its headers and text.
    public func keptMessage(_ id: Int64, for principal: Principal) async throws -> (message: CapturedMail.Message, parsed: InboundMessage) {
        try principal.require(.readKeptMail)
        guard let message = try await CapturedMail(client: engine.client, logger: logger).message(id) else {
            throw ServiceDeskError.notFound("kept message \(id)")
        }
        return (message, try InboundMessage.parse(message.bytes))
    }
}
