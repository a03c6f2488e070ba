import Logging
import PostgresNIO

/// Demo customers, staff and groups for `steward dev`; inserting them again changes nothing.
enum DemoSeed {
    static let customers: [(id: String, name: String, tier: String)] = [
        ("acme", "Acme Manufacturing", "enterprise"),
        ("globex", "Globex Logistics", "enterprise"),
        ("initech", "Initech", "standard"),
    ]

    static let groups: [(name: String, title: String, members: [String])] = [
        ("support", "Support engineers", ["alice", "bob"]),
        ("enterprise-engineering", "Enterprise engineering (private patches)", ["erin"]),
        ("qa", "Quality assurance", ["quinn"]),
        ("virus-lab", "Virus lab", ["viktor"]),
        ("av-release", "Antivirus database release", ["viktor", "rita"]),
        ("health-check", "Health-check team", ["hana"]),
        ("tam", "Technical account managers", ["tom", "tara"]),
        ("duty-managers", "Duty managers", ["dana"]),
    ]

    static let staff: [(id: String, name: String)] = [
        ("alice", "Alice Support"), ("bob", "Bob Support"), ("erin", "Erin Engineering"), ("quinn", "Quinn QA"),
        ("viktor", "Viktor Lab"), ("rita", "Rita Release"), ("hana", "Hana Health"), ("tom", "Tom TAM"),
        ("tara", "Tara TAM"), ("dana", "Dana Duty"),
    ]

    static func seed(_ client: PostgresClient, logger: Logger) async throws {
        for customer in customers {
            try await client.query(
                """
                INSERT INTO customers (customer_id, name, tier) VALUES (\(customer.id), \(customer.name), \(customer.tier))
                ON CONFLICT DO NOTHING
                """,
                logger: logger
            )
        }
        for person in staff {
            try await client.query(
                """
                INSERT INTO staff (staff_id, name, email) VALUES (\(person.id), \(person.name), \(person.id + "@steward.example"))
                ON CONFLICT DO NOTHING
                """,
                logger: logger
            )
        }
        for group in groups {
            try await client.query(
                "INSERT INTO groups (group_name, title) VALUES (\(group.name), \(group.title)) ON CONFLICT DO NOTHING",
                logger: logger
            )
            for member in group.members {
                try await client.query(
                    "INSERT INTO group_members (group_name, staff_id) VALUES (\(group.name), \(member)) ON CONFLICT DO NOTHING",
                    logger: logger
                )
            }
        }
    }
}
