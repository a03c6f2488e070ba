import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Where the directory's people and endpoints are reached, read at delivery time.
///
/// Every call is bounded by `callDeadline`, as a worker's own calls are: a delivery waiting on a
/// statement lost with its connection would otherwise hold its batch, and its worker's shutdown, forever.
public struct DirectoryAddressBook: AddressBook {
    let client: PostgresClient
    let routing: NotificationRouter
    let clock: any WallClock
    let callDeadline: Duration
    let logger: Logger

    public init(
        client: PostgresClient, routing: NotificationRouter, clock: any WallClock = SystemClock(), callDeadline: Duration = .seconds(10),
        logger: Logger
    ) {
        self.client = client
        self.routing = routing
        self.clock = clock
        self.callDeadline = callDeadline
        self.logger = logger
    }

    private func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withDeadline(callDeadline) { [client, logger] in try await client.query(query, logger: logger).all() }
    }

    public func mailbox(of recipient: Recipient, customerID: String) async throws -> Mailbox? {
        let rows: [PostgresRow]
        switch recipient {
        case .contact(let id):
            rows = try await self.rows(
                "SELECT name, email FROM contacts WHERE customer_id = \(customerID) AND contact_id = \(id) AND active")
        case .staff(let id):
            rows = try await self.rows("SELECT name, email FROM staff WHERE staff_id = \(id) AND active")
        case .address(let address):
            return Mailbox(name: "", address: address)
        case .group, .customerContacts, .tamOrDutyManager, .webhook:
            return nil
        }
        guard let row = rows.first else { return nil }
        let (name, email) = try row.decode((String, String).self, context: .default)
        return Mailbox(name: name, address: email)
    }

    public func endpoint(_ id: String, customerID: String) async throws -> WebhookEndpoint? {
        let rows = try await self.rows(
            """
            SELECT url, secrets, active, disabled_reason FROM webhook_endpoints
            WHERE customer_id = \(customerID) AND endpoint_id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let (url, secrets, active, reason) = try row.decode((String, [String], Bool, String?).self, context: .default)
        return WebhookEndpoint(id: id, url: url, secrets: secrets, active: active, disabledReason: reason)
    }

    public func customerName(_ customerID: String) async throws -> String? {
        try await rows("SELECT name FROM customers WHERE customer_id = \(customerID)").first?.decode(String.self, context: .default)
    }

    public func disable(endpoint id: String, customerID: String, reason: String, workflowID: UUID?) async throws {
        let now = clock.now
        try await withDeadline(callDeadline) { [client, routing, logger] in
            try await client.transaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE webhook_endpoints SET active = false, disabled_at = \(now), disabled_reason = \(reason)
                    WHERE customer_id = \(customerID) AND endpoint_id = \(id) AND active
                    RETURNING url
                    """,
                    logger: logger
                ).all()
                // Already off: the first delivery to fail told the TAM.
                guard let url = try rows.first?.decode(String.self, context: .default) else { return }
                try await connection.query(
                    """
                    INSERT INTO audit_log (at, actor, action, customer_id, workflow_id, reason, details)
                    VALUES (\(now), 'system:webhook-delivery', 'webhook.disable', \(customerID), \(workflowID), \(reason),
                            jsonb_build_object('endpoint', \(id)::text, 'url', \(url)::text))
                    """,
                    logger: logger
                )
                let notice = StewardCore.Notification(
                    to: .tamOrDutyManager, template: "webhook-disabled", fields: ["endpoint": id, "url": url, "reason": reason],
                    dedupKey: "webhook-disabled-\(id)-\(Int(now.timeIntervalSince1970))")
                _ = try await Outbox.write(
                    notice, customerID: customerID, workflowID: workflowID, routing: routing, now: now, on: connection, logger: logger)
            }
        }
    }
}
