import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardPostgres

/// The mailbox of `steward dev`: e-mail is kept in the database for `steward mail list|show`
/// instead of leaving the machine.
public struct CaptureMailbox: MailTransport {
    let client: PostgresClient
    let clock: any WallClock
    let logger: Logger

    public init(client: PostgresClient, clock: any WallClock = SystemClock(), logger: Logger) {
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    public func send(_ message: [UInt8], from: String, to: [String], outboxID: Int64, subject: String) async -> DeliveryOutcome {
        do {
            let rows = try await client.query(
                """
                INSERT INTO captured_mail (outbox_id, captured_at, sender, recipients, subject, message)
                VALUES (\(outboxID), \(clock.now), \(from), \(to), \(subject), \(Data(message)))
                RETURNING captured_id
                """,
                logger: logger
            ).all()
            let id = try rows.first?.decode(Int64.self, context: .default) ?? 0
            return .sent("kept in the dev mailbox as message \(id): steward mail show \(id)")
        } catch {
            return .retry("cannot keep the message in the dev mailbox: \(error)", retryAfter: nil)
        }
    }

    /// One message kept, as `steward mail list|show` shows it.
    public struct Captured: Sendable {
        public var id: Int64
        public var outboxID: Int64?
        public var at: Date
        public var from: String
        public var to: [String]
        public var subject: String
        public var message: [UInt8]
    }

    /// The newest messages first, at most `limit`, without their bodies.
    public func list(limit: Int) async throws -> [Captured] {
        var found: [Captured] = []
        for try await (id, outboxID, at, from, to, subject) in try await client.query(
            """
            SELECT captured_id, outbox_id, captured_at, sender, recipients, subject FROM captured_mail
            ORDER BY captured_id DESC LIMIT \(limit)
            """,
            logger: logger
        ).decode((Int64, Int64?, Date, String, [String], String).self) {
            found.append(Captured(id: id, outboxID: outboxID, at: at, from: from, to: to, subject: subject, message: []))
        }
        return found
    }

    /// One message with its bytes as sent, or nil.
    public func message(_ id: Int64) async throws -> Captured? {
        let rows = try await client.query(
            "SELECT outbox_id, captured_at, sender, recipients, subject, message FROM captured_mail WHERE captured_id = \(id)",
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        let (outboxID, at, from, to, subject, message) = try row.decode(
            (Int64?, Date, String, [String], String, Data).self, context: .default)
        return Captured(id: id, outboxID: outboxID, at: at, from: from, to: to, subject: subject, message: Array(message))
    }
}
