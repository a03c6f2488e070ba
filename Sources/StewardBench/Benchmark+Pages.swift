import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import PostgresNIO
import Prometheus
import StewardHTTP
import StewardMSA
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport

/// The console's and the portal's main pages, fetched over HTTP from an in-process server by a
/// signed-in operator and a signed-in contact, as a browser fetches them.
extension Benchmark {
    struct PageTime: Sendable {
        var page: String
        var milliseconds: Double
    }

    /// The pages timed, with who opens them.
    static let timedPages: [(page: String, path: String, contact: Bool)] = [
        ("console: requests, newest page", "/console/requests", false),
        ("console: one customer's requests", "/console/requests?customer=bench-history", false),
        ("console: open requests", "/console/requests?open=true", false),
        ("console: stuck work", "/console/stuck", false),
        ("console: queues and workers", "/console/workers", false),
        ("console: task queue", "/console/queue", false),
        ("portal: a contact's requests", "/portal", true),
    ]

    /// Median milliseconds of each page over `samples` fetches.
    func pageTimes(_ server: BenchServer, samples: Int = 20) async throws -> [PageTime] {
        var times: [PageTime] = []
        for page in Self.timedPages {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)\(page.path)")
            request.headers.add(name: "Cookie", value: page.contact ? server.portalCookie : server.consoleCookie)
            var durations: [Duration] = []
            for _ in 0..<samples {
                let started = ContinuousClock.now
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 16 << 20)
                durations.append(ContinuousClock.now - started)
                guard response.status == .ok else {
                    throw BenchmarkFailure("\(page.path) answered \(response.status.code): \(String(buffer: body).prefix(300))")
                }
            }
            times.append(PageTime(page: page.page, milliseconds: medianMilliseconds(durations)))
        }
        return times
    }

    /// An in-process API server on the bench's database, with an operator (olga) signed in to the
    /// console and a contact of the customer holding the finished workflows (pat of bench-history)
    /// signed in to the portal and holding an API token.
    struct BenchServer: Sendable {
        var port: Int
        var contactToken: String
        var consoleCookie: String
        var portalCookie: String
    }

    /// Runs `body` while an in-process server answers on a free port.
    func withServer<Result: Sendable>(
        _ client: PostgresClient, _ body: @Sendable (BenchServer) async throws -> Result
    ) async throws -> Result {
        try await client.query(
            "INSERT INTO staff (staff_id, name, email) VALUES ('olga', 'Olga Operations', 'olga@bench.example') ON CONFLICT DO NOTHING",
            logger: logger)
        try await client.query(
            """
            INSERT INTO contacts (customer_id, contact_id, name, email, created_at)
            VALUES ('bench-history', 'pat', 'Pat History', 'pat@bench.example', now()) ON CONFLICT DO NOTHING
            """,
            logger: logger)
        let policy = try MSAPolicy.load(from: URL(fileURLWithPath: options.policyDirectory))
        let engine = WorkflowEngine.msa(client: client, policy: policy, logger: logger)
        let api = APIServer(engine: engine, policy: policy, metrics: PrometheusCollectorRegistry(), logger: logger)
        let desk = ServiceDesk(engine: engine, policy: policy, logger: logger)
        let tokens = TokenStore(client: client, logger: logger)
        let olga = try await tokens.create(role: .operator, staffID: "olga", label: "bench").token
        let pat = try await tokens.create(role: .customer, customerID: "bench-history", contact: "pat", label: "bench").token
        let server = BenchServer(
            port: try unusedPort(), contactToken: pat,
            consoleCookie: "steward_console=\(try await desk.signIn(token: olga, to: .console).secret)",
            portalCookie: "steward_portal=\(try await desk.signIn(token: pat, to: .portal).secret)")
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await api.application(port: server.port).runService()
                return nil
            }
            defer { group.cancelAll() }
            try await waitUntilServing(HTTPClient.shared, port: server.port)
            return try await body(server)
        }
    }

    private func waitUntilServing(_ http: HTTPClient, port: Int) async throws {
        for _ in 0..<100 {
            if let response = try? await http.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(1)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchmarkFailure("the in-process server on port \(port) did not answer /healthz")
    }
}

/// Why a benchmark could not measure what it set out to.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
