import Foundation
import StewardCore
import StewardMSA
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport
import Testing

/// The directory as operators, TAMs and contacts manage it: every bad entry is refused naming
/// the field and writes nothing; every change is audited with the record before and after.
@Suite struct DirectoryTests {
    static let umbrella = Directory.Customer(
        id: "umbrella", name: "Umbrella Research", supportCalendar: "berlin-support", timeZone: "Europe/Paris",
        contractStart: LocalDate("2026-06-01")!, tam: "tom")

    static func customer(_ change: (inout Directory.Customer) -> Void) -> Directory.Customer {
        var customer = umbrella
        change(&customer)
        return customer
    }

    @Test func anOperatorOnboardsACustomerAndEveryChangeIsAudited() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            _ = try await desk.addCustomer(Self.umbrella, by: .olga)
            let contact = Directory.Contact(id: "ada", name: "Ada Umbrella", email: "ada@umbrella.example", licenceAcceptor: true)
            _ = try await desk.addContact(contact, to: "umbrella", by: .olga)
            _ = try await desk.updateCustomer("umbrella", patch: .object(["tier": .string("standard")]), by: .olga)
            let read = try await desk.customer("umbrella", for: .olga)
            #expect(read.tier == .standard && read.contacts.map(\.id) == ["ada"])
            let audit = try await desk.auditLog(request: nil, before: nil, limit: 10, for: .olga).items
            #expect(audit.map(\.action) == ["customer.update", "contact.create", "customer.create"])
            #expect(audit.allSatisfy { $0.actor == "operator:olga" && $0.customerID == "umbrella" })
            let before = try JSONSerialization.jsonObject(with: try #require(audit[0].before)) as? [String: Any]
            let after = try JSONSerialization.jsonObject(with: try #require(audit[0].after)) as? [String: Any]
            #expect(before?["tier"] as? String == "enterprise" && after?["tier"] as? String == "standard")
            // A contact of the new customer can now be given a token and file.
            let token = try await desk.issueToken(
                role: .customer, customerID: "umbrella", contact: "ada", staffID: nil, label: "portal", by: .olga)
            let ada = try #require(try await desk.principal(for: token.token))
            let filed = try await desk.file(try .incident(), by: ada)
            #expect(filed.request.snapshot.customerID == "umbrella")
        }
    }

    @Test(arguments: [
        ("timeZone", customer { $0.timeZone = "Europe/Atlantis" }),
        ("supportCalendar", customer { $0.supportCalendar = "mars-office" }),
        ("tam", customer { $0.tam = "mallory" }),
        ("contractEnd", customer { $0.contractEnd = LocalDate("2026-05-31") }),
        ("id", customer { $0.id = "Umbrella Research" }),
        ("contacts[0].email", customer { $0.contacts = [.init(id: "ada", name: "Ada", email: "ada-at-umbrella")] }),
        (
            "webhooks[0].url",
            customer {
                $0.webhooks = [
                    .init(id: "siem", url: "http://siem.umbrella.example/hook", secrets: ["whsec_0123456789abcdef"], kinds: ["sla-breach"])
                ]
            }
        ),
        (
            "webhooks[0].url",
            customer {
                $0.webhooks = [.init(id: "siem", url: "https://127.0.0.1/hook", secrets: ["whsec_0123456789abcdef"], kinds: ["sla-breach"])]
            }
        ),
        (
            "webhooks[0].secrets",
            customer {
                $0.webhooks = [.init(id: "siem", url: "https://siem.umbrella.example/hook", secrets: ["hunter2"], kinds: ["sla-breach"])]
            }
        ),
    ])
    func aBadCustomerIsRefusedAtTheFieldAndWritesNothing(field: String, customer: Directory.Customer) async throws {
        try await DeskFixture.with { fixture throws in
            await expectRefusal(.invalid, field: field) { try await fixture.desk.addCustomer(customer, by: .olga) }
            #expect(try await fixture.database.count("SELECT count(*) FROM customers WHERE customer_id = 'umbrella'") == 0)
            #expect(try await fixture.count("audit_log") == 0)
        }
    }

