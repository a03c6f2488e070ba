import Foundation
import StewardPostgres
import StewardServiceDesk
import Testing

/// API tokens: only operators (and a person at the server's shell, the CLI's local operator)
/// issue, list and revoke them; a token stands for the person it was issued to until revoked.
@Suite struct TokenTests {
    @Test func aTokenStandsForThePersonItWasIssuedTo() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            // The fixture's people are who their tokens make them: same role, groups and customers.
            for (name, person) in Principal.everyone {
                let issued = try await desk.issueToken(
                    role: person.role,
                    customerID: person.customerID,
                    contact: person.contact,
                    staffID: person.staffID,
                    label: name,
                    by: .olga
                )
                var expected = person
                expected.tokenID = issued.id
                #expect(try await desk.principal(for: issued.token) == expected, "\(name)")
            }
            #expect(try await desk.principal(for: "stw_not-a-real-token") == nil)
            #expect(try await desk.principal(for: "nonsense") == nil)
        }
    }

    @Test func onlyOperatorsIssueListAndRevokeTokens() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let issued = try await desk.issueToken(
                role: .customer, customerID: "acme", contact: "carol", staffID: nil, label: "portal", by: .olga)
            for (name, other) in Principal.everyone(but: ["olga"]) {
                await expectRefusal(.forbidden, name) {
                    try await desk.issueToken(role: .operator, customerID: nil, contact: nil, staffID: "olga", label: "mine", by: other)
                }
                await expectRefusal(.forbidden, name) { try await desk.tokenList(for: other) }
                await expectRefusal(.forbidden, name) { try await desk.revokeToken(issued.id, by: other) }
            }
            #expect(try await desk.tokenList(for: .olga).map(\.id) == [issued.id])
            #expect(try await desk.principal(for: issued.token)?.customerID == "acme")
        }
    }

    @Test func theLocalOperatorManagesTokensAndARevokedOneStandsForNobody() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let root = Principal.localOperator("root")
            let issued = try await desk.issueToken(
                role: .engineer, customerID: nil, contact: nil, staffID: "alice", label: "laptop", by: root)
            let listed = try await desk.tokenList(for: root)
            #expect(listed.map(\.id) == [issued.id] && listed.first?.holder == "alice" && listed.first?.revokedAt == nil)
            #expect(try await desk.principal(for: issued.token)?.staffID == "alice")
            try await desk.revokeToken(issued.id, by: root)
            #expect(try await desk.principal(for: issued.token) == nil)
            #expect(try await desk.tokenList(for: .olga).first?.revokedAt == fixture.clock.now)
            await expectEngineError(.badToken) { try await desk.revokeToken(UUID(), by: root) }
        }
    }

    @Test func aTokenIsIssuedOnlyToAKnownCustomerContactOrStaffMember() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            await expectEngineError(.unknownCustomer) {
                try await desk.issueToken(role: .customer, customerID: "umbrella", contact: "bob", staffID: nil, label: "x", by: .olga)
            }
            await expectEngineError(.unknownContact) {
                try await desk.issueToken(role: .customer, customerID: "acme", contact: "hiro", staffID: nil, label: "x", by: .olga)
            }
            await expectEngineError(.badToken) {
                try await desk.issueToken(role: .customer, customerID: "acme", contact: nil, staffID: nil, label: "x", by: .olga)
            }
            await expectEngineError(.unknownStaff) {
                try await desk.issueToken(role: .operator, customerID: nil, contact: nil, staffID: "mallory", label: "x", by: .olga)
            }
            await expectEngineError(.badToken) {
                try await desk.issueToken(role: .engineer, customerID: "acme", contact: nil, staffID: "alice", label: "x", by: .olga)
            }
            #expect(try await desk.tokenList(for: .olga).isEmpty)
        }
    }
}
