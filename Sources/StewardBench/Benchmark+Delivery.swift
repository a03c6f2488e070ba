import AsyncHTTPClient
import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardMail
import StewardPostgres
import StewardRuntime
import StewardSMTP
import StewardTestSupport

/// Deliveries per second to a receiver on this machine that answers 200 at once, and how long a
/// notification waits from its writing to its acceptance by the receiver.
extension Benchmark {
    struct DeliveryFigures {
        var perSecond: Double
        var p50: Double
        var p99: Double
    }

    /// `count` webhook deliveries written at once (one burst), drained by `loops` claim loops.
    func webhookDeliveries(client: PostgresClient, count: Int, loops: Int) async throws -> DeliveryFigures {
        let receiver = WebhookReceiver(secret: BenchAddressBook.secret)
        return try await receiver.serving { port in
            try await client.query(
                """
                INSERT INTO webhook_endpoints (customer_id, endpoint_id, url, secrets, kinds, created_at)
                VALUES ('bench', 'hook', \("http://127.0.0.1:\(port)/hook"), \([BenchAddressBook.secret]), \(["sla-breach"]), now())
                ON CONFLICT DO NOTHING
                """,
                logger: logger
            )
            try await writeDeliveries(count, recipient: "webhook:hook", channel: "webhook", client: client)
            let sender = WebhookSender(
                client: .shared, addressBook: BenchAddressBook(port: port),
                configuration: .init(timeout: .seconds(15), allowsPrivateAddresses: true), logger: logger)
            return try await drain(count, sender: sender, loops: loops, client: client) {
                Dictionary(
                    receiver.posts.compactMap { post in
                        Int64(post.id.replacingOccurrences(of: "msg_steward_", with: "")).map { ($0, post.at) }
                    },
                    uniquingKeysWith: min)
            }
        }
    }

    /// `count` e-mails written at once, rendered from the templates and sent to a local SMTP server
    /// (aiosmtpd, plain SMTP on loopback), which keeps each in a file: its time is the acceptance.
    func emailDeliveries(client: PostgresClient, count: Int, loops: Int, templates: URL) async throws -> DeliveryFigures {
        try await SMTPTestServer.run(SMTPTestServer.Options(tls: .none)) { server in
            try await writeDeliveries(count, recipient: "address:bench@bench.example", channel: "email", client: client)
            let email = EmailSender(
                transport: SMTPTransport(
                    client: SMTPClient(
                        configuration: try SMTPServerConfiguration(url: "smtp://127.0.0.1:\(server.port)?starttls=never"),
                        heloName: "bench",
                        logger: logger)),
                templates: try NotificationTemplates(
                    folder: templates, fields: NotificationKind.templateFields, commonFields: Set(NotificationKind.commonFields)),
                addressBook: BenchAddressBook(port: 0), from: MailAddress(name: "Bench", address: "bench@steward.test"))
            return try await drain(count, sender: email, loops: loops, client: client) { Self.accepted(in: server.mailDirectory) }
        }
    }

    /// The outbox row of each message the SMTP server kept (by its Message-ID) and when it was written.
    static func accepted(in directory: URL) -> [Int64: Date] {
        let files =
            (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        var accepted: [Int64: Date] = [:]
        for file in files where file.pathExtension == "eml" {
            guard let head = try? FileHandle(forReadingFrom: file).readData(ofLength: 4_096),
                let at = try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate,
                let line = String(decoding: head, as: UTF8.self).split(whereSeparator: \.isNewline).first(where: {
                    $0.lowercased().hasPrefix("message-id:")
                }),
                let id = MessageIDs.outboxID(in: String(line.dropFirst("message-id:".count)))
            else { continue }
            accepted[id] = at
        }
        return accepted
    }

    private func writeDeliveries(_ count: Int, recipient: String, channel: String, client: PostgresClient) async throws {
        try await client.query(
            """
            WITH message AS (
                INSERT INTO outbox (customer_id, recipient, channel, template, fields, dedup_key, created_at)
                SELECT 'bench', \(recipient), \(channel), 'sla-breach', '{"summary": "bench", "severity": "1", "breachedAt": "now"}',
                       \(channel) || '-' || g, clock_timestamp()
                FROM generate_series(1, \(count)) g
                RETURNING outbox_id, created_at
            )
            INSERT INTO jobs (customer_id, kind, name, payload, priority, run_at, created_at)
            SELECT 'bench', 'notification', outbox_id::text, '{}', 50, created_at, created_at FROM message
            """,
            logger: logger
        )
    }

    /// Runs the workers until every delivery is accepted; the rate counts from the first claim's
    /// start, the latency from each row's writing to its acceptance.
    private func drain(
        _ count: Int, sender: any NotificationSender, loops: Int, client: PostgresClient, accepted: @escaping @Sendable () -> [Int64: Date]
    ) async throws -> DeliveryFigures {
        let engine = WorkflowEngine(client: client, registry: WorkflowRegistry(), logger: logger)
        let queue = JobQueue(client: client, logger: logger)
        var configuration = WorkerPool.Configuration(concurrency: loops, batchSize: 20, pollInterval: .milliseconds(100))
        configuration.workerID = "bench-delivery"
        let pool = WorkerPool(engine: engine, queue: queue, sender: sender, configuration: configuration, logger: logger)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            defer { group.cancelAll() }
            while accepted().count < count { try await Task.sleep(for: .milliseconds(5)) }
        }
        let elapsed = (ContinuousClock.now - started).timeInterval
        var created: [Int64: Date] = [:]
        for try await (id, at) in try await client.query(
            "SELECT outbox_id, created_at FROM outbox WHERE status = 'sent' OR status = 'pending'", logger: logger
        ).decode((Int64, Date).self) {
            created[id] = at
        }
        let waits = accepted().compactMap { id, at in created[id].map { at.timeIntervalSince($0) * 1_000 } }.sorted()
        try await client.query("DELETE FROM outbox", logger: logger)
        func percentile(_ p: Double) -> Double { waits.isEmpty ? 0 : waits[min(waits.count - 1, Int(Double(waits.count) * p))] }
        return DeliveryFigures(perSecond: Double(count) / elapsed, p50: percentile(0.5), p99: percentile(0.99))
    }
}

/// The benchmark's one endpoint and one mailbox.
struct BenchAddressBook: AddressBook {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    var port: Int

    func mailbox(of recipient: Recipient, customerID: String) async throws -> Mailbox? {
        Mailbox(name: "Bench", address: "bench@bench.example")
    }

    func endpoint(_ id: String, customerID: String) async throws -> WebhookEndpoint? {
        WebhookEndpoint(id: id, url: "http://127.0.0.1:\(port)/hook", secrets: [Self.secret], active: true)
    }

    func customerName(_ customerID: String) async throws -> String? { "Bench Ltd" }

    func disable(endpoint id: String, customerID: String, reason: String, workflowID: UUID?) async throws {}
}
