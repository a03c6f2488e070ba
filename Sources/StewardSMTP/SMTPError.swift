/// Why a message was not handed to the SMTP server.
///
/// ``isPermanent`` tells a sender whether retrying the same message can work: a 5xx reply will come again,
/// while a 4xx reply, a broken connection or a timeout may not. Refusals of this client's own policy
/// (STARTTLS required but not offered, credentials over plaintext) are not permanent: they are
/// configuration problems that an operator fixes, after which the retry works. Descriptions say what
/// happened and what to do; they never contain the password or an AUTH payload.
public enum SMTPError: Error, CustomStringConvertible, Sendable {
    /// The TCP connection could not be made (refused, unreachable, unknown host, connect timeout).
    case connectionFailed(server: String, reason: String)
    /// The connection closed or broke while waiting for the reply to `command`.
    case connectionLost(server: String, command: String, reason: String)
    /// No reply to `command` came within `after`.
    case timedOut(server: String, command: String, after: Duration)
    /// TLS could not be set up: handshake failure, an untrusted or mismatching certificate, an unreadable CA file.
    case tlsFailed(server: String, reason: String)
    /// The configuration says `starttls=require` but the server did not offer STARTTLS; nothing was sent.
    case startTLSNotOffered(server: String)
    /// Credentials are configured but the connection is not encrypted, so AUTH was not sent.
    case authenticationNeedsTLS(server: String)
    /// Credentials are configured but the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case authenticationNotOffered(server: String, offered: [String])
    /// The server answered `command` with a 4xx or 5xx reply, kept verbatim.
    case rejected(server: String, command: String, reply: SMTPReply)
    /// The server refused every recipient; nothing was sent.
    case allRecipientsRejected(server: String, rejections: [SMTPRecipientRejection])
    /// The message is larger than the limit the server advertised (SIZE); nothing was sent.
    case messageTooLarge(server: String, size: Int, limit: Int)
    /// The sender or a recipient cannot be put into an SMTP command, or there is no recipient.
    case invalidEnvelope(reason: String)
    /// The server sent something that is not a valid SMTP reply at this point.
    case protocolViolation(server: String, detail: String)

    /// Whether retrying the same message to the same server cannot succeed.
    public var isPermanent: Bool {
        switch self {
        case .rejected(_, _, let reply):
            return reply.isPermanentFailure
        case .allRecipientsRejected(_, let rejections):
            return rejections.allSatisfy(\.isPermanent)
        case .messageTooLarge, .invalidEnvelope:
            return true
        case .connectionFailed, .connectionLost, .timedOut, .tlsFailed, .startTLSNotOffered, .authenticationNeedsTLS,
            .authenticationNotOffered, .protocolViolation:
            return false
        }
    }

    public var description: String {
        switch self {
        case .connectionFailed(let server, let reason):
            return "could not connect to the SMTP server \(server): \(reason). Check the host and port, and that the server is running;"
                + " the message can be sent again later."
        case .connectionLost(let server, let command, let reason):
            return "the connection to the SMTP server \(server) broke while waiting for the reply to \(command): \(reason)."
                + " The message was not accepted; send it again later."
        case .timedOut(let server, let command, let after):
            return "the SMTP server \(server) did not answer \(command) within \(after). The message was not accepted;"
                + " send it again later, or raise the timeout if the server is just slow."
        case .tlsFailed(let server, let reason):
            return "TLS with the SMTP server \(server) failed: \(reason). If the server's certificate comes from a private CA,"
                + " give that CA's PEM file (?ca=/path/ca.pem); the host name in the URL must match the certificate."
        case .startTLSNotOffered(let server):
            return "the SMTP server \(server) does not offer STARTTLS and the configuration requires it (starttls=require);"
                + " nothing was sent. Enable STARTTLS on the server, use smtps:// if it speaks TLS from the first byte,"
                + " or set starttls=opportunistic if plaintext is acceptable."
        case .authenticationNeedsTLS(let server):
            return "credentials are configured for the SMTP server \(server) but the connection is not encrypted (no STARTTLS"
                + " offered, or starttls=never), so the password was not sent and neither was the message. Enable STARTTLS on the"
                + " server, use smtps://, or remove the credentials for a relay that needs none."
        case .authenticationNotOffered(let server, let offered):
            let mechanisms = offered.isEmpty ? "no AUTH at all" : "AUTH " + offered.joined(separator: " ")
            return "credentials are configured for the SMTP server \(server) but it offers \(mechanisms), not PLAIN or LOGIN;"
                + " nothing was sent. Enable AUTH PLAIN or LOGIN on the server, or remove the credentials."
        case .rejected(let server, let command, let reply):
            let advice: String
            if command.hasPrefix("AUTH") {
                advice = "check the user and password"
            } else if reply.isPermanentFailure {
                advice = "the server will not accept this as it is; fix the message or the addresses, or ask the mail administrator"
            } else {
                advice = "this is temporary; send the message again later"
            }
            return "the SMTP server \(server) rejected \(command) with \"\(reply)\": \(advice)."
        case .allRecipientsRejected(let server, let rejections):
            let list = rejections.map { "<\($0.address)>: \"\($0.reply)\"" }.joined(separator: "; ")
            let advice = rejections.allSatisfy(\.isPermanent) ? "check the addresses" : "some refusals are temporary; send it again later"
            return "the SMTP server \(server) rejected every recipient, so nothing was sent (\(list)); \(advice)."
        case .messageTooLarge(let server, let size, let limit):
            return "the message is \(size) bytes but the SMTP server \(server) accepts at most \(limit) (SIZE); nothing was sent."
                + " Make the message smaller, for example by linking attachments instead of including them."
        case .invalidEnvelope(let reason):
            return "the message cannot be sent: \(reason)."
        case .protocolViolation(let server, let detail):
            return "the SMTP server \(server) sent \(detail), which is not valid SMTP here; the message was not accepted."
                + " Check that the port belongs to an SMTP server (465 speaks TLS from the first byte: use smtps://)."
        }
    }
}

/// A recipient the server refused, with its reply.
public struct SMTPRecipientRejection: Sendable, Hashable {
    public var address: String
    public var reply: SMTPReply

    public init(address: String, reply: SMTPReply) {
        self.address = address
        self.reply = reply
    }

    /// A 5xx reply: this address will not work as it is.
    public var isPermanent: Bool { reply.isPermanentFailure }
}
