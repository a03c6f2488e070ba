import Foundation
import StewardCore
import StewardMSA
import StewardPostgres
import StewardServiceDesk
import Testing

/// Filing a request: who may file for which customer, and what the customer's contract fixes so
/// that nobody filing may choose it.
@Suite struct FilingTests {
    @Test func aContactFilesForTheirOwnCustomerAndNoOther() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let unnamed = try await desk.file(try .incident(), by: .acmeContact)
            #expect(unnamed.created && unnamed.request.snapshot.customerID == "acme")
            let named = try await desk.file(try .incident(for: "acme"), by: .acmeContact)
            #expect(named.request.snapshot.customerID == "acme")
            await expectRefusal(.forbidden) { try await desk.file(try .incident(for: "globex"), by: .acmeContact) }
            await expectRefusal(.forbidden) { try await desk.file(try .incident(for: "initech"), by: .acmeContact) }
            #expect(try await fixture.count("workflows") == 2)
            // What the contact did is recorded as theirs.
            #expect(
                try await desk.history(of: named.request.snapshot.id, for: .olga, afterSeq: 0, limit: 10).items.first?.actor
                    == "customer:acme/bob")
        }
    }

    @Test func aTAMFilesForTheirOwnCustomersOnly() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            #expect(try await desk.file(try .incident(for: "acme"), by: .tom).request.snapshot.customerID == "acme")
            #expect(try await desk.file(try .incident(for: "globex"), by: .tara).request.snapshot.customerID == "globex")
            await expectRefusal(.forbidden) { try await desk.file(try .incident(for: "globex"), by: .tom) }
            await expectRefusal(.forbidden) { try await desk.file(try .incident(for: "acme"), by: .tara) }
            // Initech has no TAM: only the duty manager and operators file for it.
            await expectRefusal(.forbidden) { try await desk.file(try .incident(for: "initech"), by: .tom) }
            #expect(try await fixture.count("workflows") == 2)
        }
    }

    @Test func theDutyManagerAndOperatorsFileForAnyCustomer() async throws {
        try await DeskFixture.with { fixture throws in
            for principal in [Principal.dana, .olga] {
                for customer in ["acme", "globex", "initech"] {
                    let filed = try await fixture.desk.file(try .incident(for: customer), by: principal)
                    #expect(filed.created && filed.request.snapshot.customerID == customer, "\(principal.role) for \(customer)")
                }
            }
        }
    }

    @Test func anEngineerDoesNotFileRequests() async throws {
        try await DeskFixture.with { fixture throws in
            for engineer in [Principal.alice, .erin] {
                await expectRefusal(.forbidden) { try await fixture.desk.file(try .incident(for: "acme"), by: engineer) }
                await expectRefusal(.forbidden) { try await fixture.desk.file(try .incident(), by: engineer) }
            }
            #expect(try await fixture.count("workflows") == 0)
        }
    }

    @Test func staffNameAKnownCustomerTheyFileFor() async throws {
        try await DeskFixture.with { fixture throws in
            for principal in [Principal.tom, .dana, .olga] {
                await expectRefusal(.invalid, field: "customer", "\(principal.role)") {
                    try await fixture.desk.file(try .incident(), by: principal)
                }
            }
            await expectRefusal(.invalid, field: "customer") { try await fixture.desk.file(try .incident(for: "umbrella"), by: .olga) }
            #expect(try await fixture.count("workflows") == 0)
        }
    }

    @Test func theContractDecidesTierAndCalendarAndNobodyFilingMaySetThem() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let acme = try await desk.file(try .incident(), by: .acmeContact).request
            #expect(incidentField("tier", of: acme) == "enterprise")
            #expect(incidentField("supportCalendar", of: acme) == "berlin-support")
            #expect(incidentField("channel", of: acme) == "api")
            let globex = try await desk.file(try .incident(), by: .globexContact).request
            #expect(incidentField("supportCalendar", of: globex) == "tokyo-office")
            let initech = try await desk.file(try .incident(for: "initech"), by: .olga).request
            #expect(incidentField("tier", of: initech) == "standard")

            for principal in [Principal.acmeContact, .tom, .olga] {
                let customer = principal.role == .customer ? nil : "acme"
                await expectInputRefused(field: "tier", "\(principal.role)") {
                    try await desk.file(try .incident(for: customer, #""tier": "enterprise""#), by: principal)
                }
                await expectInputRefused(field: "supportCalendar", "\(principal.role)") {
                    try await desk.file(try .incident(for: customer, #""supportCalendar": "24x7""#), by: principal)
                }
            }
            #expect(try await fixture.count("workflows") == 3)
        }
    }

    @Test func onlyStaffLogAnIncidentReceivedBeforeItWasFiled() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let received = #""receivedAt": "2026-11-24T11:50:00Z""#
            await expectInputRefused(field: "receivedAt") { try await desk.file(try .incident(received), by: .acmeContact) }
            let logged = try await desk.file(try .incident(for: "acme", #"\#(received), "channel": "phone""#), by: .tom).request
            #expect(logged.sla?.receivedAt == ISO8601DateFormatter().date(from: "2026-11-24T11:50:00Z"))
            #expect(incidentField("channel", of: logged) == "phone")
            // Filed now by a contact, the clock starts now.
            let now = try await desk.file(try .incident(), by: .acmeContact).request
            #expect(now.sla?.receivedAt == fixture.clock.now)
        }
    }

    @Test func theOtherRequestTypesContractFieldsAreRefusedToo() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let patch = #""product": "endpoint-security", "version": "11.0", "description": "Driver conflict""#
            await expectInputRefused(field: "requestedOn") {
                try await desk.file(try .of("private-patch", "{\(patch), \"requestedOn\": \"2026-11-01\"}"), by: .acmeContact)
            }
            // Staff record when the customer asked for the patch.
            let logged = try await desk.file(try .of("private-patch", for: "acme", "{\(patch), \"requestedOn\": \"2026-11-20\"}"), by: .tom)
            #expect(logged.created)
            for (field, value) in [("calendar", #""24x7""#), ("contractStart", #""2020-01-01""#), ("bookedDates", "[]")] {
                await expectInputRefused(field: field) {
                    try await desk.file(
                        try .of("health-check", #"{"proposedDate": "2026-12-15", "\#(field)": \#(value)}"#), by: .acmeContact)
                }
            }
            #expect(try await desk.file(try .of("health-check", #"{"proposedDate": "2026-12-15"}"#), by: .acmeContact).created)
            #expect(try await fixture.count("workflows") == 2)
        }
    }

    @Test func anUnknownRequestTypeIsRefusedNamingTheKnownOnes() async throws {
        try await DeskFixture.with { fixture throws in
            let error = await #expect(throws: ServiceDeskError.self) {
                try await fixture.desk.file(try .of("outage", #"{"summary": "x", "severity": 1}"#), by: .acmeContact)
            }
            #expect(error?.code == .invalid && error?.field == "type")
            for known in ["incident", "private-patch", "health-check", "av-database-release"] {
                #expect(error?.detail.contains(known) == true, "\(known): \(error?.detail ?? "")")
            }
            #expect(try await fixture.count("workflows") == 0)
        }
    }

    @Test func aRetriedFilingWithTheSameKeyReturnsTheFirstRequest() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let first = try await desk.file(try .incident(key: "crash-1"), by: .acmeContact)
            #expect(first.created)
            let again = try await desk.file(try .incident(key: "crash-1"), by: .acmeContact)
            #expect(!again.created && again.request.snapshot.id == first.request.snapshot.id)
            // Staff retrying on the customer's behalf get the same request.
            let byTAM = try await desk.file(try .incident(for: "acme", key: "crash-1"), by: .tom)
            #expect(!byTAM.created && byTAM.request.snapshot.id == first.request.snapshot.id)
            #expect(try await fixture.count("workflows") == 1)
            // A key is the customer's own: another customer's same key files their own request.
            let globex = try await desk.file(try .incident(key: "crash-1"), by: .globexContact)
            #expect(globex.created && globex.request.snapshot.customerID == "globex")
            #expect(try await desk.file(try .incident(key: "crash-2"), by: .acmeContact).created)
            #expect(try await fixture.count("workflows") == 3)
        }
    }

    @Test func aFilingIsReadFromAJSONObjectNamingItsType() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            func body(_ json: String) -> JSONValue { JSONValue(Data(json.utf8)) }
            let filing = try desk.filing(from: body(#"{"type": "incident", "customer": "acme", "severity": 2}"#), idempotencyKey: "k")
            #expect(filing.type == "incident" && filing.customer == "acme" && filing.idempotencyKey == "k")
            #expect(filing.fields == ["severity": .number(2)])
            #expect(try desk.filing(from: body(#"{"type": "incident", "customer": null}"#), idempotencyKey: nil).customer == nil)
            for json in ["[1, 2]", "42", "null"] {
                let error = #expect(throws: ServiceDeskError.self) { try desk.filing(from: body(json), idempotencyKey: nil) }
                #expect(error?.code == .invalid, "\(json)")
            }
            for (json, field) in [
                (#"{"severity": 1}"#, "type"), (#"{"type": 7}"#, "type"), (#"{"type": "incident", "customer": 7}"#, "customer"),
            ] {
                let error = #expect(throws: ServiceDeskError.self) { try desk.filing(from: body(json), idempotencyKey: nil) }
                #expect(error?.code == .invalid && error?.field == field, "\(json)")
            }
        }
    }
}