    @Test func aLoopbackWebhookIsAcceptedOnlyWhenTheServerAllowsIt() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let local = ServiceDesk(engine: desk.engine, policy: desk.policy, allowsPrivateWebhooks: true, logger: TestPostgres.logger)
            let receiver = Self.customer {
                $0.webhooks = [
                    .init(id: "test", url: "http://127.0.0.1:9999/hook", secrets: ["whsec_0123456789abcdef"], kinds: ["sla-breach"])
                ]
            }
            await expectRefusal(.invalid, field: "webhooks[0].url") { try await desk.addCustomer(receiver, by: .olga) }
            #expect(try await local.addCustomer(receiver, by: .olga).webhooks.count == 1)
        }
    }

    @Test func aDuplicateIdIsAConflict() async throws {
        try await DeskFixture.with { fixture throws in
            var acme = Self.umbrella
            acme.id = "acme"
            await expectRefusal(.conflict, field: "id") { try await fixture.desk.addCustomer(acme, by: .olga) }
            let bob = Directory.Contact(id: "bob", name: "Another Bob", email: "bob2@acme.example")
            await expectRefusal(.conflict, field: "id") { try await fixture.desk.addContact(bob, to: "acme", by: .olga) }
            #expect(try await fixture.count("audit_log") == 0)
        }
    }

    @Test func aTAMManagesTheirCustomersContactsAndNoOthers() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let moved = try await desk.updateContact("bob", of: "acme", patch: .object(["phone": .string("+49 30 7654321")]), by: .tom)
            #expect(moved.phone == "+49 30 7654321")
            await expectRefusal(.notFound) {
                try await desk.updateContact("hiro", of: "globex", patch: .object(["language": .string("en")]), by: .tom)
            }
            // A contact of another customer is not found under this one.
            await expectRefusal(.notFound) {
                try await desk.updateContact("hiro", of: "acme", patch: .object(["language": .string("en")]), by: .olga)
            }
            await expectRefusal(.forbidden) {
                try await desk.updateContact("bob", of: "acme", patch: .object(["language": .string("en")]), by: .acmeContact)
            }
            await expectRefusal(.forbidden) {
                try await desk.updateCustomer("acme", patch: .object(["tier": .string("standard")]), by: .tom)
            }
            await expectRefusal(.invalid, field: "email") {
                try await desk.updateContact("bob", of: "acme", patch: .object(["email": .string("bob")]), by: .tom)
            }
            await expectRefusal(.invalid, field: "id") {
                try await desk.updateContact("bob", of: "acme", patch: .object(["id": .string("robert")]), by: .tom)
            }
        }
    }

    @Test func aDeactivatedContactOrStaffMembersTokenStandsForNobody() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let carol = try await desk.issueToken(
                role: .customer, customerID: "acme", contact: "carol", staffID: nil, label: "x", by: .olga)
            let alice = try await desk.issueToken(role: .engineer, customerID: nil, contact: nil, staffID: "alice", label: "x", by: .olga)
            _ = try await desk.updateContact("carol", of: "acme", patch: .object(["active": .bool(false)]), by: .tom)
            _ = try await desk.updateStaff("alice", patch: .object(["active": .bool(false)]), by: .olga)
            #expect(try await desk.principal(for: carol.token) == nil)
            #expect(try await desk.principal(for: alice.token) == nil)
            let audit = try await desk.auditLog(request: nil, before: nil, limit: 2, for: .olga).items.map(\.action)
            #expect(audit == ["staff.deactivate", "contact.deactivate"])
        }
    }

    @Test func aContactReadsTheirOwnCustomerAndNoOther() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            #expect(try await desk.customers(for: .acmeContact).map(\.id) == ["acme"])
            #expect(try await desk.contacts(of: "acme", for: .acmeContact).map(\.id) == ["bob", "carol"])
            await expectRefusal(.notFound) { try await desk.customer("globex", for: .acmeContact) }
            #expect(try await desk.customers(for: .tom).map(\.id) == ["acme"])
            #expect(try await desk.customers(for: .dana).count == 3)
            await expectRefusal(.forbidden) { try await desk.customers(for: .alice) }
            await expectRefusal(.forbidden) { try await desk.staffDirectory(for: .acmeContact) }
        }
    }

    @Test func aShiftForSomeoneWhoIsNotADutyManagerIsRefused() async throws {
        try await DeskFixture.with { fixture throws in
            let start = EngineFixture.epoch
            let shift = DutyRota.Shift(manager: "tom", start: start, end: start.addingTimeInterval(86_400))
            await expectRefusal(.invalid, field: "shifts[0].manager") {
                try await fixture.desk.setDutyRota(DutyRota(shifts: [shift], fallback: "dana"), by: .olga)
            }
            await expectRefusal(.forbidden) { try await fixture.desk.setDutyRota(DutyRota(shifts: [], fallback: "dana"), by: .dana) }
            #expect(try await fixture.count("duty_shifts") == 0)
        }
    }

    @Test func anEndedContractRefusesNewRequestsWhileOpenOnesRunOn() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let open = try await fixture.fileIncident(severity: 3)
            // The fixture's clock reads 24 November 2026.
            _ = try await desk.updateCustomer("acme", patch: .object(["contractEnd": .string("2026-11-23")]), by: .olga)
            let refusal = await #expect(throws: ServiceDeskError.self) { try await desk.file(try .incident(), by: .acmeContact) }
            #expect(refusal?.code == .contractEnded && refusal?.detail.contains("2026-11-23") == true)
            _ = try await desk.send(event: event(#"{"cancel": {"reason": "duplicate"}}"#), to: open, expectedVersion: nil, by: .acmeContact)
            _ = try await desk.updateCustomer("acme", patch: .object(["contractEnd": .string("2026-11-24")]), by: .olga)
            #expect(try await desk.file(try .incident(), by: .acmeContact).created)
        }
    }

    @Test func aSecondImportOfTheSameFileChangesNothing() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let demo = try Directory.read(
                from: DeskFixture.workflows.appendingPathComponent("directory.yaml"), rules: desk.directoryRules)
            #expect(try await desk.importDirectory(demo, by: .olga).isEmpty)
            var changed = demo
            changed.staff[0].away = [.init(start: EngineFixture.epoch, end: EngineFixture.epoch.addingTimeInterval(7 * 86_400))]
            #expect(try await desk.importDirectory(changed, by: .olga).map(\.summary) == ["updated staff alice"])
            #expect(try await desk.exportDirectory(for: .olga).normalized == changed.normalized)
            await expectRefusal(.forbidden) { try await desk.importDirectory(demo, by: .dana) }
        }
    }
}
