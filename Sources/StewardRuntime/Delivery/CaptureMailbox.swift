import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardPostgres

/// The mailbox of `steward dev`: e-mail is kept in the database instead of leaving the machine,
/// for `steward mail list|show` and the console's mailbox (``CapturedMail`` reads it).
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
}
