import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk
import Testing

/// Reading requests and their history: each person sees what is theirs to see, and what is not
/// theirs looks exactly like what does not exist.
@Suite struct ReadingTests {
    @Test func anotherCustomersRequestIsNotFoundAsIfItDidNotExist() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            for (name, outsider) in [("globex contact", Principal.globexContact), ("tara", .tara), ("erin", .erin), ("quinn", .quinn)] {
                await expectRefusal(.notFound, name) { try await desk.request(id, for: outsider) }
                await expectRefusal(.notFound, name) { try await desk.history(of: id, for: outsider, afterSeq: 0, limit: 10) }
                await expectRefusal(.notFound, name) {
                    try await desk.send(event: event(#"{"cancel": {"reason": "x"}}"#), to: id, expectedVersion: nil, by: outsider)
                }
                #expect(try await desk.requests(visibleTo: outsider, filter: .init(), after: nil, limit: 10).items.isEmpty, "\(name)")
            }
            // Naming the customer does not widen what a contact sees.
            let named = try await desk.requests(visibleTo: .globexContact, filter: .init(customerID: "acme"), after: nil, limit: 10)
            #expect(named.items.isEmpty)
            // A request that does not exist is refused the same way, to everyone.
            await expectRefusal(.notFound) { try await desk.request(UUID(), for: .olga) }
            await expectRefusal(.notFound) { try await desk.history(of: UUID(), for: .acmeContact, afterSeq: 0, limit: 10) }
            #expect(try await fixture.events(of: id) == ["start"])
        }
    }

    @Test func theCustomersPeopleAndTheDutyManagerAndOperatorsReadTheRequest() async throws {
        try await DeskFixture.with { fixture throws in
            let id = try await fixture.fileIncident()
            for (name, reader) in [
                ("acme contact", Principal.acmeContact), ("tom", .tom), ("alice", .alice), ("dana", .dana), ("olga", .olga),
            ] {
                #expect(try await fixture.desk.request(id, for: reader).snapshot.id == id, "\(name)")
                #expect(try await fixture.desk.history(of: id, for: reader, afterSeq: 0, limit: 10).items.count == 1, "\(name)")
            }
        }
    }

    @Test func aListedRequestShowsTheSLAItsOwnReadShows() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            // Severity 3 counts business hours, a cancelled incident's clock stops, and a row written
            // before the figures were stored is read from its state.
            let counting = try await fixture.fileIncident(severity: 3)
            let cancelled = try await fixture.fileIncident(severity: 2)
            let unrecorded = try await fixture.fileIncident(severity: 4)
            fixture.clock.advance(by: .seconds(3_600))
            _ = try await desk.send(event: event(#"{"cancel": {"reason": "gone"}}"#), to: cancelled, expectedVersion: nil, by: .acmeContact)
            try await fixture.database.client.query("UPDATE workflows SET sla = NULL WHERE workflow_id = \(unrecorded)")
            fixture.clock.advance(by: .seconds(26 * 3_600))
            let listed = try await desk.requests(visibleTo: .acmeContact, filter: .init(), after: nil, limit: 10).items
            // Filed at one instant of the test's clock: in no particular order.
            #expect(Set(listed.map(\.id)) == [unrecorded, cancelled, counting])
            for summary in listed {
                let read = try await desk.request(summary.id, for: .acmeContact)
                #expect(read.sla != nil && summary.sla == read.sla, "\(summary.id)")
            }
            let severities = Dictionary(uniqueKeysWithValues: listed.map { ($0.id, $0.severity) })
            #expect(severities == [unrecorded: .low, cancelled: .high, counting: .medium])
        }
    }

    @Test func aContactSeesTheirRequestWithoutTheStaffsTasks() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let filed = try await desk.file(try .incident(), by: .acmeContact)
            #expect(filed.request.tasks == nil)
            let id = filed.request.snapshot.id
            #expect(try await desk.request(id, for: .acmeContact).tasks == nil)
            let listed = try await desk.requests(visibleTo: .acmeContact, filter: .init(), after: nil, limit: 10)
            #expect(listed.items.map(\.id) == [id])
            for (name, staff) in [("tom", Principal.tom), ("alice", .alice), ("dana", .dana), ("olga", .olga)] {
                #expect(try await desk.request(id, for: staff).tasks?.map(\.name) == ["respond"], "\(name)")
            }
            #expect(try await desk.file(try .incident(for: "acme"), by: .tom).request.tasks?.map(\.name) == ["respond"])
            let sent = try await desk.send(
                event: event(#"{"cancel": {"reason": "found it"}}"#), to: id, expectedVersion: nil, by: .acmeContact)
            #expect(sent.snapshot.stateName == "cancelled" && sent.tasks == nil)
        }
    }

