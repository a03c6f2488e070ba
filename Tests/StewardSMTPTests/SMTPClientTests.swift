import Foundation
import Logging
import NIOCore
import NIOPosix
import StewardTestSupport
import Testing

@testable import StewardSMTP

/// The client against a real SMTP server (aiosmtpd, `scripts/smtp-test-server`), one per test.
@Suite struct SMTPClientTests {
    static let user = "steward@acme.example"
    static let password = "p@ss:w/rd+1"
    /// The URL form of the credentials, percent-encoded.
    static let userInfo = "steward%40acme.example:p%40ss%3Aw%2Frd%2B1"

    /// A message with lines that start with "." (which must be dot-stuffed) and a body of about a megabyte.
    static let longMessage: [UInt8] = {
        var text = "From: steward@acme.example\r\nTo: tam@acme.example\r\nSubject: Daily report\r\n\r\n"
        text += ".a line that starts with a dot\r\n..two dots\r\n.\r\n"
        for line in 0..<14_000 {
            text += "line \(line): " + String(repeating: "x", count: 64) + "\r\n"
        }
        text += ".last line starts with a dot too\r\n"
        return Array(text.utf8)
    }()

    static let shortMessage = Array("Subject: hello\r\n\r\nHello.\r\n".utf8)

    func client(
        _ url: String, trusting server: SMTPTestServer? = nil, logger: Logger? = nil, options: SMTPServerConfiguration.Options = .init()
    )
        throws -> SMTPClient
    {
        let configuration = try SMTPServerConfiguration(
            url: url,
            trustedCertificateAuthorityPath: server?.certificates.caCertificate,
            options: options
        )
        return SMTPClient(configuration: configuration, heloName: "steward.test", logger: logger ?? Logger(label: "steward.smtp.test"))
    }

    /// The error `send` threw, or nil when it succeeded.
    func sendError(
        _ client: SMTPClient, to recipients: [String] = ["tam@acme.example"], message: [UInt8] = shortMessage
    ) async -> SMTPError? {
        do {
            _ = try await client.send(from: Self.user, to: recipients, message: message)
            return nil
        } catch {
            return error
        }
    }

    @Test func startTLSWithAuthPlainDeliversTheMessageByteForByte() async throws {
        let options = SMTPTestServer.Options(tls: .startTLS, requireStartTLS: true, authentication: (Self.user, Self.password))
        try await SMTPTestServer.run(options) { server in
            let (logger, logs) = RecordingLogHandler.logger()
            let smtp = try client("smtp://\(Self.userInfo)@127.0.0.1:\(server.port)?starttls=require", trusting: server, logger: logger)
            let receipt = try await smtp.send(from: Self.user, to: ["tam@acme.example", "duty@acme.example"], message: Self.longMessage)

            #expect(receipt.reply.code == 250)
            #expect(receipt.reply.description == "250 2.0.0 Ok: queued as MSG1")
            #expect(receipt.acceptedRecipients == ["tam@acme.example", "duty@acme.example"])
            #expect(receipt.rejectedRecipients.isEmpty)
            #expect(receipt.wasEncrypted)
            let received = try server.receivedMessages()
            try #require(received.count == 1)
            #expect(received[0].content == Self.longMessage)
            #expect(received[0].envelope.sender == Self.user)
            #expect(received[0].envelope.recipients == ["tam@acme.example", "duty@acme.example"])
            #expect(received[0].envelope.tls)
            #expect(received[0].envelope.user == Self.user)

            let plainPayload = Data([0] + Array(Self.user.utf8) + [0] + Array(Self.password.utf8)).base64EncodedString()
            let lines = logs.all
            #expect(lines.contains { $0.contains("AUTH PLAIN") })
            #expect(lines.contains { $0.contains("STARTTLS") })
            #expect(!lines.contains { $0.contains(plainPayload) || $0.contains(Self.password) })
        }
    }

