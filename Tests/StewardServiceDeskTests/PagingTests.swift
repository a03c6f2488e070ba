import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk
import Testing

/// Page sizes and idempotency keys are checked by the desk, whichever shell passes them on.
@Suite struct PagingTests {
    @Test func everyListRefusesAPageSizeOutsideOneToAHundred() async throws {
        try await DeskFixture.with { fixture throws in
            let desk = fixture.desk
            let id = try await fixture.fileIncident()
            for limit in [-1, 0, 101] {
                await expectRefusal(.badParameter, field: "limit", "requests \(limit)") {
                    try await desk.requests(visibleTo: .olga, filter: .init(), after: nil, limit: limit)
                }
                await expectRefusal(.badParameter, field: "limit", "history \(limit)") {
                    try await desk.history(of: id, for: .olga, afterSeq: 0, limit: limit)
                }
                await expectRefusal(.badParameter, field: "limit", "tasks \(limit)") {
                    try await desk.tasks(visibleTo: .olga, group: nil, status: nil, after: nil, limit: limit)
                }
                await expectRefusal(.badParameter, field: "limit", "stuck \(limit)") {
                    try await desk.stuck(kind: nil, customer: nil, shown: 0, limit: limit, for: .olga)
                }
                await expectRefusal(.badParameter, field: "limit", "audit \(limit)") {
                    try await desk.auditLog(request: nil, before: nil, limit: limit, for: .olga)
                }
            }
        }
    }

    @Test func anIdempotencyKeyIsOneTo200BytesAndFilesNothingOtherwise() async throws {
        try await DeskFixture.with { fixture throws in
            // 100 letters with a combining accent: 100 characters, 300 bytes.
            for key in ["", String(repeating: "e\u{301}", count: 100)] {
                await expectRefusal(.badParameter, field: "Idempotency-Key") {
                    try await fixture.desk.file(try .incident(key: key), by: .acmeContact)
                }
            }
            #expect(try await fixture.count("workflows") == 0)
        }
    }
}
