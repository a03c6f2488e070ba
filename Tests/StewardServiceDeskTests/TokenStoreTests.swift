import Crypto
import Foundation
import PostgresNIO
import StewardPostgres
import StewardTestSupport
import Testing

@testable import StewardServiceDesk

@Suite struct TokenStoreTests {
    @Test func aTokenIsStoredOnlyAsItsHashAndNamesItsHolder() async throws {
        try await EngineFixture.with { fixture in
            let client = fixture.database.client
            try await client.query("UPDATE customers SET tam_id = 'bob'")
            try await fixture.database.seed(contact: "carol", of: "acme")
            let store = TokenStore(client: client, logger: TestPostgres.logger)
            let contact = try await store.create(role: .customer, customerID: "acme", contact: "carol", label: "portal")
            #expect(contact.token.hasPrefix("stw_") && contact.token.count > 40)
            // Nothing stored contains the token; its SHA-256 finds it.
            #expect(
                try await fixture.database.count(
                    "SELECT count(*) FROM api_tokens WHERE position(\(contact.token) in row(api_tokens.*)::text) > 0") == 0)
            let digest = Array(SHA256.hash(data: Data(contact.token.utf8)))
            #expect(
                try await fixture.database.count("SELECT count(*) FROM api_tokens WHERE token_hash = \(ByteBuffer(bytes: digest))") == 1)

            let principal = try #require(try await store.principal(for: contact.token))
            #expect(principal.role == .customer && principal.customerID == "acme" && principal.actor == .customer("acme/carol"))
            let tam = try await store.create(role: .tam, staffID: "bob", label: "tam")
            let bob = try #require(try await store.principal(for: tam.token))
            #expect(bob.groups == ["support"] && bob.assignedCustomers == ["acme"] && bob.actor == .staff("bob"))
            #expect(try await store.principal(for: "stw_" + String(contact.token.dropFirst(4).reversed())) == nil)
            #expect(try await store.principal(for: "Bearer nonsense") == nil)

            try await store.revoke(id: contact.id)
            #expect(try await store.principal(for: contact.token) == nil)
            #expect(try await store.list().map(\.revokedAt).compactMap { $0 }.count == 1)
        }
    }

    @Test func aTokenForSomebodyUnknownIsRefused() async throws {
        try await EngineFixture.with { fixture in
            let store = TokenStore(client: fixture.database.client, logger: TestPostgres.logger)
            let customer = try await #require(throws: EngineError.self) {
                try await store.create(role: .customer, customerID: "umbrella", contact: "carol", label: "x")
            }
            #expect(customer.code == .unknownCustomer)
            let contact = try await #require(throws: EngineError.self) {
                try await store.create(role: .customer, customerID: "acme", contact: "mallory", label: "x")
            }
            #expect(contact.code == .unknownContact)
            let nobody = try await #require(throws: EngineError.self) {
                try await store.create(role: .customer, customerID: "acme", label: "x")
            }
            #expect(nobody.code == .badToken)
            let staff = try await #require(throws: EngineError.self) {
                try await store.create(role: .operator, staffID: "mallory", label: "x")
            }
            #expect(staff.code == .unknownStaff)
            let mixed = try await #require(throws: EngineError.self) {
                try await store.create(role: .engineer, customerID: "acme", staffID: "alice", label: "x")
            }
            #expect(mixed.code == .badToken)
            let revoke = try await #require(throws: EngineError.self) { try await store.revoke(id: UUID()) }
            #expect(revoke.code == .badToken)
            #expect(try await fixture.database.count("SELECT count(*) FROM api_tokens") == 0)
        }
    }
}
