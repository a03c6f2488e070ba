import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import StewardCore
import StewardHTTP
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport
import Synchronization
import Testing

/// Issue 13 items 7 and 13, over raw TCP against a running server: what a client sends before a
/// request reaches the routes (an oversized declared body, a slow or silent head, bytes that are
/// not HTTP/1.1) is answered problem+json and the connection closed; failed authentications are
/// logged without the token and throttled per address.
@Suite struct ConnectionGuardTests {
    /// Was: the body was awaited for `--request-timeout` (15 s), then 503.
    @Test func aDeclaredBodyOverTheLimitIsRefusedAtItsHead() async throws {
        try await GuardedServer.with { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send(
                "POST /v1/requests HTTP/1.1\r\nHost: steward\r\nAuthorization: Bearer \(server.token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n")
            // No byte of the body is ever sent: the answer comes from the head alone.
            let answer = try await connection.answer()
            #expect(answer.status == 413 && answer.problem == "body-too-large", "\(answer)")
            #expect(answer.detail?.contains("10000000") == true && answer.detail?.contains("65536") == true, "\(answer)")
            #expect(answer.headers["connection"] == "close")
            try await connection.waitUntilClosed()
        }
    }

    /// A body a little over the limit is answered at its head too, then read and thrown away, so
    /// the connection carries the client's next request.
    @Test func aSlightlyLargerBodyIsRefusedAtItsHeadAndTheConnectionCarriesOn() async throws {
        try await GuardedServer.with { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send(
                "POST /v1/requests HTTP/1.1\r\nHost: steward\r\nAuthorization: Bearer \(server.token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n")
            let answer = try await connection.answer()
            #expect(answer.status == 413 && answer.problem == "body-too-large", "\(answer)")
            #expect(answer.headers["connection"] == nil)
            try await connection.send(String(repeating: "x", count: 70_000))
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: steward\r\n\r\n")
            let next = try await connection.answer()
            #expect(next.status == 200, "\(next)")
        }
    }