    @Test func implicitTLSDeliversAndVerifiesTheHostName() async throws {
        let options = SMTPTestServer.Options(tls: .implicit, authentication: (Self.user, Self.password))
        try await SMTPTestServer.run(options) { server in
            let smtp = try client("smtps://\(Self.userInfo)@localhost:\(server.port)", trusting: server)
            let receipt = try await smtp.send(from: Self.user, to: ["tam@acme.example"], message: Self.shortMessage)
            #expect(receipt.wasEncrypted)
            let received = try server.receivedMessages()
            #expect(received.map(\.content) == [Self.shortMessage])
            #expect(received.first?.envelope.tls == true)
            #expect(received.first?.envelope.user == Self.user)
        }
    }

    @Test func authLoginWhenPlainIsNotOffered() async throws {
        let options = SMTPTestServer.Options(
            tls: .startTLS, authentication: (Self.user, Self.password), authenticationMechanisms: ["LOGIN"])
        try await SMTPTestServer.run(options) { server in
            let (logger, logs) = RecordingLogHandler.logger()
            let smtp = try client("smtp://\(Self.userInfo)@127.0.0.1:\(server.port)", trusting: server, logger: logger)
            _ = try await smtp.send(from: Self.user, to: ["tam@acme.example"], message: Self.shortMessage)
            #expect(try server.receivedMessages().first?.envelope.user == Self.user)
            let encodedPassword = Data(Self.password.utf8).base64EncodedString()
            #expect(logs.all.contains { $0.contains("AUTH LOGIN (password)") })
            #expect(!logs.all.contains { $0.contains(encodedPassword) || $0.contains(Self.password) })
        }
    }

