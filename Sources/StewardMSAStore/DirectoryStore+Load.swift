import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

extension DirectoryStore {
    /// The whole directory as the database holds it now.
    public func load() async throws -> Directory {
        try await client.withConnection { connection in try await load(on: connection) }
    }

    func load(on connection: PostgresConnection) async throws -> Directory {
        var away: [String: [Directory.Period]] = [:]
        for try await (staffID, start, end) in try await connection.query(
            "SELECT staff_id, starts_at, ends_at FROM staff_away ORDER BY staff_id, starts_at",
            logger: logger
        ).decode((String, Date, Date).self) {
            away[staffID, default: []].append(Directory.Period(start: start, end: end))
        }
        var staff: [Directory.StaffMember] = []
        for try await (id, name, email, phone, calendar, active) in try await connection.query(
            "SELECT staff_id, name, email, phone, calendar, active FROM staff ORDER BY staff_id",
            logger: logger
        ).decode((String, String, String, String?, String, Bool).self) {
            staff.append(.init(id: id, name: name, email: email, phone: phone, calendar: calendar, away: away[id] ?? [], active: active))
        }
        var groups: [Directory.Group] = []
        for try await (name, title, active, members) in try await connection.query(
            """
            SELECT g.group_name, g.title, g.active,
                   coalesce((SELECT array_agg(staff_id ORDER BY staff_id) FROM group_members m WHERE m.group_name = g.group_name), '{}')
            FROM groups g ORDER BY g.group_name
            """,
            logger: logger
        ).decode((String, String, Bool, [String]).self) {
            groups.append(.init(name: name, title: title, members: members, active: active))
        }
        return Directory(
            staff: staff,
            groups: groups,
            dutyRota: try await Self.dutyRota(on: connection, logger: logger),
            customers: try await Self.customers(on: connection, logger: logger)
        )
    }

    /// The duty rota (only its shifts covering `instant`, when given); with no fallback recorded
    /// yet, an empty one (routing then addresses the duty managers' group).
    static func dutyRota(covering instant: Date? = nil, on connection: PostgresConnection, logger: Logger) async throws -> DutyRota {
        var shifts: [DutyRota.Shift] = []
        for try await (manager, start, end) in try await connection.query(
            """
            SELECT staff_id, starts_at, ends_at FROM duty_shifts
            WHERE \(instant)::timestamptz IS NULL OR (starts_at <= \(instant) AND \(instant) < ends_at)
            ORDER BY starts_at, staff_id
            """,
            logger: logger
        ).decode((String, Date, Date).self) {
            shifts.append(.init(manager: manager, start: start, end: end))
        }
        let fallback = try await connection.query("SELECT staff_id FROM duty_fallback", logger: logger).all().first?
            .decode(String.self, context: .default)
        return DutyRota(shifts: shifts, fallback: fallback ?? "")
    }

    /// Every customer with their contacts and endpoints, or only `customer` when given.
    static func customers(
        only customer: String? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> [Directory.Customer]
    {
        var contacts: [String: [Directory.Contact]] = [:]
        for try await (customerID, id, name, email, phone, language, notifications, acceptor, active) in try await connection.query(
            """
            SELECT customer_id, contact_id, name, email, phone, language, notifications::text, licence_acceptor, active
            FROM contacts WHERE \(customer)::text IS NULL OR customer_id = \(customer)
            ORDER BY customer_id, contact_id
            """,
            logger: logger
        ).decode((String, String, String, String, String?, String, String, Bool, Bool).self) {
            let channels = try JSONCoding.decoder.decode([String: Directory.Contact.Channel].self, from: Data(notifications.utf8))
            contacts[customerID, default: []].append(
                .init(
                    id: id, name: name, email: email, phone: phone, language: language, notifications: channels,
                    licenceAcceptor: acceptor, active: active)
            )
        }
        var webhooks: [String: [Directory.Webhook]] = [:]
        for try await (customerID, id, url, secrets, kinds, active) in try await connection.query(
            """
            SELECT customer_id, endpoint_id, url, secrets, kinds, active FROM webhook_endpoints
            WHERE \(customer)::text IS NULL OR customer_id = \(customer) ORDER BY customer_id, endpoint_id
            """,
            logger: logger
        ).decode((String, String, String, [String], [String], Bool).self) {
            webhooks[customerID, default: []].append(.init(id: id, url: url, secrets: secrets, kinds: kinds, active: active))
        }
        var customers: [Directory.Customer] = []
        for try await (id, name, tier, calendar, zone, start, end, tam, via, active) in try await connection.query(
            """
            SELECT customer_id, name, tier, support_calendar, time_zone, contract_start::text, contract_end::text, tam_id,
                   daily_report_via, active
            FROM customers WHERE \(customer)::text IS NULL OR customer_id = \(customer) ORDER BY customer_id
            """,
            logger: logger
        ).decode((String, String, String, String, String, String, String?, String?, String, Bool).self) {
            guard let tier = SupportTier(rawValue: tier), let start = LocalDate(start),
                let via = IncidentWorkflow.DailyReportVia(rawValue: via)
            else { throw DirectoryError(field: "customers.\(id)", "the stored customer does not read back; check its row") }
            customers.append(
                .init(
                    id: id, name: name, tier: tier, supportCalendar: calendar, timeZone: zone, contractStart: start,
                    contractEnd: end.flatMap(LocalDate.init), tam: tam, dailyReportVia: via, contacts: contacts[id] ?? [],
                    webhooks: webhooks[id] ?? [], active: active)
            )
        }
        return customers
    }
}
