/// Where and how to reach the SMTP server that delivers Steward's e-mail.
///
/// Usually parsed from a URL (see ``init(url:)``): `smtp://user:password@host:587?starttls=require` or
/// `smtps://user:password@host` for TLS from the first byte. ``description`` never shows the password.
public struct SMTPServerConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum Security: Sendable, Hashable {
        /// `smtps://`: TLS from the first byte, port 465 style (RFC 8314).
        case implicitTLS
        /// `?starttls=require`: STARTTLS must be offered and succeed, or nothing is sent.
        case startTLSRequired
        /// `?starttls=opportunistic` (the default): STARTTLS when the server offers it. Without it the
        /// message goes in plaintext, but credentials are still never sent.
        case startTLSOpportunistic
        /// `?starttls=never`: plaintext only, for a relay on the same host. Credentials are refused.
        case plaintext
    }

    /// Settings that rarely change.
    public struct Options: Sendable {
        /// How long to wait for the TCP connection.
        public var connectTimeout: Duration
        /// How long to wait for the reply to each command (and for the greeting, the TLS handshake included).
        public var commandTimeout: Duration
        /// How long to wait for the reply after the message data: servers scan the message before
        /// answering, so RFC 5321 section 4.5.3.2.6 suggests 10 minutes.
        public var messageTimeout: Duration

        public init(
            connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(60), messageTimeout: Duration = .seconds(600)
        ) {
            self.connectTimeout = connectTimeout
            self.commandTimeout = commandTimeout
            self.messageTimeout = messageTimeout
        }
    }

    /// A user name and password for SMTP AUTH. Sent only over an encrypted connection.
    public struct Credentials: Sendable, Hashable, CustomStringConvertible {
        public var user: String
        public var password: String

        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }

        /// The user name; the password is shown as `***`.
        public var description: String { "\(user):***" }
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials?
    /// A PEM file of CA certificates trusted in addition to the system's, for a server whose certificate
    /// comes from a private CA. The server's name is still verified against its certificate.
    public var trustedCertificateAuthorityPath: String?
    public var options: Options

    public init(
        host: String,
        port: Int? = nil,
        security: Security = .startTLSOpportunistic,
        credentials: Credentials? = nil,
        trustedCertificateAuthorityPath: String? = nil,
        options: Options = Options()
    ) {
        self.host = host
        self.port = port ?? (security == .implicitTLS ? 465 : 587)
        self.security = security
        self.credentials = credentials
        self.trustedCertificateAuthorityPath = trustedCertificateAuthorityPath
        self.options = options
    }

    /// The server as a URL, with the password replaced by `***`.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let user = credentials.map { "\($0.user.addingPercentEncodingForURLUserInfo):***@" } ?? ""
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var query: [String] = []
        switch security {
        case .implicitTLS: break
        case .startTLSRequired: query.append("starttls=require")
        case .startTLSOpportunistic: query.append("starttls=opportunistic")
        case .plaintext: query.append("starttls=never")
        }
        if let trustedCertificateAuthorityPath {
            query.append("ca=\(trustedCertificateAuthorityPath)")
        }
        return "\(scheme)://\(user)\(hostPart):\(port)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// `host:port`, for errors and logs.
    var serverName: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension String {
    /// Percent-encodes what cannot stand in a URL's user part, so ``SMTPServerConfiguration/description``
    /// reads back as the same configuration.
    fileprivate var addingPercentEncodingForURLUserInfo: String {
        var encoded = ""
        for byte in utf8 {
            let isUnreserved =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~".utf8.contains(byte)
            encoded += isUnreserved ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
        return encoded
    }

    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
