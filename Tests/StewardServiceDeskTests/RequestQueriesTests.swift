import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

@testable import StewardServiceDesk

/// Request lists stay an index walk when the tables hold many finished requests: the plans are
/// checked, not timed.
@Suite struct RequestQueriesTests {
    @Test func listsWalkAnIndexHoweverManyRequestsHaveFinished() async throws {
        try await EngineFixture.with { fixture in
            let client = fixture.database.client
            try await fixture.database.seed(customer: "globex")
            try await client.query("UPDATE customers SET tam_id = 'bob' WHERE customer_id = 'acme'")
            // 100,000 finished requests over ten years, then 20 open ones.
            try await client.query(
                """
                INSERT INTO workflows (workflow_id, customer_id, type, definition_version, state_name, state, mover, is_terminal,
                                       created_at, updated_at, state_entered_at)
                SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'acme' ELSE 'globex' END, 'ticket', 1, 'done', '{"done": {}}',
                       'nobody', true, at, at, at
                FROM generate_series(1, 100000) AS i, LATERAL (SELECT timestamptz '2016-01-01' + i * interval '50 minutes' AS at) AS t
                """
            )
            for _ in 0..<20 { _ = try await fixture.fileTicket() }
            try await client.query("ANALYZE workflows")
            try await client.query("ANALYZE tasks")

            let acme = Principal(tokenID: UUID(), role: .customer, customerID: "acme", contact: "bob")
            let tam = Principal(tokenID: UUID(), role: .tam, staffID: "bob", groups: ["support"], assignedCustomers: ["acme"])
            let operatorOlga = Principal(tokenID: UUID(), role: .operator, staffID: "olga")
            let engineer = Principal(tokenID: UUID(), role: .engineer, staffID: "alice", groups: ["support"])
            let cursor = Cursor(["2020-06-01 00:00:00+00", UUID().uuidString])
            let cases: [(Principal, RequestQueries.RequestFilter, Cursor?)] = [
                (acme, .init(), nil), (acme, .init(open: true), nil), (acme, .init(), cursor),
                (acme, .init(type: "ticket", open: false), cursor),
                (tam, .init(), nil), (tam, .init(customerID: "acme", open: true), nil), (operatorOlga, .init(), nil),
                (operatorOlga, .init(open: true), nil), (operatorOlga, .init(customerID: "globex"), cursor),
                (engineer, .init(open: true), nil),
            ]
            func plan(_ principal: Principal, _ filter: RequestQueries.RequestFilter, after cursor: Cursor?) async throws -> String {
                let query = RequestQueries.requestsQuery(visibleTo: principal, filter: filter, after: cursor, limit: 50)
                return try await client.query(PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds)).collect()
                    .map { try $0.decode(String.self, context: .default) }.joined(separator: "\n")
            }
            // One customer owns most of the table while another filed the newest: a customer's list
            // must still start at its own newest request, not skip the other's.
            for principal in [acme, tam] {
                let plan = try await plan(principal, .init(), after: nil)
                #expect(plan.contains("workflows_customer"), "\(plan)")
            }
            for (principal, filter, cursor) in cases {
                let plan = try await plan(principal, filter, after: cursor)
                let label = "\(principal.role) \(filter) cursor: \(cursor != nil)\n\(plan)"
                #expect(plan.contains("Index"), "\(label)")
                #expect(!plan.contains("Seq Scan on workflows"), "\(label)")
                // A sort is fine over the open requests, or over each named customer's first page:
                // neither grows with the finished requests.
                #expect(!plan.contains("Sort") || plan.contains("_open on workflows") || plan.contains("unnest"), "\(label)")
            }

            // And the walk is right: newest first, each request once, the page boundary exact.
            let queries = RequestQueries(client: client, logger: TestPostgres.logger)
            let first = try await queries.requests(visibleTo: acme, limit: 30)
            let second = try await queries.requests(
                visibleTo: acme,
                after: Cursor(encoded: try #require(first.nextCursor), count: 2),
                limit: 30
            )
            let all = first.items + second.items
            #expect(Set(all.map(\.id)).count == 60)
            #expect(all.map(\.createdAt) == all.map(\.createdAt).sorted(by: >))
            #expect(all.prefix(20).allSatisfy { !$0.isTerminal })
        }
    }
}
