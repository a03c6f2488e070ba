import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// The directory in the database: staff, groups, the duty rota, customers, contacts and webhook
/// endpoints. Every change is written with its audit row (who, when, before and after) in one
/// transaction.
public struct DirectoryStore: Sendable {
    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Builds changes from the directory as it stands and writes them, each audited as done by
    /// `actor`, in one transaction under a lock, so a change built from a read cannot overwrite
    /// one made in between unseen. Returns what `change` returned beside its changes.
    public func update<Result: Sendable>(
        by actor: Participant,
        reason: String = "",
        at now: Date,
        _ change: (Directory) throws -> ([DirectoryChange], Result)
    ) async throws -> Result {
        try await client.transaction(logger: logger) { connection in
            // Directory changes are rare: one at a time keeps each built on what it read.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('steward.directory'))", logger: logger)
            let (changes, result) = try change(try await load(on: connection))
            for change in changes { try await write(change, by: actor, reason: reason, at: now, on: connection) }
            return result
        }
    }

    private func write(
        _ change: DirectoryChange, by actor: Participant, reason: String, at now: Date, on connection: PostgresConnection
    )
        async throws
    {
        switch change {
        case .staff(_, let member):
            try await connection.query(
                """
                INSERT INTO staff (staff_id, name, email, phone, calendar, active)
                VALUES (\(member.id), \(member.name), \(member.email), \(member.phone), \(member.calendar), \(member.active))
                ON CONFLICT (staff_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone,
                    calendar = EXCLUDED.calendar, active = EXCLUDED.active
                """,
                logger: logger
            )
            try await connection.query("DELETE FROM staff_away WHERE staff_id = \(member.id)", logger: logger)
            try await connection.query(
                """
                INSERT INTO staff_away (staff_id, starts_at, ends_at)
                SELECT \(member.id), starts_at, ends_at FROM unnest(\(member.away.map(\.start)), \(member.away.map(\.end))) AS a(starts_at, ends_at)
                """,
                logger: logger
            )
        case .group(_, let group):
            try await connection.query(
                """
                INSERT INTO groups (group_name, title, active) VALUES (\(group.name), \(group.title), \(group.active))
                ON CONFLICT (group_name) DO UPDATE SET title = EXCLUDED.title, active = EXCLUDED.active
                """,
                logger: logger
            )
            try await connection.query("DELETE FROM group_members WHERE group_name = \(group.name)", logger: logger)
            try await connection.query(
                "INSERT INTO group_members (group_name, staff_id) SELECT \(group.name), unnest(\(group.members))",
                logger: logger
            )
        case .dutyRota(_, let rota):
            try await connection.query("DELETE FROM duty_shifts", logger: logger)
            try await connection.query(
                """
                INSERT INTO duty_shifts (staff_id, starts_at, ends_at)
                SELECT * FROM unnest(\(rota.shifts.map(\.manager)), \(rota.shifts.map(\.start)), \(rota.shifts.map(\.end)))
                """,
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO duty_fallback (staff_id) VALUES (\(rota.fallback))
                ON CONFLICT (only_row) DO UPDATE SET staff_id = EXCLUDED.staff_id
                """,
                logger: logger
            )
        case .customer(_, let customer):
            try await connection.query(
                """
                INSERT INTO customers (customer_id, name, tier, support_calendar, time_zone, contract_start, contract_end, tam_id,
                                       daily_report_via, active)
                VALUES (\(customer.id), \(customer.name), \(customer.tier.rawValue), \(customer.supportCalendar), \(customer.timeZone),
                        \(customer.contractStart.description)::date, \(customer.contractEnd?.description)::date, \(customer.tam),
                        \(customer.dailyReportVia.rawValue), \(customer.active))
                ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier,
                    support_calendar = EXCLUDED.support_calendar, time_zone = EXCLUDED.time_zone,
                    contract_start = EXCLUDED.contract_start, contract_end = EXCLUDED.contract_end, tam_id = EXCLUDED.tam_id,
                    daily_report_via = EXCLUDED.daily_report_via, active = EXCLUDED.active
                """,
                logger: logger
            )
            try await ReportSchedules.settle(
                customerID: customer.id, timeZone: TimeZone(identifier: customer.timeZone) ?? .gmt, at: now, on: connection, logger: logger)
            try await connection.query("DELETE FROM webhook_endpoints WHERE customer_id = \(customer.id)", logger: logger)
            for webhook in customer.webhooks {
                try await connection.query(
                    """
                    INSERT INTO webhook_endpoints (customer_id, endpoint_id, url, secrets, kinds, active, created_at)
                    VALUES (\(customer.id), \(webhook.id), \(webhook.url), \(webhook.secrets), \(webhook.kinds), \(webhook.active), \(now))
                    """,
                    logger: logger
                )
            }
        case .contact(let customerID, _, let contact):
            let notifications = String(decoding: try JSONCoding.encoder.encode(contact.notifications), as: UTF8.self)
            try await connection.query(
                """
                INSERT INTO contacts (customer_id, contact_id, name, email, phone, language, notifications, licence_acceptor, active,
                                      created_at)
                VALUES (\(customerID), \(contact.id), \(contact.name), \(contact.email), \(contact.phone), \(contact.language),
                        \(notifications)::jsonb, \(contact.licenceAcceptor), \(contact.active), \(now))
                ON CONFLICT (customer_id, contact_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                    phone = EXCLUDED.phone, language = EXCLUDED.language, notifications = EXCLUDED.notifications,
                    licence_acceptor = EXCLUDED.licence_acceptor, active = EXCLUDED.active
                """,
                logger: logger
            )
        }
        try await audit(change, by: actor, reason: reason, at: now, on: connection)
    }

    private func audit(
        _ change: DirectoryChange, by actor: Participant, reason: String, at now: Date, on connection: PostgresConnection
    )
        async throws
    {
        let (action, customerID, before, after) = try Self.auditRecord(of: change)
        try await connection.query(
            """
            INSERT INTO audit_log (at, actor, action, customer_id, reason, details, before, after)
            VALUES (\(now), \(actor.description), \(action), \(customerID), \(reason), '{}'::jsonb, \(before)::jsonb, \(after)::jsonb)
            """,
            logger: logger
        )
    }

    /// The audit action (`contact.update`), the customer it concerns and the record before and after as JSON.
    static func auditRecord(of change: DirectoryChange) throws -> (String, String?, String?, String) {
        func json(_ value: some Encodable) throws -> String { String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self) }
        func action(_ kind: String, wasActive: Bool?, isActive: Bool) -> String {
            guard let wasActive else { return "\(kind).create" }
            return wasActive && !isActive ? "\(kind).deactivate" : "\(kind).update"
        }
        switch change {
        case .staff(let before, let after):
            return (action("staff", wasActive: before?.active, isActive: after.active), nil, try before.map(json), try json(after))
        case .group(let before, let after):
            return (action("group", wasActive: before?.active, isActive: after.active), nil, try before.map(json), try json(after))
        case .dutyRota(let before, let after):
            return ("duty-rota.update", nil, try before.map(json), try json(after))
        case .customer(let before, let after):
            return (action("customer", wasActive: before?.active, isActive: after.active), after.id, try before.map(json), try json(after))
        case .contact(let customerID, let before, let after):
            return (action("contact", wasActive: before?.active, isActive: after.active), customerID, try before.map(json), try json(after))
        }
    }
}
