import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Testing

/// A worker process killed with SIGKILL in the middle of a delivery: after its lease another
/// worker delivers again, under the same `webhook-id`, and the message is not lost.
@Suite struct KilledWorkerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `steward` executable built beside the test bundle.
    static var steward: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("steward")
        return FileManager.default.isExecutableFile(atPath: besideTests.path)
            ? besideTests : repository.appendingPathComponent(".build/debug/steward")
    }

    @Test func aDeliveryCutOffBySIGKILLIsMadeAgainUnderTheSameID() async throws {
        let receiver = WebhookReceiver(secret: WebhookDeliveryTests.secret, answers: [0])
        try await receiver.serving { port in
            try await TestPostgres.withDatabase { database in
                try await database.seed()
                try await database.client.query(
                    """
                    INSERT INTO webhook_endpoints (customer_id, endpoint_id, url, secrets, kinds, created_at)
                    VALUES ('acme', 'siem', \("http://127.0.0.1:\(port)/hook"), \([WebhookDeliveryTests.secret]), \(["sla-breach"]), now())
                    """)
                try await database.client.withConnection { connection in
                    _ = try await Outbox.write(
                        Notification(
                            to: .webhook("siem"), via: .webhook, template: "sla-breach", fields: ["summary": "down"], dedupKey: "breach"),
                        customerID: "acme", workflowID: nil, routing: nil, now: Date(), on: connection, logger: TestPostgres.logger)
                }
                let worker = Process()
                worker.executableURL = Self.steward
                worker.arguments = [
                    "worker", "--database-url", database.url.connectionString, "--lease", "2", "--poll-interval", "0.05",
                    "--concurrency", "1", "--allow-private-webhooks", "--policy-directory",
                    Self.repository.appendingPathComponent("workflows").path, "--log-level", "error",
                ]
                try worker.run()
                defer { if worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }
                try await EngineFixture.eventually("the worker process to post (and hang)") { receiver.posts.count == 1 }
                kill(worker.processIdentifier, SIGKILL)
                worker.waitUntilExit()
                #expect(worker.terminationReason == .uncaughtSignal)

                let policy = try MSAPolicy.load(from: Self.repository.appendingPathComponent("workflows"))
                let engine = WorkflowEngine.msa(client: database.client, policy: policy, logger: TestPostgres.logger)
                let queue = JobQueue(client: database.client, logger: TestPostgres.logger)
                let sender = WebhookSender(
                    client: .shared,
                    addressBook: DirectoryAddressBook(
                        client: database.client, routing: NotificationRouter(calendars: policy.calendars, logger: TestPostgres.logger),
                        logger: TestPostgres.logger),
                    configuration: .init(timeout: .seconds(5), allowsPrivateAddresses: true), logger: TestPostgres.logger)
                try await withWorkers(engine: engine, queue: queue, sender: sender) { _ in
                    try await EngineFixture.eventually("the delivery made again after the lease") {
                        try await database.count("SELECT count(*)::int8 FROM outbox WHERE status = 'sent'") == 1
                    }
                }
                let posts = receiver.posts
                #expect(posts.count == 2)
                #expect(Set(posts.map(\.id)).count == 1)
                #expect(posts.allSatisfy { $0.signatureValid })
            }
        }
    }
}
