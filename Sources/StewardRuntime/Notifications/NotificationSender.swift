import Logging
import StewardPostgres

/// Delivers outbox messages (e-mail, phone call task, portal message). Delivery is at least once:
/// a sender passes `dedupKey` on so the far side can drop a repeat.
public protocol NotificationSender: Sendable {
    func deliver(_ message: OutboxMessage) async throws
}

/// Writes each message to the log: the sender of `steward dev` and of installations without a mail relay.
public struct LoggingNotificationSender: NotificationSender {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func deliver(_ message: OutboxMessage) async throws {
        logger.info(
            "notification",
            metadata: [
                "steward.notification.recipient": "\(message.recipient)",
                "steward.notification.channel": "\(message.channel)",
                "steward.notification.template": "\(message.template)",
                "steward.notification.dedup": "\(message.dedupKey)",
                "steward.customer.id": "\(message.customerID)",
                "steward.workflow.id": "\(message.workflowID.map { "\($0)" } ?? "-")",
            ]
        )
    }
}
