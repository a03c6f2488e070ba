import Foundation

/// A throwaway CA and a server certificate it signed, made with openssl.
public struct TestCertificates: Sendable {
    public var caCertificate: String
    public var serverCertificate: String
    public var serverKey: String

    /// Debian's openssl; the tests need no network, so nothing is downloaded.
    public static let openssl = "/usr/bin/openssl"

    /// `names` is the certificate's subjectAltName, for example `DNS:localhost,IP:127.0.0.1`.
    public static func make(in directory: URL, names: String) async throws -> TestCertificates {
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let certificates = TestCertificates(
            caCertificate: path("ca.pem"),
            serverCertificate: path("server.pem"),
            serverKey: path("server.key")
        )
        let extensions = """
            subjectAltName=\(names)
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth
            subjectKeyIdentifier=hash
            authorityKeyIdentifier=keyid

            """
        try Data(extensions.utf8).write(to: URL(fileURLWithPath: path("server.ext")))
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await ChildProcess.run(
            openssl,
            ["req", "-x509"] + ecKey + [
                "-keyout", path("ca.key"), "-out", certificates.caCertificate, "-days", "2", "-subj", "/CN=Steward SMTP test CA",
            ],
            log: URL(fileURLWithPath: path("openssl-ca.log"))
        )
        try await ChildProcess.run(
            openssl,
            ["req"] + ecKey + ["-keyout", certificates.serverKey, "-out", path("server.csr"), "-subj", "/CN=localhost"],
            log: URL(fileURLWithPath: path("openssl-request.log"))
        )
        try await ChildProcess.run(
            openssl,
            [
                "x509", "-req", "-in", path("server.csr"), "-CA", certificates.caCertificate, "-CAkey", path("ca.key"),
                "-CAcreateserial", "-out", certificates.serverCertificate, "-days", "2", "-extfile", path("server.ext"),
            ],
            log: URL(fileURLWithPath: path("openssl-sign.log"))
        )
        return certificates
    }
}
