import Foundation
import PostgresNIO
import StewardCore
import StewardMSA
import StewardServiceDesk
import StewardTestSupport
import Testing

/// The daily severity-1 report says what happened in the last day, from the history; the call task
/// of a customer who chose phone carries the same text, and neither holds what is staff's alone.
@Suite struct DailyReportTests {
    @Test func theCallTaskReadsOutTheLastDayAndTheEmailCarriesIt() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            // Globex chose phone, Acme e-mail.
            let globex = try await fixture.fileIncident(severity: 1, by: .globexContact)
            let acme = try await fixture.fileIncident(severity: 1)
            fixture.clock.advance(by: .seconds(600))
            for (id, tam) in [(globex, Principal.tara), (acme, .tom)] {
                _ = try await desk.send(event: event(#"{"respond": {"message": "On it"}}"#), to: id, expectedVersion: nil, by: tam)
                _ = try await desk.send(
                    event: event(#"{"addInternalNote": {"text": "Customer is grumpy"}}"#), to: id, expectedVersion: nil, by: tam)
            }
            fixture.clock.advance(by: .seconds(24 * 3_600 - 600))
            try await fixture.fireDueTimers()

            let call = try await fixture.task("daily-report-call-1", of: globex)
            let brief = try #require(call.brief)
            #expect(brief.contains("Support wrote: On it"), "\(brief)")
            #expect(brief.contains("Next step: Resolve severity 1 (critical) incident"), "\(brief)")
            #expect(!brief.contains("grumpy"), "\(brief)")
            #expect(try await fixture.events(of: globex).last == "dailyReportDue")

            let rows = try await fixture.database.client.query(
                "SELECT fields->>'happenings' FROM outbox WHERE workflow_id = \(acme) AND template = 'daily-report'"
            ).collect()
            #expect(rows.count == 3, "two contacts and the TAM")
            for row in rows {
                let happenings = try row.decode(String.self)
                #expect(happenings.contains("Support wrote: On it") && !happenings.contains("grumpy"), "\(happenings)")
            }
        }
    }

    /// Issue 13: completing the call with its notes answered 422, since the event did not end the task.
    @Test func theTAMCompletesTheCallTaskWithNotesThatJoinTheHistory() async throws {
        try await DeskFixture.with { fixture throws in
            let globex = try await fixture.fileIncident(severity: 1, by: .globexContact)
            fixture.clock.advance(by: .seconds(24 * 3_600))
            try await fixture.fireDueTimers()
            let call = try await fixture.task("daily-report-call-1", of: globex)
            _ = try await fixture.desk.claim(task: call.id, by: .tara)
            _ = try await fixture.desk.complete(
                task: call.id, outcome: event(#"{"dailyReportCallDone": {"notes": "Called Hiro: workaround holds"}}"#), by: .tara)
            #expect(try await fixture.task("daily-report-call-1", of: globex).status == .completed)
            let history = try await fixture.desk.history(of: globex, for: .olga, afterSeq: 0, limit: 100).items
            #expect(history.last?.event == "dailyReportCallDone")
            let payload = try #require(history.last?.payload)
            #expect(String(decoding: payload, as: UTF8.self).contains("workaround holds"))
        }
    }
}