    @Test func requiredStartTLSThatIsNotOfferedSendsNothing() async throws {
        try await SMTPTestServer.run(.init(tls: .none)) { server in
            let error = await sendError(try client("smtp://127.0.0.1:\(server.port)?starttls=require"))
            guard case .startTLSNotOffered = error else {
                Issue.record("expected startTLSNotOffered, got \(String(describing: error))")
                return
            }
            #expect(error?.isPermanent == false)
            #expect("\(error.map { "\($0)" } ?? "")".contains("starttls=require"))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func credentialsAreNeverSentWithoutTLS() async throws {
        try await SMTPTestServer.run(.init(tls: .none, authentication: (Self.user, Self.password))) { server in
            let (logger, logs) = RecordingLogHandler.logger()
            let error = await sendError(try client("smtp://\(Self.userInfo)@127.0.0.1:\(server.port)", logger: logger))
            guard case .authenticationNeedsTLS = error else {
                Issue.record("expected authenticationNeedsTLS, got \(String(describing: error))")
                return
            }
            #expect(error?.isPermanent == false)
            #expect(!logs.all.contains { $0.contains("AUTH") })
            #expect(!"\(error.map { "\($0)" } ?? "")".contains(Self.password))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func rejectedRecipientIsPermanentWithTheServerText() async throws {
        try await SMTPTestServer.run(.init(rejectedRecipients: ["nobody@acme.example"])) { server in
            let smtp = try client("smtp://127.0.0.1:\(server.port)", trusting: server)
            let error = await sendError(smtp, to: ["nobody@acme.example"])
            guard case .allRecipientsRejected(_, let rejections) = error else {
                Issue.record("expected allRecipientsRejected, got \(String(describing: error))")
                return
            }
            #expect(error?.isPermanent == true)
            #expect(rejections.map(\.reply.code) == [550])
            #expect("\(error.map { "\($0)" } ?? "")".contains("550 5.1.1 <nobody@acme.example>: Recipient address rejected: User unknown"))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func someRejectedRecipientsAreReportedInTheReceipt() async throws {
        try await SMTPTestServer.run(.init(rejectedRecipients: ["nobody@acme.example"])) { server in
            let smtp = try client("smtp://127.0.0.1:\(server.port)", trusting: server)
            let receipt = try await smtp.send(from: Self.user, to: ["nobody@acme.example", "tam@acme.example"], message: Self.shortMessage)
            #expect(receipt.acceptedRecipients == ["tam@acme.example"])
            #expect(receipt.rejectedRecipients.map(\.address) == ["nobody@acme.example"])
            #expect(receipt.rejectedRecipients.first?.isPermanent == true)
            #expect(try server.receivedMessages().map(\.envelope.recipients) == [["tam@acme.example"]])
        }
    }

    @Test func temporaryFailureIsTransientAndTheRetryWorks() async throws {
        try await SMTPTestServer.run(.init(temporaryFailures: 1)) { server in
            let smtp = try client("smtp://127.0.0.1:\(server.port)", trusting: server)
            let error = await sendError(smtp)
            guard case .rejected(_, _, let reply) = error else {
                Issue.record("expected rejected, got \(String(describing: error))")
                return
            }
            #expect(reply.code == 451)
            #expect(error?.isPermanent == false)
            #expect(try server.receivedMessages().isEmpty)
            _ = try await smtp.send(from: Self.user, to: ["tam@acme.example"], message: Self.shortMessage)
            #expect(try server.receivedMessages().count == 1)
        }
    }

    @Test func messageOverTheAdvertisedSizeIsNotSent() async throws {
        try await SMTPTestServer.run(.init(sizeLimit: 1000)) { server in
            let error = await sendError(try client("smtp://127.0.0.1:\(server.port)", trusting: server), message: Self.longMessage)
            guard case .messageTooLarge(_, _, let limit) = error else {
                Issue.record("expected messageTooLarge, got \(String(describing: error))")
                return
            }
            #expect(limit == 1000)
            #expect(error?.isPermanent == true)
        }
    }

    @Test func wrongPasswordIsRejectedWithoutShowingIt() async throws {
        try await SMTPTestServer.run(.init(authentication: (Self.user, "another password"))) { server in
            let smtp = try client("smtp://\(Self.userInfo)@127.0.0.1:\(server.port)", trusting: server)
            let error = await sendError(smtp)
            guard case .rejected(_, let command, let reply) = error else {
                Issue.record("expected rejected, got \(String(describing: error))")
                return
            }
            #expect(command == "AUTH PLAIN")
            #expect(reply.code == 535)
            let description = "\(error.map { "\($0)" } ?? "")"
            #expect(description.contains("check the user and password"))
            #expect(!description.contains(Self.password) && !description.contains(Self.userInfo))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func untrustedCertificateFailsTLSClearly() async throws {
        try await SMTPTestServer.run(.init(tls: .startTLS)) { server in
            let error = await sendError(try client("smtp://127.0.0.1:\(server.port)?starttls=require"))
            guard case .tlsFailed = error else {
                Issue.record("expected tlsFailed, got \(String(describing: error))")
                return
            }
            #expect(error?.isPermanent == false)
            #expect("\(error.map { "\($0)" } ?? "")".contains("certificate"))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func certificateForAnotherNameFailsTLS() async throws {
        try await SMTPTestServer.run(.init(tls: .startTLS, certificateNames: "DNS:mail.example.com")) { server in
            let error = await sendError(try client("smtp://127.0.0.1:\(server.port)?starttls=require", trusting: server))
            guard case .tlsFailed = error else {
                Issue.record("expected tlsFailed, got \(String(describing: error))")
                return
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains("certificate is not for 127.0.0.1"))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test func serverThatIsNotListeningIsATransientConnectionError() async throws {
        let port = try unusedPort()
        let error = await sendError(try client("smtp://127.0.0.1:\(port)"))
        guard case .connectionFailed = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(error?.isPermanent == false)
    }

    /// A listener that accepts and never speaks: the greeting must time out instead of waiting forever.
    @Test func silentServerTimesOut() async throws {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(listener.localAddress?.port)
        let options = SMTPServerConfiguration.Options(commandTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await sendError(try client("smtp://127.0.0.1:\(port)", options: options))
        try await listener.close()
        guard case .timedOut(_, let command, _) = error else {
            Issue.record("expected timedOut, got \(String(describing: error))")
            return
        }
        #expect(command == "the greeting")
        #expect(error?.isPermanent == false)
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
