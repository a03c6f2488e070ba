import Foundation
import Logging
import StewardCore
import StewardPostgres

/// Delivers one outbox row (an e-mail, a webhook) and says what became of it. Delivery is at least
/// once: a sender passes an id derived from the row on (`Message-ID`, `webhook-id`) so the far side
/// can drop a repeat.
public protocol NotificationSender: Sendable {
    func deliver(_ message: OutboxMessage) async -> DeliveryOutcome
    /// The queue gave the delivery up at its horizon (a webhook endpoint that never answered).
    func gaveUp(on message: OutboxMessage, reason: String) async
}

extension NotificationSender {
    public func gaveUp(on message: OutboxMessage, reason: String) async {}
}

/// Writes each message to the log and calls it sent: for benchmarks of the engine alone.
public struct LoggingNotificationSender: NotificationSender {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func deliver(_ message: OutboxMessage) async -> DeliveryOutcome {
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
        return .sent("written to the log")
    }
}

/// Sends each row by its channel: e-mail and webhooks through their senders; the portal shows its
/// messages itself, and phone is a call task, so neither has anything to send.
public struct NotificationDispatcher: NotificationSender {
    let email: any NotificationSender
    let webhook: any NotificationSender

    public init(email: any NotificationSender, webhook: any NotificationSender) {
        self.email = email
        self.webhook = webhook
    }

    public func deliver(_ message: OutboxMessage) async -> DeliveryOutcome {
        switch message.channel {
        case .email: await email.deliver(message)
        case .webhook: await webhook.deliver(message)
        case .portal: .sent("shown in the portal")
        case .phone: .skipped("phone calls are call tasks; nothing is sent")
        }
    }

    public func gaveUp(on message: OutboxMessage, reason: String) async {
        switch message.channel {
        case .email: await email.gaveUp(on: message, reason: reason)
        case .webhook: await webhook.gaveUp(on: message, reason: reason)
        case .portal, .phone: break
        }
    }
}
