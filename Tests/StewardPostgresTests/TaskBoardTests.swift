import Foundation
import StewardCore
import StewardPostgres
import StewardTestSupport
import Testing

@Suite struct TaskBoardTests {
    @Test func onlyGroupMembersClaimAndTheClaimantCompletes() async throws {
        try await EngineFixture.with { fixture in
            try await fixture.database.seed(customer: "acme", group: "virus-lab", members: ["viktor"])
            let id = try await fixture.fileTicket()
            let task = try #require(try await fixture.board.queue(group: "support").first)
            #expect(task.workflowID == id)

            let outsider = try await #require(throws: EngineError.self) {
                try await fixture.board.claim(taskID: task.id, by: "viktor")
            }
            #expect(outsider.code == .notInGroup)
            #expect(outsider.description.contains("viktor is not a member of group 'support'"))

            let claimed = try await fixture.board.claim(taskID: task.id, by: "alice")
            #expect(claimed.status == .claimed && claimed.claimedBy == "alice")
            let taken = try await #require(throws: EngineError.self) {
                try await fixture.board.claim(taskID: task.id, by: "bob")
            }
            #expect(taken.code == .taskNotClaimable)
            #expect(taken.description.contains("already claimed by alice"))
            let notTheirs = try await #require(throws: EngineError.self) {
                try await fixture.board.complete(
                    taskID: task.id, by: "bob", outcome: JSONCoding.encoder.encode(TicketWorkflow.Event.accept))
            }
            #expect(notTheirs.code == .taskNotClaimable)

            let workflow = try await fixture.board.complete(
                taskID: task.id,
                by: "alice",
                outcome: JSONCoding.encoder.encode(TicketWorkflow.Event.accept)
            )
            #expect(workflow.stateName == "working")
            let history = try await fixture.engine.history(workflowID: id)
            #expect(history.last?.actor == "staff:alice")
            #expect(history.last?.event == "accept")
            let done = try await fixture.board.tasks(workflowID: id)
            #expect(done.map(\.status) == [.completed])
            #expect(try await fixture.board.queue(group: "support").isEmpty)
            // The escalation timer was cancelled with the accept.
            #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE kind = 'timer'") == 0)
        }
    }

    @Test func releasePutsTheTaskBackAndARefusedOutcomeKeepsIt() async throws {
        try await EngineFixture.with { fixture in
            _ = try await fixture.fileTicket()
            let task = try #require(try await fixture.board.queue(group: "support").first)
            try await fixture.board.claim(taskID: task.id, by: "alice")
            let notClaimant = try await #require(throws: EngineError.self) {
                try await fixture.board.release(taskID: task.id, by: "bob")
            }
            #expect(notClaimant.code == .taskNotClaimable)
            let released = try await fixture.board.release(taskID: task.id, by: "alice")
            #expect(released.status == .open && released.claimedBy == nil)

            // An outcome the workflow refuses leaves the task open and unclaimed: nothing written.
            let refused = try await #require(throws: EngineError.self) {
                try await fixture.board.complete(
                    taskID: task.id, by: "bob", outcome: JSONCoding.encoder.encode(TicketWorkflow.Event.finish))
            }
            #expect(refused.code == .transitionRefused)
            let after = try #require(try await fixture.board.queue(group: "support").first)
            #expect(after.status == .open && after.claimedBy == nil)
        }
    }

    @Test func queuesAreOrderedByPriorityThenDueTime() async throws {
        try await EngineFixture.with { fixture in
            for title in ["first", "second", "third"] {
                _ = try await fixture.fileTicket(title)
                fixture.clock.advance(by: .seconds(1))
            }
            try await fixture.database.client.query("UPDATE tasks SET priority = 1 WHERE title = 'third'")
            let queue = try await fixture.board.queue(group: "support")
            #expect(queue.map(\.title) == ["third", "first", "second"])
        }
    }

    @Test func anUnknownTaskIsNamed() async throws {
        try await EngineFixture.with { fixture in
            let missing = UUID()
            let error = try await #require(throws: EngineError.self) { try await fixture.board.claim(taskID: missing, by: "alice") }
            #expect(error.code == .taskNotFound)
            #expect(error.description.contains(missing.uuidString))
        }
    }
}
