import Foundation

extension SMTPServerConfiguration {
    /// Parses `smtp://user:password@host:port?starttls=require|opportunistic|never&ca=/path/ca.pem` or
    /// `smtps://user:password@host:port?ca=/path/ca.pem`.
    ///
    /// The user and password are percent-decoded (write `@` as `%40`). The port defaults to 587 for `smtp`
    /// and 465 for `smtps`; `starttls` defaults to `opportunistic`. A `trustedCertificateAuthorityPath`
    /// given here is used when the URL has no `ca`.
    public init(url: String, trustedCertificateAuthorityPath: String? = nil, options: Options = Options()) throws(SMTPConfigurationError) {
        guard let components = URLComponents(string: url) else {
            throw SMTPConfigurationError(problem: "it is not a URL")
        }
        guard let scheme = components.scheme?.lowercased() else {
            throw SMTPConfigurationError(problem: "it has no scheme (smtp:// or smtps://)")
        }
        var security: Security
        switch scheme {
        case "smtp": security = .startTLSOpportunistic
        case "smtps": security = .implicitTLS
        default: throw SMTPConfigurationError(problem: "the scheme is '\(scheme)', not smtp or smtps")
        }
        guard var host = components.host, !host.isEmpty else {
            throw SMTPConfigurationError(problem: "it has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw SMTPConfigurationError(problem: "the port \(port) is not between 1 and 65535")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw SMTPConfigurationError(problem: "it has a path (\(components.path)); an SMTP server URL has none")
        }
        let credentials: Credentials?
        switch (components.user, components.password) {
        case (nil, nil): credentials = nil
        case (let user?, let password?) where !user.isEmpty: credentials = Credentials(user: user, password: password)
        case (let user?, nil) where !user.isEmpty: throw SMTPConfigurationError(problem: "it has a user but no password")
        default: throw SMTPConfigurationError(problem: "it has a password but no user")
        }
        var caPath = trustedCertificateAuthorityPath
        for item in components.queryItems ?? [] {
            switch item.name {
            case "starttls":
                guard security != .implicitTLS else {
                    throw SMTPConfigurationError(problem: "starttls does not apply to smtps://, which uses TLS from the first byte")
                }
                switch item.value {
                case "require": security = .startTLSRequired
                case "opportunistic": security = .startTLSOpportunistic
                case "never": security = .plaintext
                default:
                    throw SMTPConfigurationError(problem: "starttls is '\(item.value ?? "")', not require, opportunistic or never")
                }
            case "ca":
                guard let value = item.value, !value.isEmpty else {
                    throw SMTPConfigurationError(problem: "ca is empty; give the path of a PEM file")
                }
                caPath = value
            default:
                throw SMTPConfigurationError(problem: "the parameter '\(item.name)' is unknown (known: starttls, ca)")
            }
        }
        self.init(
            host: host,
            port: components.port,
            security: security,
            credentials: credentials,
            trustedCertificateAuthorityPath: caPath,
            options: options
        )
    }
}

/// An SMTP server URL that cannot be used. The description says what is wrong and shows a valid URL;
/// it never repeats the URL, which may hold a password.
public struct SMTPConfigurationError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What is wrong, in a few words.
    public var problem: String

    public init(problem: String) {
        self.problem = problem
    }

    public var description: String {
        "invalid SMTP server URL: \(problem). A valid one looks like smtp://user:password@mail.example.com:587?starttls=require"
            + " (starttls=require|opportunistic|never, default opportunistic; smtps://user:password@mail.example.com for TLS"
            + " from the first byte, port 465; ca=/path/ca.pem to trust a private CA; percent-encode @ : / in the password)"
    }
}
