import Logging
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One TCP connection to an SMTP server: sends a command, waits for its reply, upgrades to TLS.
///
/// It knows nothing of the mail transaction; ``SMTPClient`` drives it. Every wait is bounded by the
/// timeout of the request, enforced on the event loop by ``SMTPRequestHandler``.
struct SMTPConnection: Sendable {
    let channel: any Channel
    /// The handler's record of why the connection failed.
    let failure: SMTPFailureRecord
    let configuration: SMTPServerConfiguration
    let tlsContext: NIOSSLContext?
    let logger: Logger
    /// Whether bytes on this connection are encrypted (implicit TLS, or after STARTTLS).
    private(set) var isEncrypted: Bool

    /// Connects, sets up TLS for `smtps`, and returns the connection with the server's greeting.
    static func connect(
        configuration: SMTPServerConfiguration,
        eventLoopGroup: any EventLoopGroup,
        logger: Logger
    ) async throws(SMTPError) -> (SMTPConnection, greeting: SMTPReply) {
        let server = configuration.serverName
        let tlsContext = try makeTLSContext(configuration: configuration)
        let implicitTLS = configuration.security == .implicitTLS
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.options.connectTimeout))
            .channelInitializer { channel in
                do {
                    let handlers = channel.pipeline.syncOperations
                    if implicitTLS, let tlsContext {
                        try handlers.addHandler(makeTLSHandler(context: tlsContext, host: configuration.host))
                    }
                    try handlers.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try handlers.addHandler(SMTPRequestHandler())
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        logger.debug("smtp connecting", metadata: ["steward.smtp.server": "\(server)"])
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            if let tlsError = describeTLSFailure(error, host: configuration.host) {
                throw .tlsFailed(server: server, reason: tlsError)
            }
            if case ChannelError.connectTimeout = error {
                throw .connectionFailed(server: server, reason: "no connection within \(configuration.options.connectTimeout)")
            }
            throw .connectionFailed(server: server, reason: describeConnectFailure(error))
        }
        let failure: SMTPFailureRecord
        do {
            failure = try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: SMTPRequestHandler.self).failure
            }.get()
        } catch {
            try? await channel.close()
            throw .connectionLost(server: server, command: "the greeting", reason: "the connection closed at once")
        }
        let connection = SMTPConnection(
            channel: channel,
            failure: failure,
            configuration: configuration,
            tlsContext: tlsContext,
            logger: logger,
            isEncrypted: implicitTLS
        )
        do {
            // The greeting may be there already; with implicit TLS it comes after the handshake.
            let reply = try await connection.send(bytes: nil, logged: "the greeting", timeout: configuration.options.commandTimeout)
            return (connection, reply)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Sends one command line and waits for its reply. `logged` is what the log and errors show: for AUTH,
    /// the command without its credentials.
    func send(_ command: String, logged: String? = nil, timeout: Duration? = nil) async throws(SMTPError) -> SMTPReply {
        var bytes = channel.allocator.buffer(capacity: command.utf8.count + 2)
        bytes.writeString(command)
        bytes.writeString("\r\n")
        return try await send(bytes: bytes, logged: logged ?? command, timeout: timeout ?? configuration.options.commandTimeout)
    }

    /// Sends raw bytes (the message data; nil for the greeting) and waits for the reply that follows them.
    func send(bytes: ByteBuffer?, logged: String, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        if bytes != nil {
            logger.debug("smtp command", metadata: ["steward.smtp.command": "\(logged)"])
        }
        let reply = channel.eventLoop.makePromise(of: SMTPReply.self)
        // A write that never reaches the handler (the connection closed and NIO removed it) fails here
        // instead, with the reason the handler kept.
        channel.writeAndFlush(SMTPRequest(bytes: bytes, timeout: TimeAmount(timeout), reply: reply)).whenFailure { [failure] error in
            reply.fail(failure.error ?? error)
        }
        return try await wait(for: reply.futureResult, command: logged, timeout: timeout)
    }

    /// Puts TLS under the SMTP codec after the server's 220 to STARTTLS. The handshake runs before the next
    /// command leaves (NIOSSL holds writes until then), so a handshake failure fails that command.
    mutating func startTLS() async throws(SMTPError) {
        guard let tlsContext else {
            throw .tlsFailed(server: configuration.serverName, reason: "no TLS context was made for this connection")
        }
        let host = configuration.host
        do {
            try await channel.eventLoop.submit { [channel] in
                try channel.pipeline.syncOperations.addHandler(Self.makeTLSHandler(context: tlsContext, host: host), position: .first)
            }.get()
        } catch {
            throw .tlsFailed(server: configuration.serverName, reason: Self.describeTLSFailure(error, host: host) ?? "\(error)")
        }
        isEncrypted = true
    }

    /// Sends QUIT and closes the connection, whatever state it is in. The message's fate is already decided,
    /// so errors here are only logged.
    func close() async {
        if channel.isActive {
            let quitTimeout = min(configuration.options.commandTimeout, .seconds(5))
            do {
                _ = try await send("QUIT", timeout: quitTimeout)
            } catch {
                logger.debug("smtp quit failed", metadata: ["steward.smtp.error": "\(error)"])
            }
        }
        do {
            try await channel.close()
        } catch ChannelError.alreadyClosed {
            // The server closed it after QUIT, as it should.
        } catch {
            logger.debug("smtp close failed", metadata: ["steward.smtp.error": "\(error)"])
        }
    }

    private func wait(for future: EventLoopFuture<SMTPReply>, command: String, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        let server = configuration.serverName
        do {
            let reply = try await future.get()
            logger.debug("smtp reply", metadata: ["steward.smtp.command": "\(command)", "steward.smtp.reply.code": "\(reply.code)"])
            return reply
        } catch let failure as SMTPChannelFailure {
            switch failure {
            case .timedOut:
                throw .timedOut(server: server, command: command, after: timeout)
            case .closed:
                throw .connectionLost(server: server, command: command, reason: "the server closed the connection")
            case .unexpectedReply(let reply):
                throw .protocolViolation(server: server, detail: "\"\(reply)\" when no command was waiting for a reply")
            case .busy:
                throw .protocolViolation(server: server, detail: "no reply yet to the previous command")
            }
        } catch let failure as SMTPReplyDecodingError {
            throw .protocolViolation(server: server, detail: failure.detail)
        } catch {
            if let tlsError = Self.describeTLSFailure(error, host: configuration.host) {
                throw .tlsFailed(server: server, reason: tlsError)
            }
            throw .connectionLost(server: server, command: command, reason: "\(error)")
        }
    }

    private static func makeTLSContext(configuration: SMTPServerConfiguration) throws(SMTPError) -> NIOSSLContext? {
        guard configuration.security != .plaintext else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        do {
            if let path = configuration.trustedCertificateAuthorityPath {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(path))]
            }
            return try NIOSSLContext(configuration: tls)
        } catch {
            let subject = configuration.trustedCertificateAuthorityPath.map { "could not read the CA file \($0) (\(error))" }
            throw .tlsFailed(server: configuration.serverName, reason: subject ?? "could not set up TLS (\(error))")
        }
    }

    /// The handler verifies the certificate against the host: a name by SNI and the certificate's DNS
    /// names, an IP address (which SNI cannot carry) against the certificate's IP addresses.
    private static func makeTLSHandler(context: NIOSSLContext, host: String) throws -> NIOSSLClientHandler {
        let isIPAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context, serverHostname: isIPAddress ? nil : host)
    }

    /// A readable reason when `error` comes from TLS, nil otherwise.
    private static func describeTLSFailure(_ error: any Error, host: String) -> String? {
        let text: String
        switch error {
        case let error as NIOSSLError:
            guard case .handshakeFailed(let underlying) = error else { return "\(error)" }
            text = "\(underlying)"
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return "the server's certificate is not for \(host) (\(error))"
        case let error as NIOSSLExtraError:
            text = "\(error)"
        case let error as BoringSSLError:
            text = "\(error)"
        default:
            return nil
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's certificate is not trusted, has expired, or is for another name (\(text))"
        }
        if text.contains("WRONG_VERSION_NUMBER") {
            return "the server did not answer in TLS; a plaintext port needs smtp:// (STARTTLS), not smtps:// (\(text))"
        }
        return "the TLS handshake failed (\(text))"
    }

    private static func describeConnectFailure(_ error: any Error) -> String {
        guard let error = error as? NIOConnectionError else { return describeSocketFailure(error) }
        let attempts = error.connectionErrors.map { attempt in
            "\(attempt.target.ipAddress ?? "\(attempt.target)"): \(describeSocketFailure(attempt.error))"
        }
        if let dnsError = error.dnsAAAAError ?? error.dnsAError, attempts.isEmpty {
            return "the host name did not resolve (\(dnsError))"
        }
        return attempts.isEmpty ? "\(error)" : attempts.joined(separator: "; ")
    }

    /// The system's words for a socket error ("Connection refused"), without NIO's wrapping.
    private static func describeSocketFailure(_ error: any Error) -> String {
        guard let error = error as? IOError else { return "\(error)" }
        return String(cString: strerror(error.errnoCode))
    }
}
