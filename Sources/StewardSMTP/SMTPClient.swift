import Logging
import NIOCore
import NIOPosix

/// Hands e-mail messages to an SMTP server (RFC 5321) for delivery.
///
/// Each ``send(from:to:message:)`` opens its own connection and ends it with QUIT: Steward sends few
/// messages, and a fresh connection has no state left over from an earlier failure. The message is
/// already composed (headers and MIME body); this client only carries it.
public struct SMTPClient: Sendable {
    public let configuration: SMTPServerConfiguration
    /// The name this host gives itself in EHLO; servers may check it resolves to the connecting address.
    public let heloName: String
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    public init(
        configuration: SMTPServerConfiguration,
        heloName: String,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.heloName = heloName
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Sends `message` (RFC 5322 bytes; line endings become CRLF, lines starting with "." are dot-stuffed)
    /// from `from` to every address in `to`. An empty `from` is the null sender `<>` used for bounces.
    ///
    /// Returns once the server accepted the message for the recipients it did not refuse (the receipt lists
    /// both). Throws when nothing was accepted; ``SMTPError/isPermanent`` says whether a retry can help.
    public func send(from: String, to recipients: [String], message: [UInt8]) async throws(SMTPError) -> SMTPReceipt {
        try Self.checkEnvelope(from: from, to: recipients)
        var logger = logger
        logger[metadataKey: "steward.smtp.server"] = "\(configuration.serverName)"
        let data = SMTPMessageData.encode(message)
        var (connection, greeting) = try await SMTPConnection.connect(
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger
        )
        do throws(SMTPError) {
            guard greeting.code == 220 else {
                throw .rejected(server: configuration.serverName, command: "the connection (greeting)", reply: greeting)
            }
            let capabilities = try await negotiate(on: &connection)
            let receipt = try await transfer(
                from: from,
                to: recipients,
                data: data,
                eightBit: capabilities.eightBitMIME && SMTPMessageData.hasEightBitBytes(message),
                capabilities: capabilities,
                on: connection
            )
            await connection.close()
            logger.debug("smtp message accepted", metadata: ["steward.smtp.reply": "\(receipt.reply)"])
            return receipt
        } catch {
            await connection.close()
            throw error
        }
    }

    /// EHLO, STARTTLS as the policy says, EHLO again, AUTH: everything before the mail transaction.
    private func negotiate(on connection: inout SMTPConnection) async throws(SMTPError) -> SMTPCapabilities {
        let server = configuration.serverName
        var capabilities = try await hello(on: connection)
        switch configuration.security {
        case .implicitTLS, .plaintext:
            break
        case .startTLSRequired, .startTLSOpportunistic:
            if capabilities.startTLS {
                let reply = try await connection.send("STARTTLS")
                guard reply.code == 220 else {
                    throw .rejected(server: server, command: "STARTTLS", reply: reply)
                }
                try await connection.startTLS()
                // RFC 3207 section 4.2: forget what was learnt before TLS and ask again.
                capabilities = try await hello(on: connection, allowHELO: false)
            } else if configuration.security == .startTLSRequired {
                throw .startTLSNotOffered(server: server)
            }
        }
        if let credentials = configuration.credentials {
            guard connection.isEncrypted else {
                throw .authenticationNeedsTLS(server: server)
            }
            try await authenticate(credentials, offered: capabilities.authenticationMechanisms, on: connection)
        }
        return capabilities
    }

    /// EHLO, or HELO when the server does not know EHLO (a 5xx), which leaves no extensions.
    private func hello(on connection: SMTPConnection, allowHELO: Bool = true) async throws(SMTPError) -> SMTPCapabilities {
        let reply = try await connection.send("EHLO \(heloName)")
        if reply.code == 250 {
            return SMTPCapabilities(ehloReply: reply)
        }
        guard allowHELO, reply.isPermanentFailure else {
            throw .rejected(server: configuration.serverName, command: "EHLO", reply: reply)
        }
        let heloReply = try await connection.send("HELO \(heloName)")
        guard heloReply.code == 250 else {
            throw .rejected(server: configuration.serverName, command: "HELO", reply: heloReply)
        }
        return SMTPCapabilities()
    }

    /// MAIL FROM, RCPT TO for each recipient, DATA and the message.
    private func transfer(
        from: String,
        to recipients: [String],
        data: ByteBuffer,
        eightBit: Bool,
        capabilities: SMTPCapabilities,
        on connection: SMTPConnection
    ) async throws(SMTPError) -> SMTPReceipt {
        let server = configuration.serverName
        // The dot-stuffed size is what the server counts, give or take the final ".".
        let size = data.readableBytes
        if let limit = capabilities.sizeLimit, size > limit {
            throw .messageTooLarge(server: server, size: size, limit: limit)
        }
        var mailFrom = "MAIL FROM:<\(from)>"
        if capabilities.sizeLimit != nil {
            mailFrom += " SIZE=\(size)"
        }
        if eightBit {
            mailFrom += " BODY=8BITMIME"
        }
        let mailReply = try await connection.send(mailFrom)
        guard mailReply.isSuccess else {
            throw .rejected(server: server, command: "MAIL FROM:<\(from)>", reply: mailReply)
        }
        var accepted: [String] = []
        var rejected: [SMTPRecipientRejection] = []
        for recipient in recipients {
            let reply = try await connection.send("RCPT TO:<\(recipient)>")
            if reply.isSuccess {
                accepted.append(recipient)
            } else {
                rejected.append(SMTPRecipientRejection(address: recipient, reply: reply))
            }
        }
        guard !accepted.isEmpty else {
            throw .allRecipientsRejected(server: server, rejections: rejected)
        }
        let dataReply = try await connection.send("DATA")
        guard dataReply.code == 354 else {
            throw .rejected(server: server, command: "DATA", reply: dataReply)
        }
        let finalReply = try await connection.send(
            bytes: data,
            logged: "the message data (\(size) bytes)",
            timeout: configuration.options.messageTimeout
        )
        guard finalReply.isSuccess else {
            throw .rejected(server: server, command: "the message data", reply: finalReply)
        }
        return SMTPReceipt(
            reply: finalReply,
            acceptedRecipients: accepted,
            rejectedRecipients: rejected,
            wasEncrypted: connection.isEncrypted
        )
    }

    /// Refuses addresses that would break out of the command line (CR, LF) or the angle brackets around
    /// them, before connecting.
    static func checkEnvelope(from: String, to recipients: [String]) throws(SMTPError) {
        guard !recipients.isEmpty else {
            throw .invalidEnvelope(reason: "there is no recipient")
        }
        for (role, address) in [("sender", from)] + recipients.map({ ("recipient", $0) }) {
            if address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "<" || $0 == ">" }) {
                throw .invalidEnvelope(
                    reason: "the \(role) address \(address.debugDescription) contains a control character or an angle bracket")
            }
            if role == "recipient" && address.isEmpty {
                throw .invalidEnvelope(reason: "a recipient address is empty")
            }
        }
    }
}
