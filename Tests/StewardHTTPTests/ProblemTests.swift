import Foundation
import HTTPTypes
import NIOCore
import Testing

/// Whatever a caller sends, the answer is a problem+json with a stable type: never a 500, and
/// nothing is written.
@Suite struct ProblemTests {
    /// Every route behind `/v1`, with ids that exist or not: without a token or with a bad one, 401.
    static let protectedRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/v1/me"), (.post, "/v1/requests"), (.get, "/v1/requests"), (.get, "/v1/requests/\(UUID())"),
        (.get, "/v1/requests/\(UUID())/history"), (.post, "/v1/requests/\(UUID())/events"), (.post, "/v1/requests/\(UUID())/force"),
        (.post, "/v1/requests/\(UUID())/pause"), (.post, "/v1/requests/\(UUID())/resume"), (.get, "/v1/tasks"),
        (.post, "/v1/tasks/\(UUID())/claim"), (.post, "/v1/tasks/\(UUID())/release"), (.post, "/v1/tasks/\(UUID())/complete"),
        (.post, "/v1/tasks/\(UUID())/reassign"), (.get, "/v1/customers/acme/quarterly-report"), (.get, "/v1/stuck"),
        (.post, "/v1/jobs/1/retry"), (.get, "/v1/audit"), (.get, "/v1/customers/acme/report-schedules"),
        (.post, "/v1/customers/acme/report-schedules"), (.delete, "/v1/customers/acme/report-schedules/\(UUID())"),
    ]

    /// Issue 13: 60 KB of nested arrays in an outcome burned CPU past the request deadline. A body
    /// nesting deeper than 32 levels is refused before anything decodes it, naming where.
    @Test func aDeeplyNestedBodyIsRefusedBeforeItIsDecoded() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
            let reply = try await api.caller("tom").post(
                "/v1/requests/\(id)/events", #"{"respond": {"message": \#(deep)}}"#)
            #expect(reply.status == .unprocessableContent && reply.text.contains("deeper than 32 levels"), "\(reply.text)")
            #expect(reply.object["field"] as? String == "respond.message" + String(repeating: "[0]", count: 30))
            let huge = String(repeating: "[", count: 30_000) + String(repeating: "]", count: 30_000)
            let refused = try await api.caller("tom").post("/v1/requests/\(id)/events", huge)
            #expect([400, 422].contains(refused.status.code), "\(refused.status)")
            #expect(try await api.caller("tom").get("/v1/requests/\(id)").object["version"] as? Int == 1)
        }
    }

    /// Answers carry one caller's data: no cache keeps them, and no browser reads them as another type.
    @Test func everyAnswerIsNotToBeStoredOrSniffed() async throws {
        try await APIFixture.with { api in
            for reply in [
                try await api.caller("acme").get("/v1/me"), try await api.caller("nobody").get("/v1/me"),
                try await api.caller("acme").get("/v1/requests/\(UUID())"), try await api.caller("nobody").get("/healthz"),
                try await api.caller("tom").get("/v1/customers/acme/quarterly-report", headers: [.accept: "text/html"]),
            ] {
                #expect(reply.headers[.cacheControl] == "no-store" && reply.headers[.xContentTypeOptions] == "nosniff", "\(reply.status)")
            }
        }
    }

    @Test func everyProtectedRouteWantsAValidToken() async throws {
        try await APIFixture.with { api in
            let forged = Caller(client: api.client, token: "stw_not-a-real-token")
            let revoked = try await api.server.engine.client.query(
                "UPDATE api_tokens SET revoked_at = now() WHERE customer_id = 'globex' RETURNING 1"
            )
            .collect()
            #expect(revoked.count == 1)
            for (method, uri) in Self.protectedRoutes {
                for caller in [api.caller("nobody"), forged, api.caller("globex")] {
                    let reply = try await caller.send(method, uri, body: nil)
                    #expect(reply.status == .unauthorized, "\(method) \(uri)")
                    #expect(reply.problem == "unauthenticated", "\(method) \(uri)")
                    #expect(reply.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
            }
        }
    }

    @Test func badBodiesAreRefusedWithTheirReason() async throws {
        try await APIFixture.with { api in
            let acme = api.caller("acme")
            let cases: [(String, HTTPResponse.Status, String, String?)] = [
                (#"{"type": "incident", "summary": "x", "severity": 1"#, .badRequest, "malformed-json", nil),
                (#"[1, 2]"#, .unprocessableContent, "validation", nil),
                ("42", .unprocessableContent, "validation", nil),
                ("null", .unprocessableContent, "validation", nil),
                (#"{"summary": "x", "severity": 1}"#, .unprocessableContent, "validation", "type"),
                (#"{"type": "outage", "summary": "x", "severity": 1}"#, .unprocessableContent, "validation", "type"),
                (#"{"type": "incident", "summary": "x", "severity": "high"}"#, .unprocessableContent, "validation", "severity"),
                (#"{"type": "incident", "summary": "x", "severity": 9}"#, .unprocessableContent, "validation", "severity"),
                (#"{"type": "incident", "summary": "x"}"#, .unprocessableContent, "validation", "severity"),
                (#"{"type": "incident", "summary": "x", "severity": 1, "colour": "red"}"#, .unprocessableContent, "validation", "colour"),
                (
                    #"{"type": "incident", "summary": "x", "severity": 1, "tier": "enterprise"}"#, .unprocessableContent, "validation",
                    "tier"
                ),
                (#"{"type": "incident", "summary": "  ", "severity": 1}"#, .unprocessableContent, "rule-violated", nil),
            ]
            for (body, status, problem, field) in cases {
                let reply = try await acme.post("/v1/requests", body)
                #expect(reply.status == status, "\(body): \(reply.text)")
                #expect(reply.problem == problem, "\(body)")
                if let field { #expect(reply.object["field"] as? String == field, "\(body)") }
            }
            // PostgreSQL's text cannot hold U+0000: refused before it reaches the database.
            let nul = try await acme.post("/v1/requests", #"{"type": "incident", "summary": "a\u0000b", "severity": 1}"#)
            #expect(nul.status == .unprocessableContent && nul.object["field"] as? String == "summary")
            #expect(try await acme.get("/v1/requests?customer=a%00b").status == .badRequest)
            let tooLarge = try await acme.post(
                "/v1/requests", "{\"type\": \"incident\", \"summary\": \"\(String(repeating: "x", count: 70_000))\"}")
            #expect(tooLarge.status == .contentTooLarge && tooLarge.problem == "body-too-large")
            let notJSON = try await acme.post("/v1/requests", "type=incident", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(notJSON.status == .unsupportedMediaType)
            #expect(try await api.database.count("SELECT count(*) FROM workflows") == 0)

            let id = try await api.fileIncident()
            let event = try await acme.post("/v1/requests/\(id)/events", #"{"customerReplied": {"message": 42}}"#)
            #expect(event.status == .unprocessableContent && event.object["field"] as? String == "customerReplied.message")
            let unknownEvent = try await acme.post("/v1/requests/\(id)/events", #"{"escalate": {}}"#)
            #expect(unknownEvent.status == .unprocessableContent)
            #expect(try await api.database.count("SELECT count(*) FROM workflow_events") == 1)
        }
    }

    @Test func unknownThingsAre404AndBadParametersAre400() async throws {
        try await APIFixture.with { api in
            let olga = api.caller("olga")
            for uri in ["/v1/requests/\(UUID())", "/v1/requests/not-a-uuid", "/v1/requests/\(UUID())/history", "/v1/nothing-here"] {
                let reply = try await olga.get(uri)
                #expect(reply.status == .notFound && reply.problem == "not-found", "\(uri)")
            }
            #expect(try await olga.post("/v1/tasks/\(UUID())/claim").status == .notFound)
            let wrongMethod = try await olga.send(.delete, "/v1/requests/\(UUID())", body: nil)
            #expect(
                wrongMethod.status == .methodNotAllowed && wrongMethod.problem == "method-not-allowed",
                "\(wrongMethod.status) \(wrongMethod.text)")
            #expect(wrongMethod.headers[.allow] == "GET")
            #expect(try await olga.post("/v1/jobs/424242/retry", #"{"reason": "x"}"#).status == .notFound)
            for uri in [
                "/v1/requests?limit=0", "/v1/requests?limit=abc", "/v1/requests?cursor=%%%", "/v1/requests?open=maybe",
                "/v1/tasks?status=done",
            ] {
                let reply = try await olga.get(uri)
                #expect(reply.status == .badRequest && reply.problem == "bad-request", "\(uri): \(reply.text)")
            }
            let wrongVersion = try await olga.post(
                "/v1/requests/\(try await api.fileIncident())/events",
                #"{"respond": {"message": "x"}}"#,
                headers: [.ifMatch: "yesterday"]
            )
            #expect(wrongVersion.status == .badRequest)
        }
    }
}
