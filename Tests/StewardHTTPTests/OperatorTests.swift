import Foundation
import HTTPTypes
import Testing

/// Operators' repairs over HTTP: each needs a reason, lands in the audit log, and is refused to
/// every other role.
@Suite struct OperatorTests {
    @Test func pausingHoldsARequestAndItsTimersUntilResumed() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            let olga = api.caller("olga")
            for other in ["acme", "alice", "tom", "dana"] {
                #expect(try await api.caller(other).post("/v1/requests/\(id)/pause", #"{"reason": "x"}"#).status == .forbidden, "\(other)")
            }
            let noReason = try await olga.post("/v1/requests/\(id)/pause", #"{"reason": " "}"#)
            #expect(noReason.status == .unprocessableContent && noReason.object["field"] as? String == "reason")
            let paused = try await olga.post("/v1/requests/\(id)/pause", #"{"reason": "customer asked to hold while they migrate"}"#)
            #expect(paused.status == .ok && paused.object["pausedAt"] != nil)
            #expect(try await api.database.count("SELECT count(*) FROM jobs WHERE status = 'paused'") == 4)
            let refused = try await api.caller("acme").post("/v1/requests/\(id)/events", #"{"cancel": {"reason": "x"}}"#)
            #expect(refused.status == .conflict && refused.problem == "request-paused")
            #expect(try await olga.post("/v1/requests/\(id)/pause", #"{"reason": "again"}"#).problem == "request-paused")

            let resumed = try await olga.post("/v1/requests/\(id)/resume", #"{"reason": "migration done"}"#)
            #expect(resumed.status == .ok && resumed.object["pausedAt"] == nil)
            #expect(try await api.database.count("SELECT count(*) FROM jobs WHERE kind = 'timer' AND status = 'ready'") == 4)
            #expect(try await olga.post("/v1/requests/\(id)/resume", #"{"reason": "again"}"#).problem == "request-not-paused")
            let audit = try await olga.get("/v1/audit?request=\(id)")
            #expect(audit.items.map { $0["action"] as? String } == ["resume", "pause"])
            #expect(audit.items.last?["reason"] as? String == "customer asked to hold while they migrate")
            #expect(audit.items.last?["actor"] as? String == "operator:olga")
        }
    }

    @Test func forcingAppliesAnyEventTheWorkflowAcceptsWithAReason() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident(severity: 2)
            let olga = api.caller("olga")
            let body = #"{"event": {"slaBreachDue": {}}, "reason": "breach timer lost in the outage"}"#
            #expect(try await api.caller("tom").post("/v1/requests/\(id)/force", body).status == .forbidden)
            let missing = try await olga.post("/v1/requests/\(id)/force", #"{"event": {"slaBreachDue": {}}}"#)
            #expect(missing.status == .unprocessableContent && missing.object["field"] as? String == "reason")
            let badEvent = try await olga.post("/v1/requests/\(id)/force", #"{"event": {"explode": {}}, "reason": "x"}"#)
            #expect(badEvent.status == .unprocessableContent)
            let invalid = try await olga.post("/v1/requests/\(id)/force", #"{"event": {"confirm": {}}, "reason": "x"}"#)
            #expect(invalid.status == .conflict && invalid.problem == "invalid-transition")

            // Five hours on, the 4-hour target has passed; its breach timer never fired.
            api.clock.advance(by: .seconds(5 * 3_600))
            let forced = try await olga.post("/v1/requests/\(id)/force", body)
            #expect(forced.status == .ok, "\(forced.text)")
            #expect((forced.object["sla"] as? [String: Any])?["standing"] as? String == "breached")
            let history = try await olga.get("/v1/requests/\(id)/history")
            #expect(history.items.last?["actor"] as? String == "operator:olga")
            #expect(history.items.last?["event"] as? String == "slaBreachDue")
            let audit = try await olga.get("/v1/audit")
            #expect(audit.items.first?["action"] as? String == "force")
            #expect((audit.items.first?["details"] as? [String: String])?["event"] == "slaBreachDue")
            #expect(try await api.caller("alice").get("/v1/audit").status == .forbidden)
        }
    }

    @Test func tasksAreReassignedWithinTheirGroup() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            let task = try await api.task("respond", of: id)
            _ = try await api.caller("alice").post("/v1/tasks/\(task)/claim")
            let outsider = try await api.caller("olga").post("/v1/tasks/\(task)/reassign", #"{"to": "erin", "reason": "alice is ill"}"#)
            #expect(outsider.status == .unprocessableContent && outsider.object["field"] as? String == "to")
            #expect(try await api.caller("alice").post("/v1/tasks/\(task)/reassign", #"{"to": "bob", "reason": "x"}"#).status == .forbidden)
            let moved = try await api.caller("dana").post("/v1/tasks/\(task)/reassign", #"{"to": "bob", "reason": "alice is ill"}"#)
            #expect(moved.status == .ok && moved.object["claimedBy"] as? String == "bob")
            // alice no longer holds it.
            #expect(try await api.caller("alice").post("/v1/tasks/\(task)/release").problem == "task-not-claimable")
            let audit = try await api.caller("olga").get("/v1/audit?request=\(id)")
            #expect((audit.items.first?["details"] as? [String: String]) == ["from": "alice", "to": "bob"])
        }
    }

    @Test func stuckWorkIsListedAndADeadJobRetried() async throws {
        try await APIFixture.with { api in
            let id = try await api.fileIncident()
            try await api.database.client.query(
                "UPDATE jobs SET status = 'dead', attempts = 5, last_error = 'mail relay refused' WHERE name = 'sla-breach'"
            )
            for other in ["acme", "alice", "tom"] {
                #expect(try await api.caller(other).get("/v1/stuck").status == .forbidden, "\(other)")
            }
            let stuck = try await api.caller("dana").get("/v1/stuck?kind=dead-job&customer=acme&limit=1")
            #expect(stuck.items.count == 1 && stuck.object["nextCursor"] == nil)
            #expect(try await api.caller("dana").get("/v1/stuck?customer=globex").items.isEmpty)
            #expect(try await api.caller("dana").get("/v1/stuck?kind=stale").status == .badRequest)
            let dead = try #require(stuck.items.first { $0["kind"] as? String == "dead-job" })
            #expect(dead["request"] as? String == id)
            #expect((dead["reason"] as? String)?.contains("mail relay refused") == true)
            let job = try #require(dead["job"] as? Int)

            #expect(try await api.caller("dana").post("/v1/jobs/\(job)/retry", #"{"reason": "relay fixed"}"#).status == .forbidden)
            let retried = try await api.caller("olga").post("/v1/jobs/\(job)/retry", #"{"reason": "relay fixed"}"#)
            #expect(retried.status == .noContent)
            #expect(try await api.database.count("SELECT count(*) FROM jobs WHERE status = 'dead'") == 0)
            let again = try await api.caller("olga").post("/v1/jobs/\(job)/retry", #"{"reason": "relay fixed"}"#)
            #expect(again.status == .conflict && again.problem == "job-not-dead")
        }
    }
}
