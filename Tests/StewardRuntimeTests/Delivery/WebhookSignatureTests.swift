import Foundation
import StewardCore
import StewardRuntime
import Testing

@Suite struct WebhookSignatureTests {
    /// The Standard Webhooks spec's own example.
    @Test func signsAsTheSpecsExampleDoes() {
        let header = WebhookSignature.header(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8),
            secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        #expect(header == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func signsWithBothSecretsDuringARotation() throws {
        let header = try #require(
            WebhookSignature.header(
                id: "msg_1", timestamp: 1, body: [], secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2Vjb25kLXNlY3JldA=="]))
        #expect(header.split(separator: " ").count == 2 && header.split(separator: " ").allSatisfy { $0.hasPrefix("v1,") })
        #expect(WebhookSignature.header(id: "msg_1", timestamp: 1, body: [], secrets: ["not-a-secret"]) == nil)
    }

    @Test(
        arguments: [
            (200, nil, WebhookAnswer.delivered), (204, nil, .delivered), (410, nil, .gone), (429, "120", .retry(after: .seconds(120))),
            (503, nil, .retry(after: nil)), (503, "soon", .retry(after: nil)), (500, nil, .retry(after: nil)),
            (502, "60", .retry(after: nil)),
            (400, nil, .refused), (401, nil, .refused), (404, nil, .refused), (301, nil, .retry(after: nil)),
        ] as [(Int, String?, WebhookAnswer)])
    func readsTheEndpointsAnswer(_ status: Int, _ retryAfter: String?, _ expected: WebhookAnswer) {
        #expect(WebhookAnswer(status: status, retryAfter: retryAfter, now: Date()) == expected)
    }

    @Test func readsRetryAfterAsAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let later = WebhookAnswer(status: 429, retryAfter: "Wed, 18 Nov 2026 12:00:00 GMT", now: now)
        guard case .retry(let after?) = later else { Issue.record("no wait read from \(later)"); return }
        #expect(abs(after.timeInterval - Date(timeIntervalSince1970: 1_795_003_200).timeIntervalSince(now)) < 1)
    }
}
