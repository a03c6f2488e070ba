import Foundation
import StewardCore
import StewardMSA
import StewardServiceDesk
import Testing

/// Quarterly reports: a customer's contacts and TAM read that customer's figures, the duty manager
/// and operators any customer's; to anyone else another customer is as good as unknown.
@Suite struct ReportTests {
    @Test func aContactReadsTheirOwnCustomersQuarterOnly() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let report = try await desk.quarterlyReport(of: "acme", quarter: nil, for: .acmeContact)
            #expect(report.customer.id == "acme" && report.quarter == "2026-Q4")
            for other in ["globex", "initech", "umbrella"] {
                await expectRefusal(.notFound, "\(other)") { try await desk.quarterlyReport(of: other, quarter: nil, for: .acmeContact) }
            }
            #expect(try await desk.quarterlyReport(of: "globex", quarter: nil, for: .globexContact).customer.id == "globex")
            await expectRefusal(.notFound) { try await desk.quarterlyReport(of: "acme", quarter: nil, for: .globexContact) }
        }
    }

    @Test func aTAMReadsTheirCustomersQuartersOnly() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            #expect(try await desk.quarterlyReport(of: "acme", quarter: nil, for: .tom).customer.id == "acme")
            #expect(try await desk.quarterlyReport(of: "globex", quarter: nil, for: .tara).customer.id == "globex")
            for (customer, tam) in [("globex", Principal.tom), ("initech", .tom), ("acme", .tara), ("initech", .tara)] {
                await expectRefusal(.notFound, "\(tam.staffID ?? "") for \(customer)") {
                    try await desk.quarterlyReport(of: customer, quarter: nil, for: tam)
                }
            }
        }
    }

    @Test func theDutyManagerAndOperatorsReadAnyCustomersQuarter() async throws {
        try await DeskFixture.with { fixture throws in
            for principal in [Principal.dana, .olga] {
                for customer in ["acme", "globex", "initech"] {
                    let report = try await fixture.desk.quarterlyReport(of: customer, quarter: nil, for: principal)
                    #expect(report.customer.id == customer, "\(principal.role)")
                }
                await expectRefusal(.notFound) { try await fixture.desk.quarterlyReport(of: "umbrella", quarter: nil, for: principal) }
                await expectRefusal(.notFound) { try await fixture.desk.quarterlyReport(of: "ac\0me", quarter: nil, for: principal) }
            }
        }
    }

    @Test func engineersReadNoReports() async throws {
        try await DeskFixture.with { fixture throws in
            for engineer in [Principal.alice, .erin] {
                await expectRefusal(.forbidden) { try await fixture.desk.quarterlyReport(of: "acme", quarter: nil, for: engineer) }
            }
        }
    }

    @Test func theReportCountsOnlyTheCustomersRequestsOfThatQuarter() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let answered = try await fixture.fileIncident()
            _ = try await fixture.fileIncident(severity: 3)
            _ = try await fixture.fileIncident(by: .globexContact)
            fixture.clock.advance(by: .seconds(600))
            let respond = try await fixture.task("respond", of: answered)
            _ = try await desk.complete(task: respond.id, outcome: event(#"{"respond": {"message": "On it"}}"#), by: .alice)

            let report = try await desk.quarterlyReport(of: "acme", quarter: Quarter("2026-Q4"), for: .tom)
            #expect(report.current.byType.first == ReportCount(name: "incident", count: 2) && report.current.stillOpen == 2)
            #expect(report.current.firstResponse[0].met == 1)
            let earlier = try await desk.quarterlyReport(of: "acme", quarter: Quarter("2026-Q3"), for: .tom)
            #expect(earlier.current.received == 0)
            #expect(try await desk.quarterlyReport(of: "globex", quarter: nil, for: .tara).current.received == 1)
        }
    }

    @Test func aQuarterNotYetBegunIsRefusedNamingTheCurrentOne() async throws {
        try await DeskFixture.with { fixture throws in
            await expectRefusal(.invalid, "2027-Q1") {
                try await fixture.desk.quarterlyReport(of: "acme", quarter: Quarter("2027-Q1"), for: .tom)
            }
        }
    }
}
