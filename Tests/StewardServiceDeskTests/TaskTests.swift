import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk
import Testing

/// The groups' queues: staff list the tasks they work or watch, members of a task's group claim,
/// release and complete it, and the duty manager or an operator hands it to another member.
@Suite struct TaskTests {
    @Test func onlyStaffListTasksAndEachSeesTheirOwn() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let incident = try await fixture.fileIncident()
            let patch = try await fixture.filePatch()
            for contact in [Principal.acmeContact, .globexContact] {
                await expectRefusal(.forbidden) { try await desk.tasks(visibleTo: contact, group: nil, status: nil, after: nil, limit: 10) }
            }
            func queue(of principal: Principal, group: String? = nil) async throws -> Set<String> {
                let page = try await desk.tasks(visibleTo: principal, group: group, status: nil, after: nil, limit: 10)
                return Set(page.items.map { "\($0.name)@\([incident: "incident", patch: "patch"][$0.workflowID] ?? "another request")" })
            }
            // Engineers their groups' tasks; a TAM their customers'; the duty manager and operators all.
            #expect(try await queue(of: .alice) == ["respond@incident"])
            #expect(try await queue(of: .erin) == ["build-patch@patch"])
            #expect(try await queue(of: .quinn) == [])
            #expect(try await queue(of: .tom) == ["respond@incident", "build-patch@patch"])
            #expect(try await queue(of: .tara) == [])
            #expect(try await queue(of: .dana) == ["respond@incident", "build-patch@patch"])
            #expect(try await queue(of: .olga, group: "support") == ["respond@incident"])
        }
    }

    @Test func theQueueListsOnlyOpenOrClaimedTasks() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            let respond = try await fixture.task("respond", of: id)
            _ = try await desk.claim(task: respond.id, by: .alice)
            let claimed = try await desk.tasks(visibleTo: .alice, group: nil, status: .claimed, after: nil, limit: 10)
            #expect(claimed.items.map(\.id) == [respond.id])
            #expect(try await desk.tasks(visibleTo: .alice, group: nil, status: .open, after: nil, limit: 10).items.isEmpty)
            for status in [HumanTask.Status.completed, .cancelled] {
                await expectRefusal(.badParameter, field: "status") {
                    try await desk.tasks(visibleTo: .alice, group: nil, status: status, after: nil, limit: 10)
                }
            }
        }
    }

    @Test func onlyMembersOfTheTasksGroupClaimIt() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let respond = try await fixture.task("respond", of: try await fixture.fileIncident())
            // Those who cannot see the task are told it does not exist.
            for (name, outsider) in [("acme contact", Principal.acmeContact), ("erin", .erin), ("tara", .tara)] {
                await expectRefusal(.notFound, name) { try await desk.claim(task: respond.id, by: outsider) }
            }
            // Those who see it but are not in the support group may not take it.
            for (name, watcher) in [("tom", Principal.tom), ("dana", .dana), ("olga", .olga)] {
                await expectEngineError(.notInGroup, name) { try await desk.claim(task: respond.id, by: watcher) }
            }
            let claimed = try await desk.claim(task: respond.id, by: .alice)
            #expect(claimed.status == .claimed && claimed.claimedBy == "alice")
            // Claiming again is harmless; another member finds it taken.
            #expect(try await desk.claim(task: respond.id, by: .alice).claimedBy == "alice")
            let bob = Principal(tokenID: UUID(), role: .engineer, staffID: "bob", groups: ["support"])
            await expectEngineError(.taskNotClaimable) { try await desk.claim(task: respond.id, by: bob) }
            await expectRefusal(.notFound) { try await desk.claim(task: UUID(), by: .alice) }
        }
    }

    @Test func onlyTheClaimantReleasesATask() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let respond = try await fixture.task("respond", of: try await fixture.fileIncident())
            _ = try await desk.claim(task: respond.id, by: .alice)
            let bob = Principal(tokenID: UUID(), role: .engineer, staffID: "bob", groups: ["support"])
            await expectEngineError(.taskNotClaimable) { try await desk.release(task: respond.id, by: bob) }
            await expectRefusal(.notFound) { try await desk.release(task: respond.id, by: .erin) }
            await expectRefusal(.notFound) { try await desk.release(task: respond.id, by: .acmeContact) }
            let released = try await desk.release(task: respond.id, by: .alice)
            #expect(released.status == .open && released.claimedBy == nil)
        }
    }

    @Test func aTaskIsCompletedOnlyWithAnOutcomeThatFinishesIt() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            let respond = try await fixture.task("respond", of: id)
            let answer = event(#"{"respond": {"message": "We are on it: please send the crash dump."}}"#)
            await expectRefusal(.notFound) { try await desk.complete(task: respond.id, outcome: answer, by: .acmeContact) }
            await expectRefusal(.notFound) { try await desk.complete(task: respond.id, outcome: answer, by: .erin) }
            // The TAM sees the task (their customer's) but is not in the support group.
            await expectEngineError(.notInGroup) { try await desk.complete(task: respond.id, outcome: answer, by: .tom) }
            // An outcome that leaves the task's work undone does not complete it, and writes nothing.
            await expectEngineError(.outcomeDoesNotFinishTask) {
                try await desk.complete(task: respond.id, outcome: event(#"{"addInternalNote": {"text": "x"}}"#), by: .alice)
            }
            await expectInputRefused(field: "respond.message") {
                try await desk.complete(task: respond.id, outcome: event(#"{"respond": {"message": 42}}"#), by: .alice)
            }
            #expect(try await fixture.task("respond", of: id).status == .open)
            #expect(try await fixture.events(of: id) == ["start"])

            let moved = try await desk.complete(task: respond.id, outcome: answer, by: .alice)
            #expect(moved.snapshot.stateName == "in_progress" && moved.sla?.standing == .met)
            let tasks = try #require(moved.tasks)
            #expect(tasks.first { $0.id == respond.id }?.status == .completed)
            #expect(tasks.first { $0.id == respond.id }?.claimedBy == "alice")
            #expect(tasks.contains { $0.name == "resolve" && $0.status == .open })
            #expect(try await desk.history(of: id, for: .olga, afterSeq: 0, limit: 10).items.last?.actor == "staff:alice")
            await expectEngineError(.taskNotClaimable) { try await desk.complete(task: respond.id, outcome: answer, by: .alice) }
        }
    }

    @Test func theDutyManagerOrAnOperatorReassignsATaskWithinItsGroup() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            let respond = try await fixture.task("respond", of: id)
            _ = try await desk.claim(task: respond.id, by: .alice)
            for (name, other) in Principal.everyone(but: ["dana", "olga"]) {
                await expectRefusal(.forbidden, name) { try await desk.reassign(task: respond.id, to: "bob", reason: "ill", by: other) }
            }
            // Only a member of the task's group can be given it.
            for outsider in ["erin", "tom", "mallory"] {
                await expectRefusal(.invalid, field: "to", outsider) {
                    try await desk.reassign(task: respond.id, to: outsider, reason: "alice is ill", by: .olga)
                }
            }
            await expectEngineError(.reasonRequired) { try await desk.reassign(task: respond.id, to: "bob", reason: "  ", by: .dana) }
            await expectRefusal(.notFound) { try await desk.reassign(task: UUID(), to: "bob", reason: "ill", by: .dana) }
            #expect(try await fixture.count("audit_log") == 0)

            let moved = try await desk.reassign(task: respond.id, to: "bob", reason: "alice is ill", by: .dana)
            #expect(moved.status == .claimed && moved.claimedBy == "bob")
            // alice no longer holds it.
            await expectEngineError(.taskNotClaimable) { try await desk.release(task: respond.id, by: .alice) }
            let audit = try await desk.auditLog(request: id, before: nil, limit: 10, for: .olga).items
            #expect(audit.map(\.action) == ["reassign"] && audit.first?.details == ["from": "alice", "to": "bob"])
            #expect(audit.first?.actor == "staff:dana" && audit.first?.reason == "alice is ill")
        }
    }
}
