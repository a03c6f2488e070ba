import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Prometheus
import StewardCore
import StewardHTTP
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport

/// A running API on a fresh database seeded like `steward dev`, reached over real HTTP, with a
/// token for every role and a clock the test moves.
struct APIFixture: Sendable {
    static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("workflows")
    static let policy = try! MSAPolicy.load(from: workflows)
    /// swift-metrics is bootstrapped once per process.
    static let metrics = APIServer.bootstrapMetrics()

    let database: TestDatabase
    let clock: ManualClock
    let engine: WorkflowEngine
    let server: APIServer
    let client: any TestClientProtocol
    let tokens: [String: String]

    /// Callers by who they are: `acme` (bob, a contact of Acme), `globex` (a contact of Globex),
    /// `alice` (support engineer), `erin` (enterprise engineering), `tom` (Acme's TAM), `tara`
    /// (Globex's TAM), `dana` (duty manager) and `olga` (operator); `nobody` sends no token.
    func caller(_ name: String) -> Caller {
        Caller(client: client, token: name == "nobody" ? nil : tokens[name]!)
    }

    static func with(_ body: @Sendable (APIFixture) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { database in try await run(on: database, body) }
    }

    /// Seeds `database` like `steward dev` and runs the API on it.
    static func run(
        on database: TestDatabase,
        requestTimeout: Duration = .seconds(15),
        _ body: @Sendable (APIFixture) async throws -> Void
    ) async throws {
        let clock = ManualClock(EngineFixture.epoch)
        let engine = WorkflowEngine.msa(client: database.client, policy: policy, clock: clock, logger: TestPostgres.logger)
        let desk = ServiceDesk(engine: engine, policy: policy, logger: TestPostgres.logger)
        let demo = try Directory.read(from: workflows.appendingPathComponent("directory.yaml"), rules: desk.directoryRules)
        _ = try await desk.importDirectory(demo, by: .localOperator("test"))
        let store = TokenStore(client: database.client, logger: TestPostgres.logger)
        var tokens: [String: String] = [:]
        tokens["acme"] = try await store.create(role: .customer, customerID: "acme", contact: "bob", label: "test").token
        tokens["globex"] = try await store.create(role: .customer, customerID: "globex", contact: "hiro", label: "test").token
        for (name, role) in [
            ("alice", Principal.Role.engineer), ("erin", .engineer), ("tom", .tam), ("tara", .tam),
            ("dana", .dutyManager), ("olga", .operator),
        ] {
            tokens[name] = try await store.create(role: role, staffID: name, label: "test").token
        }
        let server = APIServer(
            engine: engine,
            policy: policy,
            metrics: metrics,
            requestTimeout: requestTimeout,
            logger: TestPostgres.logger
        )
        let issued = tokens
        // Tests of every route send dozens of bad tokens from this one address; ConnectionGuardTests
        // tests the throttle's own limit.
        try await server.application(authenticationThrottle: .init(failures: 1_000)).test(.live) { client in
            try await body(
                APIFixture(database: database, clock: clock, engine: engine, server: server, client: client, tokens: issued)
            )
        }
    }

    /// Files a severity-`severity` incident for Acme as its contact and returns its id.
    func fileIncident(severity: Int = 1, summary: String = "Scans stall on the file servers") async throws -> String {
        let reply = try await caller("acme").post(
            "/v1/requests",
            #"{"type": "incident", "summary": "\#(summary)", "severity": \#(severity)}"#
        )
        guard reply.status == .created, let id = reply.object["id"] as? String else {
            throw Unexpected(reply: reply)
        }
        return id
    }

    /// The id of the first task named `name` in the request's tasks.
    func task(_ name: String, of request: String) async throws -> String {
        let reply = try await caller("olga").get("/v1/requests/\(request)")
        let tasks = reply.object["tasks"] as? [[String: Any]] ?? []
        guard let id = tasks.first(where: { $0["name"] as? String == name })?["id"] as? String else { throw Unexpected(reply: reply) }
        return id
    }

    struct Unexpected: Error, CustomStringConvertible {
        var reply: Reply
        var description: String { "unexpected \(reply.status.code): \(reply.text)" }
    }
}

/// One caller of the API: every call goes over HTTP with their bearer token.
struct Caller: Sendable {
    let client: any TestClientProtocol
    let token: String?

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Reply {
        try await send(.get, uri, body: nil, headers: headers)
    }

    func post(_ uri: String, _ json: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        var headers = headers
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await send(.post, uri, body: json.map { ByteBuffer(string: $0) }, headers: headers)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, body: ByteBuffer?, headers: HTTPFields = [:]) async throws -> Reply {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        let reply = Reply(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        ResponseConformance.check(method, uri, reply)
        return reply
    }
}

/// An answer, with its JSON at hand.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    /// The problem type's last part (`invalid-transition`), for problem+json answers.
    var problem: String? {
        guard headers[.contentType] == "application/problem+json" else { return nil }
        return (object["type"] as? String)?.replacingOccurrences(of: "urn:steward:problem:", with: "")
    }
}