    /// Was: sockets sending a header byte every few seconds were held 30 s and more.
    @Test func headsThatTrickleInAreAnswered408AndClosed() async throws {
        try await GuardedServer.with(connections: .init(headTimeout: .milliseconds(500), idleTimeout: .seconds(30))) { server in
            var connections: [RawConnection] = []
            for _ in 1...20 {
                let connection = try await RawConnection.open(port: server.port)
                try await connection.send("GET /healthz HTTP/1.1\r\nHost: steward\r\n")
                connections.append(connection)
            }
            let deadline = ContinuousClock.now + .seconds(20)
            var line = 0
            while connections.contains(where: { !$0.isClosed }), ContinuousClock.now < deadline {
                for connection in connections where !connection.isClosed {
                    try? await connection.send("X-Slow-\(line): y\r\n")
                }
                line += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(connections.allSatisfy { $0.isClosed }, "the server still holds connections after \(line) header lines each")
            for connection in connections {
                let answer = try await connection.answer()
                #expect(answer.status == 408 && answer.problem == "request-timeout", "\(answer)")
                #expect(answer.detail?.contains("500 ms") == true, "\(answer)")
            }
        }
    }

    @Test func aConnectionThatSendsNothingIsClosedWithoutAnAnswer() async throws {
        try await GuardedServer.with(connections: .init(headTimeout: .milliseconds(500), idleTimeout: .seconds(30))) { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.waitUntilClosed()
            #expect(connection.received.isEmpty)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosed() async throws {
        try await GuardedServer.with(connections: .init(headTimeout: .seconds(30), idleTimeout: .milliseconds(500))) { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: steward\r\n\r\n")
            #expect(try await connection.answer().status == 200)
            try await connection.waitUntilClosed()
            #expect(connection.received.isEmpty)
        }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var request: String
        var status: Int
        var problem: String
        /// Words the detail names what was wrong with.
        var detail: String
    }

    static let refusals: [Refusal] = [
        Refusal(
            testDescription: "a header over 80 KiB",
            request: "GET /healthz HTTP/1.1\r\nHost: steward\r\nX-Big: \(String(repeating: "a", count: 90 * 1024))\r\n\r\n",
            status: 431, problem: "headers-too-large", detail: "80 KiB"),
        Refusal(
            testDescription: "a NUL byte in a header value",
            request: "GET /healthz HTTP/1.1\r\nHost: steward\r\nX-Name: a\u{0}b\r\n\r\n",
            status: 400, problem: "malformed-request", detail: "NUL"),
        Refusal(
            testDescription: "Content-Length with Transfer-Encoding",
            request: "POST /healthz HTTP/1.1\r\nHost: steward\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400, problem: "malformed-request", detail: "Transfer-Encoding"),
        Refusal(
            testDescription: "two Content-Length fields",
            request: "POST /healthz HTTP/1.1\r\nHost: steward\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            status: 400, problem: "malformed-request", detail: "Content-Length twice"),
        Refusal(
            testDescription: "a malformed protocol in the request line",
            request: "GET /healthz HTTQ/1.1\r\nHost: steward\r\n\r\n",
            status: 400, problem: "malformed-request", detail: "request line"),
        Refusal(
            testDescription: "no request line at all",
            request: "this is not HTTP\r\n\r\n",
            status: 400, problem: "malformed-request", detail: "request line"),
    ]

    /// Was: 400 with an empty body (the parser's own answer).
    @Test(arguments: refusals)
    func aRequestThatIsNotHTTPIsAnsweredWithAProblemAndClosed(_ refusal: Refusal) async throws {
        try await GuardedServer.with { server in
            let connection = try await RawConnection.open(port: server.port)
            try await connection.send(refusal.request)
            let answer = try await connection.answer()
            #expect(answer.status == refusal.status, "\(answer)")
            #expect(answer.headers["content-type"] == "application/problem+json", "\(answer)")
            #expect(answer.problem == refusal.problem, "\(answer)")
            #expect(answer.detail?.contains(refusal.detail) == true, "\(answer)")
            #expect(answer.headers["connection"] == "close")
            try await connection.waitUntilClosed()
        }
    }

    /// Was: any number of guesses, none logged.
    @Test func failedAuthenticationsAreLoggedWithoutTheTokenAndThrottledPerAddress() async throws {
        try await GuardedServer.with { server in
            let guesser = try await RawConnection.open(port: server.port, from: "127.0.0.1")
            let guesses = (1...21).map { _ in "stw_" + UUID().uuidString.lowercased() }
            var answers: [RawAnswer] = []
            for guess in guesses {
                try await guesser.send("GET /v1/me HTTP/1.1\r\nHost: steward\r\nAuthorization: Bearer \(guess)\r\n\r\n")
                answers.append(try await guesser.answer())
            }
            #expect(answers.prefix(20).allSatisfy { $0.status == 401 && $0.problem == "unauthenticated" }, "\(answers)")
            let throttled = try #require(answers.last)
            #expect(throttled.status == 429 && throttled.problem == "too-many-requests", "\(throttled)")
            let retryAfter = try #require(throttled.headers["retry-after"].flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))

            // The address is refused whatever it sends, a good token too: its token is not looked up.
            try await guesser.send("GET /v1/me HTTP/1.1\r\nHost: steward\r\nAuthorization: Bearer \(server.token)\r\n\r\n")
            #expect(try await guesser.answer().status == 429)
            // Another address is not held back.
            let colleague = try await RawConnection.open(port: server.port, from: "127.0.0.2")
            try await colleague.send("GET /v1/me HTTP/1.1\r\nHost: steward\r\nAuthorization: Bearer \(server.token)\r\n\r\n")
            let me = try await colleague.answer()
            #expect(me.status == 200, "\(me)")

            let lines = server.log.all
            let refusals = lines.filter { $0.contains("authentication refused") }
            #expect(refusals.count == 20, "\(refusals)")
            #expect(refusals.allSatisfy { $0.hasPrefix("notice") && $0.contains("127.0.0.1") && $0.contains("unknown or revoked token") })
            #expect(lines.contains { $0.hasPrefix("warning") && $0.contains("throttled") })
            for token in guesses + [server.token] {
                // No line holds a token, nor any run of 8 of its characters.
                let pieces = stride(from: 0, to: token.count - 8, by: 4).map { String(token.dropFirst($0).prefix(8)) }
                #expect(!lines.contains { line in pieces.contains { line.contains($0) } }, "a log line holds part of \(token)")
            }
        }
    }
}

/// The API on a fresh database with a token for an operator, served on a loopback port with the
/// given limits, its log recorded.
struct GuardedServer: Sendable {
    let port: Int
    let token: String
    let log: RecordingLogHandler.Lines

    static func with(
        connections: APIServer.ConnectionLimits = .init(),
        _ body: @Sendable (GuardedServer) async throws -> Void
    ) async throws {
        try await TestPostgres.withDatabase { database in
            let engine = WorkflowEngine.msa(
                client: database.client, policy: APIFixture.policy, clock: ManualClock(EngineFixture.epoch), logger: TestPostgres.logger)
            let desk = ServiceDesk(engine: engine, policy: APIFixture.policy, logger: TestPostgres.logger)
            let directory = try Directory.read(
                from: APIFixture.workflows.appendingPathComponent("directory.yaml"), rules: desk.directoryRules)
            _ = try await desk.importDirectory(directory, by: .localOperator("test"))
            let token = try await TokenStore(client: database.client, logger: TestPostgres.logger)
                .create(role: .operator, staffID: "olga", label: "test").token
            let (logger, log) = RecordingLogHandler.logger()
            let api = APIServer(engine: engine, policy: APIFixture.policy, metrics: APIFixture.metrics, logger: logger)
            let port = try unusedPort()
            let services = ServiceGroup(
                configuration: .init(
                    services: [api.application(host: "127.0.0.1", port: port, connections: connections)], logger: TestPostgres.logger))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await services.run() }
                do {
                    try await EngineFixture.eventually(timeout: .seconds(30), "the server to listen") {
                        (try? await RawConnection.open(port: port).close()) != nil
                    }
                    try await body(GuardedServer(port: port, token: token, log: log))
                } catch {
                    await services.triggerGracefulShutdown()
                    throw error
                }
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}

/// An answer read off a raw connection.
struct RawAnswer: Sendable, CustomStringConvertible {
    var status: Int
    /// Field names in lowercase.
    var headers: [String: String]
    var body: Data

    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var problem: String? {
        guard headers["content-type"] == "application/problem+json" else { return nil }
        return (object["type"] as? String)?.replacingOccurrences(of: "urn:steward:problem:", with: "")
    }
    var detail: String? { object["detail"] as? String }
    var description: String { "\(status) \(headers) \(String(decoding: body, as: UTF8.self))" }
}

/// A TCP connection sending bytes as given and collecting what comes back, so a test says
/// exactly what a client sends, malformed or slow.
final class RawConnection: Sendable {
    private let channel: any Channel
    private let collected: Collected

    private init(channel: any Channel, collected: Collected) {
        self.channel = channel
        self.collected = collected
    }

    /// Connects to the loopback `port`, from the loopback address `source` when given.
    static func open(port: Int, from source: String? = nil) async throws -> RawConnection {
        let collected = Collected()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(collected: collected)) }
            }
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, collected: collected)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    func close() async throws {
        try await channel.close()
    }

    /// The server closed the connection (or reset it).
    var isClosed: Bool { collected.state.withLock { $0.closed } }
    /// What arrived and was not yet read as an answer.
    var received: [UInt8] { collected.state.withLock { $0.bytes } }

    /// The next whole answer (head, and body by its Content-Length), waiting up to `timeout`.
    func answer(timeout: Duration = .seconds(30)) async throws -> RawAnswer {
        var answer: RawAnswer?
        try await EngineFixture.eventually(timeout: timeout, "an answer") {
            answer = collected.state.withLock { state in
                guard let parsed = Self.parse(state.bytes) else { return nil }
                state.bytes.removeFirst(parsed.length)
                return parsed.answer
            }
            return answer != nil || isClosed
        }
        guard let answer else { throw Unanswered(received: received) }
        return answer
    }

    func waitUntilClosed(timeout: Duration = .seconds(10)) async throws {
        try await EngineFixture.eventually(timeout: timeout, "the server to close the connection") { isClosed }
    }

    struct Unanswered: Error, CustomStringConvertible {
        var received: [UInt8]
        var description: String { "the connection closed without a whole answer: \(String(decoding: received, as: UTF8.self))" }
    }

    private static func parse(_ bytes: [UInt8]) -> (answer: RawAnswer, length: Int)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.dropLast(3).first(where: { bytes[$0..<$0 + 4].elementsEqual(separator) }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = end + 4
        guard bytes.count >= bodyStart + length else { return nil }
        return (RawAnswer(status: status, headers: headers, body: Data(bytes[bodyStart..<bodyStart + length])), bodyStart + length)
    }

    final class Collected: Sendable {
        let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))
    }

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let collected: Collected

        init(collected: Collected) {
            self.collected = collected
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            collected.state.withLock { $0.bytes += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            collected.state.withLock { $0.closed = true }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
