import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The API as its clients meet it: many keep-alive connections at once against an in-process
/// server, each request timed from send to the last byte of its answer.
extension Benchmark {
    /// Requests answered per second by `clients` concurrent connections, and their latency.
    struct APIRate: Sendable {
        var perSecond: Double
        var latency: Percentiles
        /// The size of one answer, in bytes (the last one read).
        var bytes: Int
    }

    /// A contact files incidents for `seconds` from `clients` connections at once.
    func apiFilings(_ server: BenchServer, seconds: Int, clients: Int) async throws -> APIRate {
        try await apiRate(server, seconds: seconds, clients: clients) { client, sequence in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/requests")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(server.contactToken)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Idempotency-Key", value: "bench-\(client)-\(sequence)")
            request.body = .bytes(
                ByteBuffer(string: #"{"type": "incident", "summary": "Scans stall on host \#(client)-\#(sequence)", "severity": 3}"#))
            return (request, .created)
        }
    }

    /// A contact reads the newest page of 50 of their requests for `seconds` from `clients` connections at once.
    func apiPages(_ server: BenchServer, seconds: Int, clients: Int) async throws -> APIRate {
        try await apiRate(server, seconds: seconds, clients: clients) { _, _ in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/requests?limit=50")
            request.headers.add(name: "Authorization", value: "Bearer \(server.contactToken)")
            return (request, .ok)
        }
    }

    /// Runs `clients` loops, each sending the requests `make` builds one after another on its own
    /// connection, until `seconds` have passed; an answer other than the expected status fails the run.
    private func apiRate(
        _ server: BenchServer, seconds: Int, clients: Int,
        make: @escaping @Sendable (_ client: Int, _ sequence: Int) -> (HTTPClientRequest, HTTPResponseStatus)
    ) async throws -> APIRate {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let rate = try await measure(http, seconds: seconds, clients: clients, make: make)
            try await http.shutdown()
            return rate
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func measure(
        _ http: HTTPClient, seconds: Int, clients: Int,
        make: @escaping @Sendable (_ client: Int, _ sequence: Int) -> (HTTPClientRequest, HTTPResponseStatus)
    ) async throws -> APIRate {
        let started = ContinuousClock.now
        let deadline = started + .seconds(seconds)
        let runs = try await withThrowingTaskGroup(of: (latencies: [Int64], bytes: Int).self) { group in
            for client in 0..<clients {
                group.addTask {
                    var latencies: [Int64] = []
                    var bytes = 0
                    var sequence = 0
                    while ContinuousClock.now < deadline {
                        sequence += 1
                        let (request, expected) = make(client, sequence)
                        let sent = ContinuousClock.now
                        let response = try await http.execute(request, timeout: .seconds(30))
                        let body = try await response.body.collect(upTo: 16 << 20)
                        latencies.append((ContinuousClock.now - sent).wholeNanoseconds)
                        guard response.status == expected else {
                            throw BenchmarkFailure(
                                "\(request.method) \(request.url) answered \(response.status.code): \(String(buffer: body).prefix(300))")
                        }
                        bytes = body.readableBytes
                    }
                    return (latencies, bytes)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = (ContinuousClock.now - started).timeInterval
        let latencies = runs.flatMap(\.latencies)
        return APIRate(
            perSecond: Double(latencies.count) / elapsed, latency: Percentiles(nanoseconds: latencies), bytes: runs.map(\.bytes).max() ?? 0)
    }
}

extension Duration {
    /// The whole nanoseconds of this duration.
    var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
