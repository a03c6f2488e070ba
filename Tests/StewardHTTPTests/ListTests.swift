import Foundation
import Testing

/// Lists come in keyset pages: every item once, in order, however the pages fall.
@Suite struct ListTests {
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
