import Foundation

extension SMTPClient {
    /// AUTH PLAIN when offered (one round trip, RFC 4616), AUTH LOGIN otherwise. The caller has checked the
    /// connection is encrypted. Logs and errors name the mechanism only, never the base64 payload.
    func authenticate(
        _ credentials: SMTPServerConfiguration.Credentials,
        offered: [String],
        on connection: SMTPConnection
    ) async throws(SMTPError) {
        let server = configuration.serverName
        if offered.contains("PLAIN") {
            let payload = Self.base64([0] + Array(credentials.user.utf8) + [0] + Array(credentials.password.utf8))
            let reply = try await connection.send("AUTH PLAIN \(payload)", logged: "AUTH PLAIN")
            guard reply.code == 235 else {
                throw .rejected(server: server, command: "AUTH PLAIN", reply: reply)
            }
        } else if offered.contains("LOGIN") {
            // RFC 4954 section 4 with the LOGIN draft's two challenges: user name, then password.
            let steps = [
                ("AUTH LOGIN", "AUTH LOGIN", 334),
                (Self.base64(Array(credentials.user.utf8)), "AUTH LOGIN (user name)", 334),
                (Self.base64(Array(credentials.password.utf8)), "AUTH LOGIN (password)", 235),
            ]
            for (line, logged, expected) in steps {
                let reply = try await connection.send(line, logged: logged)
                guard reply.code == expected else {
                    throw .rejected(server: server, command: logged, reply: reply)
                }
            }
        } else {
            throw .authenticationNotOffered(server: server, offered: offered)
        }
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
