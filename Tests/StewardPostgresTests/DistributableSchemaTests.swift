import Foundation
import PostgresNIO
import StewardPostgres
import StewardTestSupport
import Testing

/// The schema stays distributable by customer with Citus (DESIGN.md, scale-out): every table is
/// either global (a reference table, copied whole to every node) or per customer, and a
/// per-customer table has a `customer_id` that is never NULL and is part of each of its keys.
@Suite struct DistributableSchemaTests {
    /// The tables that are not per customer. A new table is per customer unless it is named here.
    static let globalTables = [
        "schema_migrations",
        // The directory every customer's requests are routed through.
        "customers", "staff", "groups", "group_members", "staff_away", "duty_shifts", "duty_fallback",
        // Found by a secret before any customer is known; staff hold them too.
        "api_tokens", "web_sessions", "sign_in_links",
        // Directory changes to staff and groups belong to no customer.
        "audit_log",
        // A Message-ID is unique across senders, and refused mail has no customer.
        "inbound_mail",
        // Per caller, reserved before the work names its customer.
        "idempotency_keys",
        // The one mailbox of `steward dev`.
        "captured_mail",
    ]

    @Test func everyKeyOfAPerCustomerTableIncludesCustomerID() async throws {
        try await TestPostgres.withDatabase { database in
            let unfit = try await database.client.withConnection { try await Self.unfitKeys(in: "public", on: $0) }
            #expect(
                unfit.isEmpty,
                """
                Citus cannot distribute these by customer_id; add customer_id to each key (last, so lookups by id keep \
                their index), or name the table in globalTables when it is not per customer:
                \(unfit.joined(separator: "\n"))
                """)
        }
    }

    /// The check finds what it is for: the keys of the schema as migrations 0001 to 0009 left it.
    @Test func theCheckNamesTheKeysMigration0010Changed() async throws {
        try await TestPostgres.withDatabase { database in
            let unfit = try await database.client.transaction(logger: TestPostgres.logger) { connection in
                try await connection.query("CREATE SCHEMA before_0010", logger: TestPostgres.logger)
                try await connection.query("SET LOCAL search_path TO before_0010", logger: TestPostgres.logger)
                for migration in try Migration.bundled() where migration.number < 10 {
                    for statement in SQLScript.statements(in: migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestPostgres.logger)
                    }
                }
                return try await Self.unfitKeys(in: "before_0010", on: connection)
            }
            for expected in [
                "workflows.workflows_pkey: primary key without customer_id",
                "workflows.workflows_reference: unique index without customer_id",
                "outbox.outbox_one_per_key: unique constraint without customer_id",
                "tasks.tasks_workflow_id_fkey: foreign key to workflows without customer_id in the same place on both sides",
                "outbox_files.outbox_files: has no customer_id column",
                "inbound_mail.inbound_mail_workflow_id_fkey: foreign key of a global table to the per-customer table workflows",
            ] {
                #expect(unfit.contains(expected), "\(expected)\nnot among:\n\(unfit.joined(separator: "\n"))")
            }
        }
    }

    /// Every table, key, unique index and foreign key of `schema` that keeps it from being
    /// distributed by customer_id, as `table.object: problem`.
    static func unfitKeys(in schema: String, on connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query(
            """
            WITH tables AS (
                SELECT c.oid, c.relname::text AS name, a.attnum AS customer_column, a.attnotnull AS customer_not_null,
                       c.relname::text = ANY (\(globalTables)::text[]) AS is_global
                FROM pg_class c
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'customer_id' AND NOT a.attisdropped
                WHERE c.relnamespace = \(schema)::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ),
            per_customer AS (SELECT * FROM tables WHERE NOT is_global)
            SELECT t.name, t.name, 'has no customer_id column'
            FROM per_customer t WHERE t.customer_column IS NULL
            UNION ALL
            SELECT t.name, 'customer_id', 'customer_id may be NULL'
            FROM per_customer t WHERE t.customer_column IS NOT NULL AND NOT t.customer_not_null
            UNION ALL
            SELECT t.name, k.conname::text,
                   CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique constraint' ELSE 'exclusion constraint' END
                   || ' without customer_id'
            FROM per_customer t JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype IN ('p', 'u', 'x')
            WHERE t.customer_column IS NULL OR NOT t.customer_column = ANY (k.conkey)
            UNION ALL
            SELECT t.name, x.relname::text, 'unique index without customer_id'
            FROM per_customer t JOIN pg_index i ON i.indrelid = t.oid AND i.indisunique JOIN pg_class x ON x.oid = i.indexrelid
            WHERE NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
              AND (t.customer_column IS NULL OR NOT t.customer_column = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1]))
            UNION ALL
            SELECT t.name, k.conname::text, 'foreign key to ' || r.name || ' without customer_id in the same place on both sides'
            FROM per_customer t JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'f' JOIN per_customer r ON r.oid = k.confrelid
            WHERE NOT EXISTS (
                SELECT FROM generate_subscripts(k.conkey, 1) AS p
                WHERE k.conkey[p] = t.customer_column AND k.confkey[p] = r.customer_column)
            UNION ALL
            SELECT t.name, k.conname::text, 'foreign key to ' || r.name || ' that sets NULL or a default, or cascades an update'
            FROM per_customer t JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'f' JOIN per_customer r ON r.oid = k.confrelid
            WHERE k.confdeltype IN ('n', 'd') OR k.confupdtype IN ('n', 'd', 'c')
            UNION ALL
            SELECT g.name, k.conname::text, 'foreign key of a global table to the per-customer table ' || r.name
            FROM tables g JOIN pg_constraint k ON k.conrelid = g.oid AND k.contype = 'f' JOIN per_customer r ON r.oid = k.confrelid
            WHERE g.is_global
            ORDER BY 1, 2
            """,
            logger: TestPostgres.logger
        )
        var unfit: [String] = []
        for try await (table, object, problem) in rows.decode((String, String, String).self) {
            unfit.append("\(table).\(object): \(problem)")
        }
        return unfit
    }
}
