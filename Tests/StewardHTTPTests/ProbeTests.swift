import Foundation
import Testing
import Yams

/// The unauthenticated routes, and the OpenAPI document against the routes the server registers.
@Suite struct ProbeTests {
    @Test func healthReadinessAndMetrics() async throws {
        try await APIFixture.with { api in
            let nobody = api.caller("nobody")
            #expect(try await nobody.get("/healthz").status == .ok)
            let ready = try await nobody.get("/readyz")
            #expect(ready.status == .ok && ready.object["migrations"] as? String == "current")

            let id = try await api.fileIncident()
            api.clock.advance(by: .seconds(3_600))
            _ = try await api.caller("olga").post("/v1/requests/\(id)/force", #"{"event": {"slaBreachDue": {}}, "reason": "test"}"#)
            let metrics = try await nobody.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            for name in [
                #"steward_transitions_total{type="incident",event="start"}"#, #"steward_sla_breaches_total{type="incident"}"#,
                #"steward_jobs{status="ready"}"#,
            ] {
                #expect(metrics.text.contains(name), "\(name)")
            }
        }
    }

    @Test func readinessFailsWhileMigrationsAreMissing() async throws {
        try await APIFixture.with { api in
            try await api.database.client.query("DELETE FROM schema_migrations WHERE name = '0003_api.sql'")
            let ready = try await api.caller("nobody").get("/readyz")
            #expect(ready.status == .serviceUnavailable && ready.problem == "not-ready")
            #expect((ready.object["detail"] as? String)?.contains("0003_api.sql") == true)
        }
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheRegisteredRoutes() async throws {
        try await APIFixture.with { api in
            let served = try await api.caller("nobody").get("/openapi.yaml")
            #expect(served.status == .ok)
            let document = try #require(try Yams.load(yaml: served.text) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(
                paths.flatMap { path, operations in
                    operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
                }
            )
            // Hummingbird writes a route's parameters as OpenAPI does: /v1/requests/{id}. The console's
            // and the portal's pages (HTML for people, with their assets) are not the API.
            let pages = ["/console", "/portal", "/assets"]
            let registered = Set(
                api.server.router().routes.filter { route in !pages.contains { route.path.description.hasPrefix($0) } }
                    .map { "\($0.method) \($0.path.description)" })
            #expect(registered.subtracting(documented).isEmpty, "registered but not documented")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered")

            // Every reference points at a schema, response or parameter the document defines.
            var references: [String] = []
            func collect(_ value: Any) {
                if let object = value as? [String: Any] {
                    if let reference = object["$ref"] as? String { references.append(reference) }
                    object.values.forEach(collect)
                } else if let array = value as? [Any] {
                    array.forEach(collect)
                }
            }
            collect(document)
            #expect(!references.isEmpty)
            for reference in Set(references) {
                var node: Any? = document
                for key in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] }
                #expect(node != nil, "\(reference) does not resolve")
            }
        }
    }
}
