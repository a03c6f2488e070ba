import Foundation
import PostgresNIO
import StewardCore
import StewardMSAStore
import StewardPostgres
import StewardRuntime
import StewardTestSupport
import Testing

/// A delivery's own database calls (the address book's, the dev mailbox's) give up at their
/// deadline, as the worker's do: a statement lost with its connection at a restart would
/// otherwise never return, and would hold its batch and its worker's shutdown with it.
@Suite struct SilentDatabaseTests {
    /// A client of a server that accepts connections and never answers.
    func withSilentDatabase(_ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        let server = try SilentServer()
        let configuration = PostgresClient.Configuration(
            host: "127.0.0.1", port: server.port, username: "steward", password: nil, database: "steward", tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: TestPostgres.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await body(client)
            group.cancelAll()
        }
        withExtendedLifetime(server) {}
    }

    @Test func keepingAMessageInTheDevMailboxIsRetriedAfterTheDeadline() async throws {
        try await withSilentDatabase { client in
            let mailbox = CaptureMailbox(client: client, callDeadline: .milliseconds(300), logger: TestPostgres.logger)
            let started = ContinuousClock.now
            let outcome = await mailbox.send(
                Array("Subject: x\r\n\r\nx".utf8), from: "s@av.example", to: ["a@b.example"], outboxID: 1, subject: "x")
            guard case .retry(let reason, _) = outcome else {
                Issue.record("expected a retry, got \(outcome)")
                return
            }
            #expect(reason.contains("no answer from the database within"))
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func theAddressBookGivesUpAtTheDeadline() async throws {
        try await withSilentDatabase { client in
            let book = DirectoryAddressBook(
                client: client, routing: NotificationRouter(calendars: ["24x7": .roundTheClock], logger: TestPostgres.logger),
                callDeadline: .milliseconds(300), logger: TestPostgres.logger)
            await #expect(throws: DeadlineExceeded.self) { try await book.mailbox(of: .contact("ada"), customerID: "acme") }
            await #expect(throws: DeadlineExceeded.self) { try await book.endpoint("hooks", customerID: "acme") }
            await #expect(throws: DeadlineExceeded.self) { try await book.customerName("acme") }
            await #expect(throws: DeadlineExceeded.self) {
                try await book.disable(endpoint: "hooks", customerID: "acme", reason: "gone", workflowID: nil)
            }
        }
    }
}
