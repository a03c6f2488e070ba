import StewardTestSupport
import Testing

@testable import StewardSMTP

@Suite struct SMTPServerConfigurationTests {
    @Test func fullURL() throws {
        let configuration = try SMTPServerConfiguration(url: "smtp://alerts%40acme:p%40ss%3Aw%2Frd@mail.example.com:2525?starttls=require")
        #expect(configuration.host == "mail.example.com")
        #expect(configuration.port == 2525)
        #expect(configuration.security == .startTLSRequired)
        #expect(configuration.credentials == .init(user: "alerts@acme", password: "p@ss:w/rd"))
        #expect(configuration.trustedCertificateAuthorityPath == nil)
    }

    @Test(arguments: [
        ("smtp://mail.example.com", SMTPServerConfiguration.Security.startTLSOpportunistic, 587),
        ("smtp://mail.example.com?starttls=opportunistic", .startTLSOpportunistic, 587),
        ("smtp://mail.example.com:25?starttls=never", .plaintext, 25),
        ("SMTPS://mail.example.com", .implicitTLS, 465),
        ("smtps://mail.example.com:4650/", .implicitTLS, 4650),
    ])
    func defaults(url: String, security: SMTPServerConfiguration.Security, port: Int) throws {
        let configuration = try SMTPServerConfiguration(url: url)
        #expect(configuration.security == security)
        #expect(configuration.port == port)
        #expect(configuration.credentials == nil)
    }

    @Test func certificateAuthorityFromURLOrParameter() throws {
        #expect(try SMTPServerConfiguration(url: "smtps://h?ca=/etc/ca.pem").trustedCertificateAuthorityPath == "/etc/ca.pem")
        #expect(
            try SMTPServerConfiguration(url: "smtps://h", trustedCertificateAuthorityPath: "/x.pem").trustedCertificateAuthorityPath
                == "/x.pem")
    }

    @Test func ipv6Host() throws {
        let configuration = try SMTPServerConfiguration(url: "smtp://[::1]:2525")
        #expect(configuration.host == "::1")
        #expect(configuration.description == "smtp://[::1]:2525?starttls=opportunistic")
    }

    @Test func descriptionRedactsThePassword() throws {
        let configuration = try SMTPServerConfiguration(url: "smtp://alerts%40acme:s3cret%21@mail.example.com?starttls=require&ca=/ca.pem")
        #expect(configuration.description == "smtp://alerts%40acme:***@mail.example.com:587?starttls=require&ca=/ca.pem")
        #expect(!"\(configuration)".contains("s3cret"))
        #expect(!"\(configuration.credentials.map { "\($0)" } ?? "")".contains("s3cret"))
        #expect(
            try SMTPServerConfiguration(url: configuration.description.replacingOccurrences(of: "***", with: "s3cret%21")).credentials
                == configuration.credentials)
    }

    @Test(arguments: [
        ("mail.example.com", "scheme"),
        ("http://mail.example.com", "not smtp or smtps"),
        ("smtp://", "no host"),
        ("smtp://mail.example.com:0", "between 1 and 65535"),
        ("smtp://mail.example.com/inbox", "path"),
        ("smtp://user@mail.example.com", "no password"),
        ("smtp://:secret@mail.example.com", "no user"),
        ("smtp://mail.example.com?starttls=always", "not require, opportunistic or never"),
        ("smtps://mail.example.com?starttls=require", "does not apply to smtps"),
        ("smtp://mail.example.com?tls=1", "'tls' is unknown"),
        ("smtp://mail.example.com?ca=", "ca is empty"),
    ])
    func invalidURLsSayWhatIsWrongAndShowAValidOne(url: String, problem: String) {
        #expect {
            _ = try SMTPServerConfiguration(url: url)
        } throws: { error in
            let description = "\(error)"
            return description.contains(problem) && description.contains("smtp://user:password@mail.example.com:587?starttls=require")
        }
    }

    @Test func invalidURLErrorDoesNotRepeatThePassword() {
        #expect {
            _ = try SMTPServerConfiguration(url: "smtp://user:hunter2@mail.example.com/path")
        } throws: { error in
            !"\(error)".contains("hunter2")
        }
    }
}
