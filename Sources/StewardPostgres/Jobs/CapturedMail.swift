import Foundation
import Logging
import PostgresNIO

/// The e-mail `steward dev` keeps instead of sending (workers without `--smtp-url` write it to
/// `captured_mail`), as `steward mail list|show` and the console's mailbox read it.
public struct CapturedMail: Sendable {
    /// One message kept.
    public struct Message: Sendable {
        public var id: Int64
        public var outboxID: Int64?
        public var at: Date
        public var from: String
        public var to: [String]
        public var subject: String
        /// The bytes as sent (RFC 5322 with its MIME parts); empty in a list.
        public var bytes: [UInt8]
    }

    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The newest messages first, at most `limit`, without their bodies.
    public func list(limit: Int) async throws -> [Message] {
        var found: [Message] = []
        for try await (id, outboxID, at, from, to, subject) in try await client.query(
            """
            SELECT captured_id, outbox_id, captured_at, sender, recipients, subject FROM captured_mail
            ORDER BY captured_id DESC LIMIT \(limit)
            """,
            logger: logger
        ).decode((Int64, Int64?, Date, String, [String], String).self) {
            found.append(Message(id: id, outboxID: outboxID, at: at, from: from, to: to, subject: subject, bytes: []))
        }
        return found
    }

    /// One message with its bytes as sent, or nil.
    public func message(_ id: Int64) async throws -> Message? {
        let rows = try await client.query(
            "SELECT outbox_id, captured_at, sender, recipients, subject, message FROM captured_mail WHERE captured_id = \(id)",
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        let (outboxID, at, from, to, subject, message) = try row.decode(
            (Int64?, Date, String, [String], String, Data).self, context: .default)
        return Message(id: id, outboxID: outboxID, at: at, from: from, to: to, subject: subject, bytes: Array(message))
    }
}
