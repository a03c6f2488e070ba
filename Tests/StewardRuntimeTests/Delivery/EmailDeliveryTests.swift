import Foundation
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardMail
import StewardPostgres
import StewardRuntime
import StewardSMTP
import StewardTestSupport
import Testing

/// E-mail from the outbox through the workers to a real SMTP server (aiosmtpd, started by the
/// test) over STARTTLS with AUTH, read back as it arrived.
@Suite struct EmailDeliveryTests {
    /// acme's contact ada and TAM tom; one ticket filed; the workers e-mail through `server`.
    func withMail(
        _ server: SMTPTestServer, recipient: String = "ada@acme.example",
        _ body: @Sendable (EngineFixture, UUID, _ wake: @Sendable () async throws -> Void) async throws -> Void
    ) async throws {
        try await EngineFixture.with { fixture in
            let database = fixture.database
            try await database.client.query(
                "INSERT INTO contacts (customer_id, contact_id, name, email, created_at) VALUES ('acme', 'ada', 'Ada Lovelace', \(recipient), now())"
            )
            let ticket = try await fixture.fileTicket("Scanner crashes on update")
            try await database.client.withConnection { connection in
                _ = try await Outbox.write(
                    Notification(
                        to: .contact("ada"), template: "sla-breach",
                        fields: ["summary": "Scanner crashes on update", "severity": "1", "breachedAt": "2026-11-24T12:30:00Z"],
                        dedupKey: "breach"),
                    customerID: "acme", workflowID: ticket, routing: nil, now: fixture.clock.now, on: connection,
                    logger: TestPostgres.logger)
            }
            let configuration = try SMTPServerConfiguration(
                url: "smtp://steward:s3cret%21@localhost:\(server.port)?starttls=require",
                trustedCertificateAuthorityPath: server.certificates.caCertificate)
            let templates = try NotificationTemplates(
                folder: NotificationTemplatesTests.folder, fields: NotificationKind.templateFields,
                commonFields: Set(NotificationKind.commonFields))
            let email = EmailSender(
                transport: SMTPTransport(
                    client: SMTPClient(configuration: configuration, heloName: "steward.test", logger: TestPostgres.logger)),
                templates: templates,
                addressBook: DirectoryAddressBook(
                    client: database.client, routing: NotificationRouter(calendars: ["24x7": .roundTheClock], logger: TestPostgres.logger),
                    logger: TestPostgres.logger),
                from: MailAddress(name: "Acme AV Support", address: "support@steward.test"), clock: fixture.clock)
            try await withWorkers(fixture, sender: NotificationDispatcher(email: email, webhook: RecordingSender())) { pools in
                try await body(fixture, ticket) {
                    if try await fixture.advanceToNextDueJob() { pools[0].wake() }
                }
            }
        }
    }

    static let authenticated = SMTPTestServer.Options(tls: .startTLS, requireStartTLS: true, authentication: ("steward", "s3cret!"))

    @Test func aNotificationArrivesAsAThreadedMultipartMailOverTLS() async throws {
        try await SMTPTestServer.run(Self.authenticated) { server in
            try await withMail(server) { fixture, ticket, _ in
                try await EngineFixture.eventually("the mail to be accepted") {
                    try await fixture.database.count(
                        "SELECT count(*)::int8 FROM outbox WHERE status = 'sent' AND recipient = 'contact:ada'") == 1
                }
                let received = try server.receivedMessages()
                #expect(received.count == 1)
                let envelope = try #require(received.first?.envelope)
                #expect(envelope.tls && envelope.user == "steward")
                #expect(envelope.recipients == ["ada@acme.example"] && envelope.sender == "support@steward.test")
                let mail = try InboundMessage.parse(try #require(received.first?.content))
                let number = try await fixture.database.client.query("SELECT reference FROM workflows WHERE workflow_id = \(ticket)")
                    .collect()[0]
                    .decode(Int64.self)
                let reference = RequestReference(number: number, filedAt: EngineFixture.epoch)
                #expect(mail.subject.hasPrefix("[\(reference)] SLA breached"))
                #expect(RequestReference.find(in: "Re: " + mail.subject) == reference)
                let outbox = try await fixture.database.client.query("SELECT outbox_id FROM outbox WHERE recipient = 'contact:ada'")
                    .collect()[0]
                    .decode(Int64.self)
                #expect(mail.messageID == "outbox-\(outbox)@steward.test")
                #expect(mail.inReplyTo == ["request-\(reference.year)-\(reference.number)@steward.test"])
                #expect(mail.from?.name == "Acme AV Support")
                #expect(mail.to.first?.name == "Ada Lovelace")
                #expect(mail.headers["Auto-Submitted"] == "auto-generated")
                #expect(mail.text.contains("Hello Ada Lovelace") && mail.text.contains("Scanner crashes on update"))
                #expect(mail.html?.contains("<p>Severity: 1</p>") == true)
                let attempt = try await fixture.database.client.query("SELECT outcome, detail FROM delivery_attempts ORDER BY attempt_id")
                    .collect()[0]
                    .decode((String, String).self)
                #expect(attempt.0 == "sent" && attempt.1.hasPrefix("250") && attempt.1.hasSuffix("(TLS)"))
            }
        }
    }

    @Test func aRefusedRecipientIsDeadAtOnceWithTheServersAnswer() async throws {
        var options = Self.authenticated
        options.rejectedRecipients = ["gone@acme.example"]
        try await SMTPTestServer.run(options) { server in
            try await withMail(server, recipient: "gone@acme.example") { fixture, _, _ in
                try await EngineFixture.eventually("the delivery to die") {
                    try await fixture.database.count("SELECT count(*)::int8 FROM jobs WHERE status = 'dead'") == 1
                }
                let status = try await fixture.database.client.query("SELECT status FROM outbox WHERE recipient = 'contact:ada'").collect()[
                    0
                ].decode(String.self)
                #expect(status == "failed")
                let error = try await fixture.database.client.query("SELECT last_error FROM jobs WHERE status = 'dead'").collect()[0]
                    .decode(String.self)
                #expect(error.contains("550"))
                #expect(try server.receivedMessages().isEmpty)
            }
        }
    }

    @Test func aTemporaryRefusalIsSentAgainUnderTheSameMessageID() async throws {
        var options = Self.authenticated
        options.temporaryFailures = 1
        try await SMTPTestServer.run(options) { server in
            try await withMail(server) { fixture, _, wake in
                try await EngineFixture.eventually("the mail to be accepted on the second try") {
                    try await wake()
                    return try await fixture.database.count(
                        "SELECT count(*)::int8 FROM outbox WHERE status = 'sent' AND recipient = 'contact:ada'") == 1
                }
                let outcomes = try await fixture.database.client.query(
                    """
                    SELECT a.outcome, a.detail FROM delivery_attempts a JOIN outbox o USING (outbox_id)
                    WHERE o.recipient = 'contact:ada' ORDER BY a.attempt_id
                    """
                )
                .collect().map { try $0.decode((String, String).self) }
                #expect(outcomes.map(\.0) == ["retry", "sent"])
                #expect(outcomes[0].1.contains("451"))
                let received = try server.receivedMessages()
                #expect(received.count == 1)
            }
        }
    }
}
