import Foundation
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

/// Operators' repairs on the engine: each audited, each refused without a reason.
@Suite struct RepairsTests {
    @Test func aPausedWorkflowsTimerWaitsForTheResume() async throws {
        try await EngineFixture.with { fixture in
            let repairs = Repairs(engine: fixture.engine)
            let id = try await fixture.fileTicket(escalateAfter: 0)
            try await repairs.pause(workflowID: id, reason: "customer migrates", by: .operator("olga"))
            #expect(try await fixture.database.count("SELECT count(*) FROM jobs WHERE status = 'paused'") == 1)
            // Made ready again while paused (a dead timer retried): a batch hands it back to wait.
            try await fixture.database.client.query("UPDATE jobs SET status = 'ready' WHERE workflow_id = \(id)")
            let outcome = try await fixture.fireDueTimers()
            #expect(outcome.applied.isEmpty && outcome.leftDue.map(\.workflowID) == [id])
            #expect(try await fixture.database.count("SELECT count(*) FROM jobs WHERE status = 'paused'") == 1)
            #expect(try await fixture.engine.workflow(id: id).version == 1)
            #expect(try await fixture.fireDueTimers().isEmpty)

            let refused = try await #require(throws: EngineError.self) {
                try await fixture.engine.send(TicketWorkflow.self, workflowID: id, event: .accept, actor: .staff("alice"))
            }
            #expect(refused.code == .workflowPaused)

            try await repairs.resume(workflowID: id, reason: "migration done", by: .operator("olga"))
            #expect(try await fixture.fireDueTimers().applied.count == 1)
            #expect(try await fixture.engine.workflow(id: id).state(as: TicketWorkflow.self) == .triage(escalations: 1))
            #expect(try await repairs.auditLog(workflowID: id, limit: 10).map(\.action) == ["resume", "pause"])
        }
    }

    @Test func aBatchRunOneByOneParksAPausedWorkflowsTimerToo() async throws {
        try await EngineFixture.with { fixture in
            let repairs = Repairs(engine: fixture.engine)
            let paused = try await fixture.fileTicket(escalateAfter: 0)
            let running = try await fixture.fileTicket(escalateAfter: 0)
            let broken = try await fixture.fileTicket(escalateAfter: 0)
            try await repairs.pause(workflowID: paused, reason: "hold", by: .operator("olga"))
            try await fixture.database.client.query("UPDATE jobs SET status = 'ready' WHERE workflow_id = \(paused)")
            // A statement failing for one workflow makes the batch write one by one; the pause must hold there too.
            try await fixture.refuseUpdates(of: broken)
            let outcome = try await fixture.fireDueTimers()
            #expect(outcome.applied.map(\.workflowID) == [running])
            #expect(outcome.leftDue.map(\.workflowID) == [paused])
            #expect(outcome.failed.map(\.timer.workflowID) == [broken])
            #expect(try await fixture.engine.workflow(id: running).version == 2)
            #expect(try await fixture.engine.workflow(id: paused).version == 1)
            #expect(try await fixture.database.count("SELECT count(*) FROM jobs WHERE status = 'paused'") == 1)
        }
    }

    @Test func forcingAppliesATimersEventAsTheOperatorWithAReason() async throws {
        try await EngineFixture.with { fixture in
            let repairs = Repairs(engine: fixture.engine)
            let id = try await fixture.fileTicket(escalateAfter: 3_600)
            let event = try JSONCoding.encoder.encode(TicketWorkflow.Event.escalateDue)
            let unexplained = try await #require(throws: EngineError.self) {
                try await repairs.force(workflowID: id, event: event, reason: "  ", by: .operator("olga"))
            }
            #expect(unexplained.code == .reasonRequired)
            #expect(try await fixture.engine.workflow(id: id).version == 1)

            let forced = try await repairs.force(workflowID: id, event: event, reason: "timer lost in the outage", by: .operator("olga"))
            #expect(forced.version == 2)
            let history = try await fixture.engine.history(workflowID: id)
            #expect(history.last?.actor == "operator:olga" && history.last?.event == "escalateDue")
            let audit = try #require(try await repairs.auditLog(limit: 10).first)
            #expect(audit.action == "force" && audit.reason == "timer lost in the outage" && audit.workflowID == id)
            #expect(audit.details == ["event": "escalateDue", "toState": "triage"])
        }
    }

    @Test func aTaskIsReassignedOnlyToAMemberOfItsGroup() async throws {
        try await EngineFixture.with { fixture in
            let repairs = Repairs(engine: fixture.engine)
            let id = try await fixture.fileTicket()
            let task = try #require(try await fixture.board.tasks(workflowID: id).first)
            try await fixture.board.claim(taskID: task.id, by: "alice")
            try await fixture.database.client.query("INSERT INTO staff (staff_id, name, email) VALUES ('erin', 'Erin', 'e@x')")
            let outsider = try await #require(throws: EngineError.self) {
                try await repairs.reassign(taskID: task.id, to: "erin", reason: "alice is ill", by: .operator("olga"))
            }
            #expect(outsider.code == .notInGroup)
            let moved = try await repairs.reassign(taskID: task.id, to: "bob", reason: "alice is ill", by: .operator("olga"))
            #expect(moved.status == .claimed && moved.claimedBy == "bob")
            #expect(try await repairs.auditLog(limit: 10).first?.details == ["from": "alice", "to": "bob"])
        }
    }
}

/// A reassignment tells its assignee through the outbox, in the reassignment's transaction.
@Suite struct ReassignmentNoticeTests {
    @Test func theAssigneeIsToldOncePerReassignmentAndARefusedOneTellsNobody() async throws {
        try await EngineFixture.with { fixture in
            let repairs = Repairs(engine: fixture.engine)
            let id = try await fixture.fileTicket()
            let task = try #require(try await fixture.board.tasks(workflowID: id).first)
            try await fixture.database.client.query("INSERT INTO staff (staff_id, name, email) VALUES ('erin', 'Erin', 'e@x')")
            _ = try? await repairs.reassign(taskID: task.id, to: "erin", reason: "alice is ill", by: .operator("olga"))
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE template = 'task-assigned'") == 0)

            try await repairs.reassign(taskID: task.id, to: "bob", reason: "alice is ill", by: .operator("olga"))
            try await repairs.reassign(taskID: task.id, to: "bob", reason: "back from the meeting", by: .operator("olga"))
            let rows = try await fixture.database.client.query(
                """
                SELECT o.recipient, o.fields::text, o.dedup_key, o.workflow_id,
                       (SELECT count(*)::int8 FROM jobs j WHERE j.kind = 'notification' AND j.name = o.outbox_id::text)
                FROM outbox o WHERE o.template = 'task-assigned' ORDER BY o.outbox_id
                """
            ).all()
            #expect(rows.count == 2)
            var keys: Set<String> = []
            for (row, reason) in zip(rows, ["alice is ill", "back from the meeting"]) {
                let (recipient, fields, key, workflowID, jobs) = try row.decode(
                    (String, String, String, UUID?, Int64).self, context: .default)
                #expect(recipient == "staff:bob" && workflowID == id && jobs == 1)
                let decoded = try JSONDecoder().decode([String: String].self, from: Data(fields.utf8))
                #expect(decoded == ["task": task.name, "title": task.title, "assignedBy": "olga", "reason": reason])
                keys.insert(key)
            }
            #expect(keys.count == 2)
        }
    }
}
