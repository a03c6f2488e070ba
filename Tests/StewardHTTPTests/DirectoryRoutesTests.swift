import Foundation
import HTTPTypes
import Testing

/// The directory over HTTP: onboarding a customer as the README shows it, and each role's view.
@Suite struct DirectoryRoutesTests {
    @Test func anOperatorOnboardsACustomerWithAContactWhoThenFiles() async throws {
        try await APIFixture.with { api in
            let olga = api.caller("olga")
            let added = try await olga.post(
                "/v1/customers",
                #"{"id": "umbrella", "name": "Umbrella Research", "supportCalendar": "berlin-support", "timeZone": "Europe/Paris", "contractStart": "2026-06-01", "tam": "tom", "webhooks": [{"id": "siem", "url": "https://siem.umbrella.example/hook", "secrets": ["whsec_c2VjcmV0LXNlY3JldA"], "kinds": ["sla-breach"]}]}"#
            )
            #expect(added.status == .created, "\(added.text)")
            #expect(added.headers[.location] == "/v1/customers/umbrella")
            #expect(!added.text.contains("whsec_"), "a webhook secret is never shown back")
            let contact = try await olga.post(
                "/v1/customers/umbrella/contacts", #"{"id": "ada", "name": "Ada Umbrella", "email": "ada@umbrella.example"}"#)
            #expect(contact.status == .created, "\(contact.text)")
            let patched = try await olga.send(
                .patch, "/v1/customers/umbrella/contacts/ada", body: .init(string: #"{"licenceAcceptor": true}"#),
                headers: [.contentType: "application/json"])
            #expect(patched.object["licenceAcceptor"] as? Bool == true)
            #expect(try await api.caller("tom").get("/v1/customers").items.map { $0["id"] as? String } == ["acme", "umbrella"])
            #expect(try await api.caller("tara").get("/v1/customers/umbrella").status == .notFound)
            #expect(try await api.caller("acme").get("/v1/customers/acme/contacts").items.count == 2)
            let audit = try await olga.get("/v1/audit").items.prefix(3).map { $0["action"] as? String }
            #expect(audit == ["contact.update", "contact.create", "customer.create"])
        }
    }

    @Test func badEntriesAreRefusedNamingTheField() async throws {
        try await APIFixture.with { api in
            let olga = api.caller("olga")
            let zone = try await olga.post(
                "/v1/customers",
                #"{"id": "umbrella", "name": "Umbrella", "supportCalendar": "berlin-support", "timeZone": "Mars/Olympus", "contractStart": "2026-06-01"}"#
            )
            #expect(zone.status == .unprocessableContent && zone.object["field"] as? String == "timeZone", "\(zone.text)")
            let duplicate = try await olga.post(
                "/v1/customers",
                #"{"id": "acme", "name": "Acme again", "supportCalendar": "berlin-support", "timeZone": "UTC", "contractStart": "2026-06-01"}"#
            )
            #expect(duplicate.status == .conflict && duplicate.problem == "already-exists")
            let unknown = try await olga.post(
                "/v1/customers/acme/contacts", #"{"id": "eve", "name": "Eve", "email": "eve@acme.example", "pager": "1234"}"#)
            #expect(unknown.status == .unprocessableContent && unknown.object["field"] as? String == "pager")
            let rota = try await olga.send(
                .put, "/v1/duty-rota", body: .init(string: #"{"fallback": "tom", "shifts": []}"#),
                headers: [.contentType: "application/json"])
            #expect(rota.status == .unprocessableContent && rota.object["field"] as? String == "fallback")
            #expect(
                try await api.caller("tom").post(
                    "/v1/staff", #"{"id": "x", "name": "X", "email": "x@steward.example", "calendar": "24x7"}"#
                )
                .status == .forbidden)
            #expect(try await api.caller("acme").get("/v1/staff").status == .forbidden)
            #expect(try await api.caller("alice").get("/v1/groups").items.count == 8)
            #expect(try await api.caller("alice").get("/v1/duty-rota").object["fallback"] as? String == "dana")
        }
    }
}
