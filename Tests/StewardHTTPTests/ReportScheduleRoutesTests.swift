import Foundation
import Testing

/// Report schedules through the API: the TAM schedules and deletes, the contact reads, every answer
/// as openapi.yaml describes it.
@Suite struct ReportScheduleRoutesTests {
    @Test func aTAMSchedulesAWeeklyReportAndDeletesIt() async throws {
        try await APIFixture.with { api in
            let weekly = #"""
                {"name": "Weekly status", "frequency": "weekly", "weekday": "monday", "time": "09:00",
                 "sections": ["open-requests", "breaches"], "period": "week", "recipients": ["bob"]}
                """#
            let added = try await api.caller("tom").post("/v1/customers/acme/report-schedules", weekly)
            #expect(added.status == .created, "\(added.text)")
            let id = try #require(added.object["id"] as? String)
            #expect(added.headers[.location] == "/v1/customers/acme/report-schedules/\(id)")
            #expect(added.object["format"] as? String == "html" && added.object["nextRunAt"] != nil)

            let listed = try await api.caller("acme").get("/v1/customers/acme/report-schedules")
            #expect(listed.items.map { $0["kind"] as? String } == ["quarterly", "custom"])
            #expect(try await api.caller("acme").post("/v1/customers/acme/report-schedules", weekly).status == .forbidden)
            #expect(try await api.caller("tara").post("/v1/customers/acme/report-schedules", weekly).status == .notFound)

            let thirtyFirst = try await api.caller("tom").post(
                "/v1/customers/acme/report-schedules",
                #"{"name": "M", "frequency": "monthly", "dayOfMonth": "31", "time": "09:00", "sections": ["breaches"], "period": "month"}"#)
            #expect(thirtyFirst.status == .unprocessableContent && thirtyFirst.object["field"] as? String == "dayOfMonth")
            let section = try await api.caller("tom").post(
                "/v1/customers/acme/report-schedules",
                #"{"name": "M", "frequency": "daily", "time": "09:00", "sections": ["gossip"], "period": "day"}"#)
            #expect(section.status == .unprocessableContent && section.text.contains("open-requests"))

            let quarterly = try #require(listed.items.first?["id"] as? String)
            #expect(
                try await api.caller("tom").send(.delete, "/v1/customers/acme/report-schedules/\(quarterly)", body: nil).status == .conflict
            )
            #expect(
                try await api.caller("tom").send(.delete, "/v1/customers/acme/report-schedules/\(id)?reason=asked", body: nil).status
                    == .noContent)
            #expect(try await api.caller("tom").send(.delete, "/v1/customers/acme/report-schedules/\(id)", body: nil).status == .notFound)
        }
    }
}
