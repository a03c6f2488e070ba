import Foundation
import Testing

/// A customer's contact reads their request and its history without what staff wrote to each other.
@Suite struct CustomerViewTests {
    @Test func aContactSeesNeitherTheBuildNorQAsNotesOfTheirPrivatePatchWhileStaffSeeBoth() async throws {
        try await APIFixture.with { api in
            let bob = api.caller("acme")
            let olga = api.caller("olga")
            let patch = try await bob.post(
                "/v1/requests",
                #"{"type": "private-patch", "product": "endpoint-security", "version": "11.0", "description": "Driver conflict"}"#
            )
            let id = try #require(patch.object["id"] as? String, "\(patch.text)")
            let build = try await api.task("build-patch", of: id)
            let handedOver = try await api.caller("erin").post(
                "/v1/tasks/\(build)/complete", #"{"outcome": {"submitForQA": {"build": "es-11.0.3-p1-build-4711"}}}"#)
            #expect(handedOver.status == .ok, "\(handedOver.text)")

            // In QA: staff see the build, the contact their own request without it.
            let inQA = try await bob.get("/v1/requests/\(id)")
            #expect(inQA.status == .ok && inQA.object["state"] as? String == "in_qa", "\(inQA.text)")
            let shown = try #require((inQA.object["details"] as? [String: Any])?["inQA"] as? [String: Any], "\(inQA.text)")
            #expect((shown["request"] as? [String: Any])?["description"] as? String == "Driver conflict")
            #expect(!inQA.text.contains("es-11.0.3-p1-build-4711") && shown["build"] == nil && shown["round"] == nil)
            #expect(try await olga.get("/v1/requests/\(id)").text.contains("es-11.0.3-p1-build-4711"))

            let failed = try await olga.post(
                "/v1/requests/\(id)/events", #"{"qaFailed": {"notes": "Bluescreen on Win11 24H2, see QA-812"}}"#)
            #expect(failed.status == .ok && failed.object["state"] as? String == "in_development", "\(failed.text)")

            // Back in development: the contact's request, list and history name neither the build nor QA's notes
            // (the list's summaries carry no state at all, so not the request's own description either).
            let list = try await bob.get("/v1/requests")
            #expect(list.status == .ok && list.text.contains(id), "\(list.text)")
            #expect(
                !list.text.contains("QA-812") && !list.text.contains("es-11.0.3-p1-build-4711") && !list.text.contains("Driver conflict"))
            for reply in [try await bob.get("/v1/requests/\(id)"), try await bob.get("/v1/requests/\(id)/history")] {
                #expect(reply.status == .ok, "\(reply.text)")
                #expect(!reply.text.contains("QA-812") && !reply.text.contains("es-11.0.3-p1-build-4711"), "\(reply.text)")
                #expect(reply.text.contains("Driver conflict"), "\(reply.text)")
            }
            let history = try await bob.get("/v1/requests/\(id)/history").items
            #expect(history.map { $0["event"] as? String } == ["start", "submitForQA", "qaFailed"])
            #expect(history.last?["payload"] as? [String: [String: String]] == ["qaFailed": [:]])
            let details = try await bob.get("/v1/requests/\(id)").object["details"] as? [String: [String: Any]]
            #expect(details?["inDevelopment"]?.keys.sorted() == ["request"])

            // Staff read all of it.
            let staffDetails = try await olga.get("/v1/requests/\(id)").text
            #expect(staffDetails.contains("QA-812"))
            let staffHistory = try await olga.get("/v1/requests/\(id)/history").text
            #expect(staffHistory.contains("QA-812") && staffHistory.contains("es-11.0.3-p1-build-4711"))
        }
    }
}
