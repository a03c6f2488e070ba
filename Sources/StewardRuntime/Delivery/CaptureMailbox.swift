import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardPostgres

/// The mailbox of `steward dev`: e-mail is kept in the database instead of leaving the machine,
/// for `steward mail list|show` and the console's mailbox (``CapturedMail`` reads it).
///
/// Keeping a message is a database call, bounded by `callDeadline` as a worker's own calls are.
public struct CaptureMailbox: MailTransport {
    let client: PostgresClient
    let clock: any WallClock
    let callDeadline: Duration
    let logger: Logger

    public init(client: PostgresClient, clock: any WallClock = SystemClock(), callDeadline: Duration = .seconds(10), logger: Logger) {
        self.client = client
        self.clock = clock
        self.callDeadline = callDeadline
        self.logger = logger
    }

    public func send(_ message: [UInt8], from: String, to: [String], outboxID: Int64, subject: String) async -> DeliveryOutcome {
        do {
            let query: PostgresQuery = try """
            INSERT INTO captured_mail (outbox_id, captured_at, sender, recipients, subject, message)
            VALUES (\(outboxID), \(clock.now), \(from), \(to), \(subject), \(Data(message)))
            RETURNING captured_id
            """
            let rows = try await withDeadline(callDeadline) { [client, logger] in try await client.query(query, logger: logger).all() }
            let id = try rows.first?.decode(Int64.self, context: .default) ?? 0
            return .sent("kept in the dev mailbox as message \(id): steward mail show \(id)")
        } catch {
            return .retry("cannot keep the message in the dev mailbox: \(error)", retryAfter: nil)
        }
    }
}
