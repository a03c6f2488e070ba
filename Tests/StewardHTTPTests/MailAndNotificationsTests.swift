import Foundation
import HTTPTypes
import NIOCore
import StewardServiceDesk
import Testing

/// Mail in over HTTP (`POST /v1/inbound-mail`) and who was told what (`GET /v1/requests/{id}/notifications`).
@Suite struct MailAndNotificationsTests {
    static let message = """
        Received: from mx.acme.example by mx.steward.test; Tue, 24 Nov 2026 11:58:00 +0000\r
        From: Bob Builder <bob@acme.example>\r
        To: support@steward.test\r
        Subject: [sev2] Scanner stalls on the file servers\r
        Message-ID: <first@acme.example>\r
        Date: Tue, 24 Nov 2026 11:57:00 +0000\r
        \r
        Since this morning every scan stalls at 80 %.\r

        """

    @Test func aGatewayHandsInAMessageOnceAndOnlyAGatewayOrOperatorMay() async throws {
        try await APIFixture.with { api in
            let token = try await TokenStore(client: api.database.client, logger: .init(label: "test"))
                .create(role: .inboundMail, label: "provider").token
            let gateway = Caller(client: api.client, token: token)
            let headers: HTTPFields = [.contentType: "message/rfc822"]
            let filed = try await gateway.send(.post, "/v1/inbound-mail", body: ByteBuffer(string: Self.message), headers: headers)
            #expect(filed.status == .ok && filed.object["outcome"] as? String == "filed" && filed.object["duplicate"] as? Bool == false)
            let again = try await gateway.send(.post, "/v1/inbound-mail", body: ByteBuffer(string: Self.message), headers: headers)
            #expect(again.object["duplicate"] as? Bool == true && again.object["request"] as? String == filed.object["request"] as? String)
            let request = try #require(filed.object["request"] as? String)
            let seen = try await api.caller("olga").get("/v1/requests/\(request)")
            #expect(seen.object["channel"] as? String == "email" || seen.text.contains("\"email\""))

            for other in ["acme", "alice", "tom"] {
                let refused = try await api.caller(other).send(
                    .post, "/v1/inbound-mail", body: ByteBuffer(string: Self.message), headers: headers)
                #expect(refused.status == .forbidden, "\(other)")
            }
            let json = try await gateway.post("/v1/inbound-mail", #"{"message": "x"}"#)
            #expect(json.status == .unsupportedMediaType)
            // A gateway sees no requests.
            #expect(try await gateway.get("/v1/requests").items.isEmpty)
        }
    }

    @Test func staffSeeEveryDeliveryAndAContactOnlyTheirs() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident(severity: 2)
            try await api.database.client.query(
                """
                INSERT INTO outbox (customer_id, workflow_id, recipient, channel, template, fields, dedup_key, created_at, status)
                VALUES ('acme', \(UUID(uuidString: id)!), 'contact:bob', 'email', 'state-changed', '{}', 'a', now(), 'sent'),
                       ('acme', \(UUID(uuidString: id)!), 'staff:tom', 'email', 'sla-warning', '{}', 'b', now(), 'pending')
                """)
            try await api.database.client.query(
                """
                INSERT INTO delivery_attempts (outbox_id, customer_id, at, worker, outcome, detail)
                SELECT outbox_id, 'acme', now(), 'worker-1', 'sent', '250 2.0.0 queued' FROM outbox WHERE recipient = 'contact:bob'
                """)
            let staff = try await api.caller("olga").get("/v1/requests/\(id)/notifications")
            #expect(staff.status == .ok)
            #expect(Set(staff.items.compactMap { $0["recipient"] as? String }).isSuperset(of: ["contact:bob", "staff:tom"]))
            let bob = try await api.caller("acme").get("/v1/requests/\(id)/notifications")
            // Bob sees his own deliveries (the filing's receipt among them), not the TAM's.
            #expect(Set(bob.items.compactMap { $0["recipient"] as? String }) == ["contact:bob"])
            #expect(bob.items.contains { $0["kind"] as? String == "request-received" })
            let attempt = try #require(bob.items.compactMap { ($0["attempts"] as? [[String: Any]])?.first }.first as [String: Any]?)
            #expect(attempt["detail"] as? String == "250 2.0.0 queued" && attempt["worker"] == nil)
            #expect(try await api.caller("globex").get("/v1/requests/\(id)/notifications").status == .notFound)
        }
    }
}
