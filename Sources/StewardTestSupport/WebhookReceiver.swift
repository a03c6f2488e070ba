import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A customer's receiver on 127.0.0.1, as a real HTTP server: it verifies each post's signature and
/// timestamp as the Standard Webhooks spec tells receivers to, records it, and answers what the
/// test scripts (one status per post, then 200; 0 never answers, like a receiver that hangs).
/// The tests and the benchmark's delivery run post to it.
public final class WebhookReceiver: Sendable {
    public struct Post: Sendable {
        public var id: String
        public var timestamp: Int
        public var body: String
        public var signatureValid: Bool
        /// When the post arrived.
        public var at: Date
    }

    private let state: Mutex<(posts: [Post], answers: [Int], port: Int?)>
    let secret: String

    public init(secret: String, answers: [Int] = []) {
        self.secret = secret
        state = Mutex(([], answers, nil))
    }

    public var posts: [Post] { state.withLock { $0.posts } }
    var port: Int? { state.withLock { $0.port } }

    /// Runs the receiver on `port` (0: any free one) while `body` runs.
    public func serving<Result: Sendable>(port: Int = 0, _ body: @Sendable (Int) async throws -> Result) async throws -> Result {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = String(buffer: buffer)
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            let timestamp = Int(request.headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0
            let signatures = (request.headers[HTTPField.Name("webhook-signature")!] ?? "").split(separator: " ")
            let key = SymmetricKey(data: Data(base64Encoded: String(self.secret.dropFirst("whsec_".count)))!)
            let expected =
                "v1,"
                + Data(HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: key)).base64EncodedString()
            let fresh = abs(Double(timestamp) - Date().timeIntervalSince1970) < 300
            let status = self.state.withLock { state -> Int in
                state.posts.append(
                    Post(
                        id: id, timestamp: timestamp, body: body, signatureValid: fresh && signatures.contains(Substring(expected)),
                        at: Date()))
                return state.answers.isEmpty ? 200 : state.answers.removeFirst()
            }
            if status == 0 { try await Task.sleep(for: .seconds(3_600)) }
            return Response(status: .init(code: status))
        }
        var logger = Logger(label: "steward.test.webhook-receiver")
        logger.logLevel = .error
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in self.state.withLock { $0.port = channel.localAddress?.port } },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            while self.port == nil { try await Task.sleep(for: .milliseconds(10)) }
            let result = try await body(self.port!)
            group.cancelAll()
            state.withLock { $0.port = nil }
            return result
        }
    }
}