    @Test func aContactsTimelineLeavesOutStaffOnlyNotes() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident(severity: 3)
            _ = try await desk.send(
                event: event(#"{"addInternalNote": {"text": "customer is grumpy"}}"#), to: id, expectedVersion: nil, by: .alice)
            _ = try await desk.send(event: event(#"{"respond": {"message": "Looking into it"}}"#), to: id, expectedVersion: nil, by: .alice)
            let theirs = try await desk.history(of: id, for: .acmeContact, afterSeq: 0, limit: 10)
            #expect(theirs.items.map(\.event) == ["start", "respond"])
            for (name, staff) in [("tom", Principal.tom), ("alice", .alice), ("olga", .olga)] {
                let ours = try await desk.history(of: id, for: staff, afterSeq: 0, limit: 10)
                #expect(ours.items.map(\.event) == ["start", "addInternalNote", "respond"], "\(name)")
            }
        }
    }

    @Test func anEngineerSeesOnlyTheRequestsTheirGroupsHaveTasksOn() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let incident = try await fixture.fileIncident()
            let patch = try await fixture.filePatch()
            func listed(by engineer: Principal) async throws -> [UUID] {
                try await desk.requests(visibleTo: engineer, filter: .init(), after: nil, limit: 10).items.map(\.id)
            }
            #expect(try await listed(by: .alice) == [incident])
            #expect(try await listed(by: .erin) == [patch])
            #expect(try await listed(by: .quinn) == [])
            #expect(try await desk.request(incident, for: .alice).snapshot.id == incident)
            await expectRefusal(.notFound) { try await desk.request(patch, for: .alice) }
            await expectRefusal(.notFound) { try await desk.request(incident, for: .erin) }
            await expectRefusal(.notFound) { try await desk.request(patch, for: .quinn) }

            // The build goes to QA: QA now sees the patch, and engineering still reads what it built.
            let build = try await fixture.task("build-patch", of: patch)
            _ = try await desk.complete(task: build.id, outcome: event(#"{"submitForQA": {"build": "11.0.3-p1"}}"#), by: .erin)
            #expect(try await listed(by: .quinn) == [patch])
            #expect(try await desk.request(patch, for: .erin).snapshot.stateName == "in_qa")
            #expect(try await listed(by: .alice) == [incident])
        }
    }

    @Test func listsShowEachPersonTheRequestsTheyMaySee() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            var filed: [String: [UUID]] = [:]
            for (customer, by) in [("acme", Principal.acmeContact), ("globex", .globexContact), ("acme", .acmeContact), ("initech", .olga)]
            {
                filed[customer, default: []].append(try await fixture.fileIncident(by: by, for: by.role == .customer ? nil : customer))
                fixture.clock.advance(by: .seconds(1))
            }
            func listed(by principal: Principal, _ filter: RequestQueries.RequestFilter = .init()) async throws -> Set<UUID> {
                Set(try await desk.requests(visibleTo: principal, filter: filter, after: nil, limit: 10).items.map(\.id))
            }
            let all = Set(filed.values.joined())
            #expect(try await listed(by: .acmeContact) == Set(filed["acme"]!))
            #expect(try await listed(by: .globexContact) == Set(filed["globex"]!))
            #expect(try await listed(by: .tom) == Set(filed["acme"]!))
            #expect(try await listed(by: .tara) == Set(filed["globex"]!))
            #expect(try await listed(by: .tom, .init(customerID: "globex")) == [])
            #expect(try await listed(by: .dana) == all)
            #expect(try await listed(by: .olga) == all)
            #expect(try await listed(by: .olga, .init(customerID: "initech")) == Set(filed["initech"]!))
            // Newest first.
            let page = try await desk.requests(visibleTo: .acmeContact, filter: .init(), after: nil, limit: 10)
            #expect(page.items.map(\.id) == filed["acme"]!.reversed())

            await expectRefusal(.invalid, field: "type") {
                try await desk.requests(visibleTo: .olga, filter: .init(type: "outage"), after: nil, limit: 10)
            }
        }
    }
}
