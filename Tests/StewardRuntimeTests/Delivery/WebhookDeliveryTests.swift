import AsyncHTTPClient
import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Testing

/// Webhooks from the outbox to a real HTTP receiver on this machine, through the workers.
@Suite struct WebhookDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// acme with TAM tom (round the clock) and endpoint `siem` at `port`; one notification written
    /// for it; the workers run with a webhook sender while `body` runs.
    func withEndpoint(
        port: Int,
        configuration: WorkerPool.Configuration = .fastForTests,
        allowsPrivateAddresses: Bool = true,
        _ body: @Sendable (EngineFixture, _ wake: @Sendable () async throws -> Void) async throws -> Void
    ) async throws {
        try await EngineFixture.with { fixture in
            let database = fixture.database
            try await database.seed(group: "tam", members: ["tom"])
            try await database.client.query("UPDATE customers SET tam_id = 'tom'")
            try await database.client.query(
                """
                INSERT INTO webhook_endpoints (customer_id, endpoint_id, url, secrets, kinds, created_at)
                VALUES ('acme', 'siem', \("http://127.0.0.1:\(port)/hook"), \([Self.secret]), \(["sla-breach"]), now())
                """)
            let routing = NotificationRouter(calendars: ["24x7": .roundTheClock], logger: TestPostgres.logger)
            try await fixture.engine.client.withConnection { connection in
                _ = try await Outbox.write(
                    Notification(
                        to: .webhook("siem"), via: .webhook, template: "sla-breach", fields: ["summary": "scanner down"], dedupKey: "breach"
                    ),
                    customerID: "acme", workflowID: nil, routing: nil, now: fixture.clock.now, on: connection, logger: TestPostgres.logger)
            }
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
            let sender = WebhookSender(
                client: http,
                addressBook: DirectoryAddressBook(
                    client: database.client, routing: routing, clock: fixture.clock, logger: TestPostgres.logger),
                configuration: .init(timeout: .seconds(5), allowsPrivateAddresses: allowsPrivateAddresses), logger: TestPostgres.logger)
            do {
                try await withWorkers(
                    fixture, configuration: configuration, sender: NotificationDispatcher(email: RecordingSender(), webhook: sender)
                ) { pools in
                    try await body(fixture) {
                        if try await fixture.advanceToNextDueJob() { pools[0].wake() }
                    }
                }
            } catch {
                try await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    @Test func aFailedPostIsDeliveredAgainUnderTheSameWebhookID() async throws {
        let receiver = WebhookReceiver(secret: Self.secret, answers: [500])
        try await receiver.serving { port in
            try await withEndpoint(port: port) { fixture, wake in
                try await EngineFixture.eventually("the first post, answered 500") { receiver.posts.count == 1 }
                try await EngineFixture.eventually("the redelivery") {
                    try await wake()
                    return try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'sent'") == 1
                }
                let posts = receiver.posts
                #expect(posts.count == 2)
                #expect(posts.allSatisfy { $0.signatureValid })
                #expect(Set(posts.map(\.id)).count == 1 && posts[0].id.hasPrefix("msg_steward_"))
                let body = try JSONSerialization.jsonObject(with: Data(posts[1].body.utf8)) as! [String: Any]
                #expect(body["type"] as? String == "sla-breach")
                #expect((body["data"] as? [String: String])?["summary"] == "scanner down")
                let attempts = try await fixture.database.client.query("SELECT outcome, detail FROM delivery_attempts ORDER BY attempt_id")
                    .collect().map { try $0.decode((String, String).self) }
                #expect(attempts.map(\.0) == ["retry", "sent"])
                #expect(attempts[0].1.hasPrefix("HTTP 500"))
            }
        }
    }

    @Test func aReceiverThatWasDownGetsTheMessageOnceItIsBack() async throws {
        let port = try unusedPort()
        try await withEndpoint(port: port) { fixture, wake in
            try await EngineFixture.eventually("attempts against the closed port") {
                try await fixture.database.count("SELECT count(*)::int8 FROM delivery_attempts WHERE outcome = 'retry'") >= 2
                    ? true
                    : {
                        try await wake()
                        return false
                    }()
            }
            let receiver = WebhookReceiver(secret: Self.secret)
            try await receiver.serving(port: port) { _ in
                try await EngineFixture.eventually("the delivery once the receiver is back") {
                    try await wake()
                    return try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'sent'") == 1
                }
                try await Task.sleep(for: .milliseconds(200))
                #expect(receiver.posts.count == 1)
                #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs") == 0)
            }
        }
    }

    @Test func goneDisablesTheEndpointAndTellsTheTAM() async throws {
        let receiver = WebhookReceiver(secret: Self.secret, answers: [410])
        try await receiver.serving { port in
            try await withEndpoint(port: port) { fixture, _ in
                try await EngineFixture.eventually("the delivery refused and the TAM's notice sent") {
                    try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status <> 'pending'") == 2
                }
                #expect(
                    try await fixture.database.count(
                        "SELECT count(*)::int8 FROM webhook_endpoints WHERE NOT active AND disabled_reason LIKE '%410%'") == 1)
                #expect(try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE status = 'dead'") == 1)
                #expect(try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'failed'") == 1)
                #expect(
                    try await fixture.database.count(
                        "SELECT count(*)::int8 FROM outbox WHERE template = 'webhook-disabled' AND recipient = 'staff:tom'") == 1)
                #expect(try await fixture.database.count("SELECT count(*)::int8 FROM audit_log WHERE action = 'webhook.disable'") == 1)
            }
        }
    }

    @Test func anEndpointFailingPastTheHorizonIsDisabledAndTheTAMTold() async throws {
        let receiver = WebhookReceiver(secret: Self.secret, answers: Array(repeating: 500, count: 50))
        var shortHorizon = WorkerPool.Configuration.fastForTests
        shortHorizon.deliverySchedule = DeliverySchedule(delays: [.seconds(60)], horizon: .seconds(150))
        let configuration = shortHorizon
        try await receiver.serving { port in
            try await withEndpoint(port: port, configuration: configuration) { fixture, wake in
                try await EngineFixture.eventually("the delivery given up and the TAM told") {
                    try await wake()
                    return try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE template = 'webhook-disabled'") == 1
                }
                #expect(try await fixture.database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'failed'") == 1)
                #expect(receiver.posts.count == 3)
                #expect(
                    try await fixture.database.count(
                        "SELECT count(*)::int8 FROM webhook_endpoints WHERE NOT active AND disabled_reason LIKE '%horizon%'") == 1)
                #expect(
                    try await fixture.database.count(
                        "SELECT count(*)::int8 FROM outbox WHERE template = 'webhook-disabled' AND recipient = 'staff:tom'") == 1)
                let error = try await fixture.database.client.query("SELECT last_error FROM jobs WHERE status = 'dead'").collect()[0]
                    .decode(String.self)
                #expect(error.contains("gave up after 3 attempts") && error.contains("HTTP 500"))
            }
        }
    }

    @Test func aPrivateAddressIsRefusedWithoutTheFlagAndNothingIsPosted() async throws {
        let receiver = WebhookReceiver(secret: Self.secret)
        try await receiver.serving { port in
            try await withEndpoint(port: port, allowsPrivateAddresses: false) { fixture, _ in
                try await EngineFixture.eventually("the delivery refused") {
                    try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE status = 'dead'") == 1
                }
                let error = try await fixture.database.client.query("SELECT last_error FROM jobs WHERE status = 'dead'").collect()[0]
                    .decode(String.self)
                #expect(error.contains("--allow-private-webhooks"))
                #expect(receiver.posts.isEmpty)
            }
        }
    }
}
