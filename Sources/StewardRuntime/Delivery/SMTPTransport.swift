import StewardPostgres
import StewardSMTP

/// E-mail to an SMTP relay: a 5xx answer is refused for good (the job is dead and retryable by an
/// operator), everything else is tried again on the schedule.
public struct SMTPTransport: MailTransport {
    let client: SMTPClient

    public init(client: SMTPClient) {
        self.client = client
    }

    public func send(_ message: [UInt8], from: String, to: [String], outboxID: Int64, subject: String) async -> DeliveryOutcome {
        do {
            let receipt = try await client.send(from: from, to: to, message: message)
            return .sent("\(receipt.reply)\(receipt.wasEncrypted ? " (TLS)" : "")")
        } catch {
            return error.isPermanent ? .failed("\(error)") : .retry("\(error)", retryAfter: nil)
        }
    }
}
