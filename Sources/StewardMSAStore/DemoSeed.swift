import Logging
import PostgresNIO
import StewardMSA
import StewardPostgres

/// Demo customers for `steward dev`, and the staff and groups of groups.yaml; seeding again changes nothing.
public enum DemoSeed {
    public static let customers: [(id: String, name: String, tier: String, tam: String?, calendar: String, dailyReportVia: String)] = [
        ("acme", "Acme Manufacturing", "enterprise", "tom", "berlin-support", "email"),
        ("globex", "Globex Logistics", "enterprise", "tara", "tokyo-office", "phone"),
        ("initech", "Initech", "standard", nil, "berlin-support", "email"),
    ]

    public static func seed(_ client: PostgresClient, policy: MSAPolicy, logger: Logger) async throws {
        for person in policy.staff {
            try await client.query(
                """
                INSERT INTO staff (staff_id, name, email, calendar, away)
                VALUES (\(person.id), \(person.name), \(person.email), \(person.calendar), \(person.away ?? false))
                ON CONFLICT (staff_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, calendar = EXCLUDED.calendar,
                                                     away = EXCLUDED.away
                """,
                logger: logger
            )
        }
        for group in policy.groups {
            try await client.query(
                """
                INSERT INTO groups (group_name, title) VALUES (\(group.name), \(group.title))
                ON CONFLICT (group_name) DO UPDATE SET title = EXCLUDED.title
                """,
                logger: logger
            )
            for member in group.members {
                try await client.query(
                    "INSERT INTO group_members (group_name, staff_id) VALUES (\(group.name), \(member)) ON CONFLICT DO NOTHING",
                    logger: logger
                )
            }
        }
        for customer in customers {
            try await client.query(
                """
                INSERT INTO customers (customer_id, name, tier, tam_id, support_calendar, daily_report_via)
                VALUES (\(customer.id), \(customer.name), \(customer.tier), \(customer.tam), \(customer.calendar),
                        \(customer.dailyReportVia))
                ON CONFLICT DO NOTHING
                """,
                logger: logger
            )
        }
    }
}
