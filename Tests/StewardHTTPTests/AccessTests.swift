import Foundation
import HTTPTypes
import Testing

/// The rest of the role matrix: for each route, a role that may (and gets its answer) and one that
/// may not (403 for a forbidden action, 404 for what is not theirs to see). The other suites cover
/// the rest of the pairs; `ProblemTests` covers 401 on every route.
@Suite struct AccessTests {
    @Test func anEngineerMovesARequestOnlyWhileTheirGroupHoldsAnOpenTaskOnIt() async throws {
        try await APIFixture.with { api in
            let patch = try await api.caller("acme").post(
                "/v1/requests",
                #"{"type": "private-patch", "product": "endpoint-security", "version": "11.0", "description": "Driver conflict"}"#
            )
            let id = try #require(patch.object["id"] as? String)
            let build = try await api.task("build-patch", of: id)
            let erin = api.caller("erin")
            let handedOver = try await erin.post("/v1/tasks/\(build)/complete", #"{"outcome": {"submitForQA": {"build": "11.0.3-p1"}}}"#)
            #expect(handedOver.status == .ok && handedOver.object["state"] as? String == "in_qa", "\(handedOver.text)")
            // QA holds the open task now: the engineering group may read the request but not pass QA for it.
            #expect(try await erin.get("/v1/requests/\(id)").status == .ok)
            let skipQA = try await erin.post("/v1/requests/\(id)/events", #"{"qaPassed": {}}"#)
            #expect(skipQA.status == .forbidden, "\(skipQA.text)")
        }
    }

    @Test func eachRouteAnswersTheRoleThatMayAndRefusesOneThatMayNot() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            let task = try await api.task("respond", of: id)

            for (name, role) in [
                ("acme", "customer"), ("alice", "engineer"), ("tom", "tam"), ("dana", "duty-manager"), ("olga", "operator"),
            ] {
                let me = try await api.caller(name).get("/v1/me")
                #expect(me.status == .ok && me.object["role"] as? String == role, "\(name)")
            }
            #expect(try await api.caller("alice").get("/v1/me").object["groups"] as? [String] == ["support"])
            #expect(try await api.caller("tom").get("/v1/me").object["customers"] as? [String] == ["acme"])

            // The support engineer sees the request behind their group's task; others' engineers and customers do not.
            #expect(try await api.caller("alice").get("/v1/requests/\(id)/history").status == .ok)
            #expect(try await api.caller("globex").get("/v1/requests/\(id)/history").status == .notFound)
            #expect(try await api.caller("erin").post("/v1/requests/\(id)/events", #"{"respond": {"message": "x"}}"#).status == .notFound)
            #expect(try await api.caller("globex").post("/v1/requests/\(id)/events", #"{"cancel": {"reason": "x"}}"#).status == .notFound)

            #expect(try await api.caller("acme").get("/v1/tasks").status == .forbidden)
            #expect(try await api.caller("tom").get("/v1/tasks").status == .ok)
            _ = try await api.caller("alice").post("/v1/tasks/\(task)/claim")
            #expect(try await api.caller("acme").post("/v1/tasks/\(task)/release").status == .notFound)
            #expect(try await api.caller("erin").post("/v1/tasks/\(task)/release").status == .notFound)
            let released = try await api.caller("alice").post("/v1/tasks/\(task)/release")
            #expect(released.status == .ok && released.object["status"] as? String == "open" && released.object["claimedBy"] == nil)
            let outcome = #"{"outcome": {"respond": {"message": "On it"}}}"#
            #expect(try await api.caller("acme").post("/v1/tasks/\(task)/complete", outcome).status == .notFound)
            #expect(try await api.caller("erin").post("/v1/tasks/\(task)/complete", outcome).status == .notFound)
            // The TAM sees the task (their customer's) but is not in the support group.
            #expect(try await api.caller("tom").post("/v1/tasks/\(task)/complete", outcome).status == .forbidden)
            // Refused before the outcome is read: a body outside the group's reach is never decoded.
            #expect(try await api.caller("tom").post("/v1/tasks/\(task)/complete", #"{"outcome": [[[1]]], "x": 2}"#).status == .forbidden)
            let timerOutcome = try await api.caller("alice").post("/v1/tasks/\(task)/complete", #"{"outcome": {"slaBreachDue": {}}}"#)
            #expect(timerOutcome.status == .forbidden)
            // An outcome that leaves the task's work undone does not complete it.
            let note = try await api.caller("alice").post("/v1/tasks/\(task)/complete", #"{"outcome": {"addInternalNote": {"text": "x"}}}"#)
            #expect(note.status == .unprocessableContent && note.object["field"] as? String == "outcome", "\(note.text)")
            let mistyped = try await api.caller("alice").post("/v1/tasks/\(task)/complete", #"{"outcome": {"respond": {"message": 42}}}"#)
            #expect(mistyped.object["field"] as? String == "outcome.respond.message")
            #expect(try await api.caller("olga").get("/v1/requests/\(id)/history").items.count == 1)

            // A contact sees their request without the staff's tasks.
            #expect(try await api.caller("acme").get("/v1/requests/\(id)").object["tasks"] == nil)
            #expect(try await api.caller("tom").get("/v1/requests/\(id)").object["tasks"] != nil)

            _ = try await api.caller("olga").post("/v1/requests/\(id)/pause", #"{"reason": "hold"}"#)
            #expect(try await api.caller("tom").post("/v1/requests/\(id)/resume", #"{"reason": "go"}"#).status == .forbidden)
            #expect(try await api.caller("olga").post("/v1/requests/\(id)/resume", #"{"reason": "go"}"#).status == .ok)
            #expect(try await api.caller("dana").get("/v1/audit").status == .forbidden)
            #expect(try await api.caller("olga").get("/v1/audit?request=\(id)").items.count == 2)
            #expect(try await api.caller("alice").post("/v1/jobs/1/retry", #"{"reason": "x"}"#).status == .forbidden)

            // A contact reads their own customer's quarter, and no other.
            #expect(try await api.caller("acme").get("/v1/customers/acme/quarterly-report").status == .ok)
            #expect(try await api.caller("acme").get("/v1/customers/globex/quarterly-report").status == .notFound)
            #expect(try await api.caller("dana").get("/v1/customers/globex/quarterly-report").status == .ok)
        }
    }
}
