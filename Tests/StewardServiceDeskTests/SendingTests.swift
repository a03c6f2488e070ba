import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk
import Testing

/// Sending a request an event: timers' events are nobody's to send, contacts send the customer's,
/// engineers move a request only while their group holds work on it, and a stale edit is refused.
@Suite struct SendingTests {
    @Test func nobodySendsATimersEventNotEvenAnOperator() async throws {
        try await DeskFixture.with { fixture throws in
            let id = try await fixture.fileIncident(severity: 2)
            for (name, sender) in [
                ("acme contact", Principal.acmeContact), ("alice", .alice), ("tom", .tom), ("dana", .dana), ("olga", .olga),
            ] {
                for timer in [#"{"slaBreachDue": {}}"#, #"{"slaWarningDue": {"fraction": 0.5}}"#, #"{"dailyReportDue": {}}"#] {
                    await expectRefusal(.forbidden, "\(name) \(timer)") {
                        try await fixture.desk.send(event: event(timer), to: id, expectedVersion: nil, by: sender)
                    }
                }
            }
            // Nor as a task's outcome.
            let respond = try await fixture.task("respond", of: id)
            await expectRefusal(.forbidden) {
                try await fixture.desk.complete(task: respond.id, outcome: event(#"{"slaBreachDue": {}}"#), by: .alice)
            }
            // The refusal says how an operator applies one anyway.
            let error = await #expect(throws: ServiceDeskError.self) {
                try await fixture.desk.send(event: event(#"{"slaBreachDue": {}}"#), to: id, expectedVersion: nil, by: .olga)
            }
            #expect(error?.detail.contains("force") == true)
            #expect(try await fixture.events(of: id) == ["start"])
        }
    }

    @Test func aContactSendsOnlyTheCustomersEvents() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            for staffs in [
                #"{"respond": {"message": "done"}}"#, #"{"resolve": {"summary": "fixed"}}"#, #"{"addInternalNote": {"text": "x"}}"#,
                #"{"changeSeverity": {"to": 4, "reason": "minor"}}"#, #"{"assign": {"to": "alice"}}"#,
            ] {
                await expectRefusal(.forbidden, "\(staffs)") {
                    try await desk.send(event: event(staffs), to: id, expectedVersion: nil, by: .acmeContact)
                }
            }
            #expect(try await fixture.events(of: id) == ["start"])
            // A customer's event the state does not take is refused by the workflow, not the desk.
            let early = await expectEngineError(.transitionRefused) {
                try await desk.send(event: event(#"{"confirm": {}}"#), to: id, expectedVersion: nil, by: .acmeContact)
            }
            #expect(early?.transition?.code == .invalidTransition && early?.transition?.state == "new")
            let cancelled = try await desk.send(
                event: event(#"{"cancel": {"reason": "gone"}}"#), to: id, expectedVersion: nil, by: .acmeContact)
            #expect(cancelled.snapshot.stateName == "cancelled")
            #expect(try await desk.history(of: id, for: .olga, afterSeq: 0, limit: 10).items.last?.actor == "customer:acme/bob")
        }
    }

    @Test func aMalformedEventIsRefusedNamingTheField() async throws {
        try await DeskFixture.with { fixture throws in
            let id = try await fixture.fileIncident()
            await expectInputRefused(field: "cancel.reason") {
                try await fixture.desk.send(event: event(#"{"cancel": {"reason": 42}}"#), to: id, expectedVersion: nil, by: .acmeContact)
            }
            await #expect(throws: TransitionError.self) {
                try await fixture.desk.send(event: event(#"{"escalate": {}}"#), to: id, expectedVersion: nil, by: .olga)
            }
            #expect(try await fixture.events(of: id) == ["start"])
        }
    }

    @Test func staffSendTheirEventsToTheRequestsTheySee() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            // The TAM answers without holding a task; so may the duty manager and operators.
            let answered = try await desk.send(
                event: event(#"{"respond": {"message": "Looking"}}"#), to: id, expectedVersion: nil, by: .tom)
            #expect(answered.snapshot.stateName == "in_progress")
            _ = try await desk.send(event: event(#"{"addInternalNote": {"text": "dana"}}"#), to: id, expectedVersion: nil, by: .dana)
            _ = try await desk.send(event: event(#"{"addInternalNote": {"text": "olga"}}"#), to: id, expectedVersion: nil, by: .olga)
            await expectRefusal(.notFound) {
                try await desk.send(event: event(#"{"addInternalNote": {"text": "tara"}}"#), to: id, expectedVersion: nil, by: .tara)
            }
            let history = try await desk.history(of: id, for: .olga, afterSeq: 0, limit: 10).items
            #expect(history.map(\.actor) == ["customer:acme/bob", "staff:tom", "staff:dana", "operator:olga"])
        }
    }

    @Test func anEngineerMovesARequestOnlyWhileTheirGroupHoldsAnOpenTaskOnIt() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let patch = try await fixture.filePatch()
            // Claimed or not, the build task is engineering's: erin hands the build to QA.
            _ = try await desk.claim(task: try await fixture.task("build-patch", of: patch).id, by: .erin)
            let handedOver = try await desk.send(
                event: event(#"{"submitForQA": {"build": "11.0.3-p1"}}"#), to: patch, expectedVersion: nil, by: .erin)
            #expect(handedOver.snapshot.stateName == "in_qa")
            // QA holds the open task now: engineering reads the request but may not pass QA for it, nor cancel it.
            #expect(try await desk.request(patch, for: .erin).snapshot.stateName == "in_qa")
            for refused in [#"{"qaPassed": {}}"#, #"{"cancel": {"reason": "x"}}"#] {
                await expectRefusal(.forbidden, "\(refused)") {
                    try await desk.send(event: event(refused), to: patch, expectedVersion: nil, by: .erin)
                }
            }
            let passed = try await desk.send(event: event(#"{"qaPassed": {}}"#), to: patch, expectedVersion: nil, by: .quinn)
            #expect(passed.snapshot.stateName == "awaiting_license_acceptance")
            // Now no group holds a task on it: QA, too, only reads it.
            await expectRefusal(.forbidden) {
                try await desk.send(event: event(#"{"cancel": {"reason": "x"}}"#), to: patch, expectedVersion: nil, by: .quinn)
            }
            #expect(try await fixture.events(of: patch) == ["start", "submitForQA", "qaPassed"])
        }
    }

    @Test func anEditBasedOnAnOldVersionIsRefusedNotLost() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            let answered = try await desk.send(event: event(#"{"respond": {"message": "Looking"}}"#), to: id, expectedVersion: 1, by: .tom)
            #expect(answered.snapshot.version == 2)
            let stale = await expectEngineError(.versionConflict) {
                try await desk.send(event: event(#"{"cancel": {"reason": "gone"}}"#), to: id, expectedVersion: 1, by: .acmeContact)
            }
            #expect(stale?.currentVersion == 2)
            #expect(try await fixture.request(id).snapshot.stateName == "in_progress")
            let current = try await desk.send(
                event: event(#"{"cancel": {"reason": "gone"}}"#), to: id, expectedVersion: 2, by: .acmeContact)
            #expect(current.snapshot.stateName == "cancelled" && current.snapshot.version == 3)
        }
    }

    /// An operator may do what a duty manager may: their message is a first response (issue 13).
    @Test func anOperatorsMessageIsAFirstResponse() async throws {
        try await DeskFixture.with { fixture throws in
            let id = try await fixture.fileIncident(severity: 3)
            let answered = try await fixture.desk.send(
                event: event(#"{"respond": {"message": "Looking into it"}}"#), to: id, expectedVersion: nil, by: .olga)
            #expect(answered.snapshot.stateName == "in_progress" && answered.sla?.standing == .met)
        }
    }
}
