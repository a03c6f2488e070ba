import Foundation
import PostgresNIO
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport
import Testing

/// The service desk on a fresh database seeded like `steward dev` (Acme with TAM tom, Globex with
/// TAM tara, standard-tier Initech; the demo directory of workflows/directory.yaml), with a clock
/// the test moves. Tests call the desk directly, as the people below; no HTTP.
struct DeskFixture: Sendable {
    static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows")
    static let policy = try! MSAPolicy.load(from: workflows)

    let database: TestDatabase
    let clock: ManualClock
    let desk: ServiceDesk

    /// Runs `body` on a fresh database. Write the closure as `{ fixture throws in`: one whose only
    /// `try`s sit inside `#expect` is otherwise inferred not to throw, and does not compile.
    static func with(_ body: @Sendable (DeskFixture) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { database in
            let clock = ManualClock(EngineFixture.epoch)
            let engine = WorkflowEngine.msa(client: database.client, policy: policy, clock: clock, logger: TestPostgres.logger)
            let desk = ServiceDesk(engine: engine, policy: policy, logger: TestPostgres.logger)
            let demo = try Directory.read(from: workflows.appendingPathComponent("directory.yaml"), rules: desk.directoryRules)
            _ = try await desk.importDirectory(demo, by: .localOperator("test"))
            // The seed's own audit rows are not what these tests read: they start from an empty log.
            try await database.client.query("DELETE FROM audit_log")
            try await body(DeskFixture(database: database, clock: clock, desk: desk))
        }
    }

    /// Files an incident (for the principal's own customer unless `customer` is named) and returns its id.
    func fileIncident(severity: Int = 1, by principal: Principal = .acmeContact, for customer: String? = nil) async throws -> UUID {
        let filed = try await desk.file(try .incident(severity: severity, for: customer), by: principal)
        return filed.request.snapshot.id
    }

    /// Files Acme's private patch for a supported version; the enterprise engineering group builds it.
    func filePatch() async throws -> UUID {
        let filing = try Filing.of(
            "private-patch", #"{"product": "endpoint-security", "version": "11.0", "description": "Driver conflict"}"#)
        return try await desk.file(filing, by: .acmeContact).request.snapshot.id
    }

    /// The request as an operator sees it, tasks included.
    func request(_ id: UUID) async throws -> RequestRecord {
        try await desk.request(id, for: .olga)
    }

    /// The newest task named `name` on the request.
    func task(_ name: String, of request: UUID) async throws -> HumanTask {
        try #require(try await self.request(request).tasks?.last { $0.name == name }, "no task \(name) on \(request)")
    }

    /// The events of the request's history as an operator sees it, oldest first.
    func events(of request: UUID) async throws -> [String] {
        try await desk.history(of: request, for: .olga, afterSeq: 0, limit: 100).items.map(\.event)
    }

    func count(_ table: String) async throws -> Int {
        try await database.count("SELECT count(*) FROM \(unescaped: table)")
    }
}

/// The people of the demo seed, as their tokens make them (``TokenTests`` checks that they do).
extension Principal {
    /// Bob, a contact of Acme (enterprise, TAM tom).
    static let acmeContact = Principal(tokenID: UUID(), role: .customer, customerID: "acme", contact: "bob")
    /// Hiro, a contact of Globex (enterprise, TAM tara).
    static let globexContact = Principal(tokenID: UUID(), role: .customer, customerID: "globex", contact: "hiro")
    /// A support engineer: the incidents' respond and resolve tasks are their group's.
    static let alice = Principal(tokenID: UUID(), role: .engineer, staffID: "alice", groups: ["support"])
    /// The enterprise engineering group, which builds private patches.
    static let erin = Principal(tokenID: UUID(), role: .engineer, staffID: "erin", groups: ["enterprise-engineering"])
    /// QA, which verifies private patch builds.
    static let quinn = Principal(tokenID: UUID(), role: .engineer, staffID: "quinn", groups: ["qa"])
    static let tom = Principal(tokenID: UUID(), role: .tam, staffID: "tom", groups: ["tam"], assignedCustomers: ["acme"])
    static let tara = Principal(tokenID: UUID(), role: .tam, staffID: "tara", groups: ["tam"], assignedCustomers: ["globex"])
    static let dana = Principal(tokenID: UUID(), role: .dutyManager, staffID: "dana", groups: ["duty-managers", "tam"])
    static let olga = Principal(tokenID: UUID(), role: .operator, staffID: "olga")

