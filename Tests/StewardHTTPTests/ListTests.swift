import Foundation
import Testing

/// Lists come in keyset pages: every item once, in order, however the pages fall.
@Suite struct ListTests {
    /// A cursor as a client could forge one: base64url of values joined by newlines.
    static func forged(_ values: [String]) -> String {
        Data(values.joined(separator: "\n").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Issue 13: impossible instants reached PostgreSQL's casts, and a priority past 32 bits its
    /// integer cast, answering 500. Every cursor that does not decode to values the query accepts is 400.
    @Test func aForgedCursorIsRefusedWith400() async throws {
        try await APIFixture.with { api in
            let id = UUID().uuidString
            let requestCursors = [
                ["2026-02-30 10:00:00+00", id], ["2026-01-01 24:00:00+00", id], ["2026-01-01 10:61:00+00", id],
                ["0000-01-01 10:00:00+00", id], ["2026-01-01 10:00:00+99", id], ["2026-01-01 10:00:00.1234567+00", id],
                ["2026-01-01 10:00:00+00", "not-a-uuid"],
            ]
            for values in requestCursors {
                let reply = try await api.caller("olga").get("/v1/requests?cursor=\(Self.forged(values))")
                #expect(reply.status == .badRequest && reply.problem == "bad-request", "\(values): \(reply.status) \(reply.text)")
            }
            let good = try await api.caller("olga").get("/v1/requests?cursor=\(Self.forged(["2026-01-01 10:00:00.123+05:30", id]))")
            #expect(good.status == .ok)
            for priority in ["9999999999", "-2147483649"] {
                let values = [priority, "2026-01-01 10:00:00+00", "infinity", id]
                let reply = try await api.caller("olga").get("/v1/tasks?cursor=\(Self.forged(values))")
                #expect(reply.status == .badRequest, "\(values): \(reply.status) \(reply.text)")
            }
        }
    }

    @Test func requestsTasksAndHistoryArePagedWithCursors() async throws {
        try await APIFixture.with { api in
            var filed: [String] = []
            for number in 1...7 {
                filed.append(try await api.fileIncident(severity: number % 4 + 1, summary: "incident \(number)"))
                api.clock.advance(by: .seconds(1))
            }
            let tom = api.caller("tom")
            var seen: [String] = []
            var uri = "/v1/requests?limit=3"
            var pages = 0
            while true {
                let page = try await tom.get(uri)
                #expect(page.status == .ok)
                seen += page.items.compactMap { $0["id"] as? String }
                pages += 1
                guard let next = page.object["nextCursor"] as? String else { break }
                uri = "/v1/requests?limit=3&cursor=\(next)"
            }
            #expect(pages == 3)
            #expect(seen == filed.reversed())

            // Filters narrow the walk.
            let severity1 = try await tom.get("/v1/requests?type=incident&state=new&customer=acme&open=true&limit=100")
            #expect(severity1.items.count == 7)
            #expect(try await tom.get("/v1/requests?open=false").items.isEmpty)

            // Tasks in queue order: severity first.
            var tasks: [[String: Any]] = []
            uri = "/v1/tasks?limit=2"
            while true {
                let page = try await api.caller("alice").get(uri)
                tasks += page.items
                guard let next = page.object["nextCursor"] as? String else { break }
                uri = "/v1/tasks?limit=2&cursor=\(next)"
            }
            #expect(tasks.count == 7)
            let priorities = tasks.compactMap { $0["priority"] as? Int }
            #expect(priorities == priorities.sorted())
            #expect(Set(tasks.compactMap { $0["request"] as? String }) == Set(filed))

            let id = filed[0]
            for message in ["one", "two", "three"] {
                _ = try await api.caller("alice").post("/v1/requests/\(id)/events", "{\"addInternalNote\": {\"text\": \"\(message)\"}}")
            }
            let first = try await tom.get("/v1/requests/\(id)/history?limit=2")
            let next = try #require(first.object["nextCursor"] as? String)
            let second = try await tom.get("/v1/requests/\(id)/history?limit=2&cursor=\(next)")
            #expect((first.items + second.items).compactMap { $0["seq"] as? Int } == [1, 2, 3, 4])
            #expect(second.object["nextCursor"] == nil)
        }
    }
}