    /// Everyone above, by name, for tables of who may and who may not.
    static let everyone: [(name: String, principal: Principal)] = [
        ("acme contact", .acmeContact), ("globex contact", .globexContact), ("alice", .alice), ("erin", .erin),
        ("quinn", .quinn), ("tom", .tom), ("tara", .tara), ("dana", .dana), ("olga", .olga),
    ]

    /// Everyone but those named.
    static func everyone(but names: Set<String>) -> [(name: String, principal: Principal)] {
        everyone.filter { !names.contains($0.name) }
    }
}

extension Filing {
    /// A filing of `type` whose fields are the JSON object `fields`.
    static func of(_ type: String, for customer: String? = nil, _ fields: String, key: String? = nil) throws -> Filing {
        Filing(
            type: type,
            customer: customer,
            fields: try JSONDecoder().decode([String: JSONValue].self, from: Data(fields.utf8)),
            idempotencyKey: key
        )
    }

    /// An incident; `extra` adds fields to its JSON object (`"receivedAt": "…"`).
    static func incident(
        severity: Int = 2,
        summary: String = "Update server unreachable",
        for customer: String? = nil,
        _ extra: String = "",
        key: String? = nil
    ) throws -> Filing {
        let more = extra.isEmpty ? "" : ", " + extra
        return try of("incident", for: customer, #"{"summary": "\#(summary)", "severity": \#(severity)\#(more)}"#, key: key)
    }
}

/// An event or task outcome as its JSON, e.g. `#"{"respond": {"message": "On it"}}"#`.
func event(_ json: String) -> Data {
    Data(json.utf8)
}

/// The field the incident's contract filled in, from the request's stored state.
func incidentField(_ key: String, of record: RequestRecord) -> String? {
    let state = (try? JSONSerialization.jsonObject(with: record.snapshot.state)) as? [String: Any]
    let incident = (state?[record.snapshot.stateName] as? [String: Any])?["incident"] as? [String: Any]
    return incident?[key] as? String
}

/// Expects the desk to refuse `body` with `code` (and `field`, when given).
func expectRefusal<R>(
    _ code: ServiceDeskError.Code,
    field: String? = nil,
    _ comment: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> R
) async {
    let error = await #expect(throws: ServiceDeskError.self, comment.map(Comment.init(rawValue:)), sourceLocation: sourceLocation) {
        try await body()
    }
    guard let error else { return }
    #expect(error.code == code, note(comment, error), sourceLocation: sourceLocation)
    if let field { #expect(error.field == field, note(comment, error), sourceLocation: sourceLocation) }
}

/// Expects the store to refuse `body` with `code`; returns the refusal.
@discardableResult
func expectEngineError<R>(
    _ code: EngineError.Code,
    _ comment: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> R
) async -> EngineError? {
    let error = await #expect(throws: EngineError.self, comment.map(Comment.init(rawValue:)), sourceLocation: sourceLocation) {
        try await body()
    }
    if let error { #expect(error.code == code, note(comment, error), sourceLocation: sourceLocation) }
    return error
}

/// Expects the request type or the contract to refuse `body`'s input, naming `field`.
func expectInputRefused<R>(
    field: String,
    _ comment: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> R
) async {
    let error = await #expect(throws: TransitionError.self, comment.map(Comment.init(rawValue:)), sourceLocation: sourceLocation) {
        try await body()
    }
    if let error { #expect(error.field == field, note(comment, error.reason), sourceLocation: sourceLocation) }
}

/// The test's comment followed by what was thrown, for a failure's message.
private func note(_ comment: String?, _ thrown: Any) -> Comment {
    Comment(rawValue: [comment, "\(thrown)"].compactMap { $0 }.joined(separator: ": "))
}
