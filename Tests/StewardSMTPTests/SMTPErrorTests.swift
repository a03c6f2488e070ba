import StewardTestSupport
import Testing

@testable import StewardSMTP

@Suite struct SMTPErrorTests {
    static let server = "mail.example.com:587"

    @Test(arguments: [
        (SMTPError.rejected(server: server, command: "RCPT TO:<a@b>", reply: SMTPReply(code: 550, lines: ["no such user"])), true),
        (.rejected(server: server, command: "the message data", reply: SMTPReply(code: 451, lines: ["try later"])), false),
        (.allRecipientsRejected(server: server, rejections: [.init(address: "a@b", reply: SMTPReply(code: 550, lines: ["no"]))]), true),
        (
            .allRecipientsRejected(
                server: server,
                rejections: [
                    .init(address: "a@b", reply: SMTPReply(code: 550, lines: ["no"])),
                    .init(address: "c@d", reply: SMTPReply(code: 452, lines: ["full"])),
                ]
            ), false
        ),
        (.messageTooLarge(server: server, size: 10, limit: 5), true),
        (.invalidEnvelope(reason: "no recipient"), true),
        (.connectionFailed(server: server, reason: "refused"), false),
        (.connectionLost(server: server, command: "DATA", reason: "reset"), false),
        (.timedOut(server: server, command: "EHLO", after: .seconds(60)), false),
        (.tlsFailed(server: server, reason: "untrusted"), false),
        (.startTLSNotOffered(server: server), false),
        (.authenticationNeedsTLS(server: server), false),
        (.authenticationNotOffered(server: server, offered: ["CRAM-MD5"]), false),
        (.protocolViolation(server: server, detail: "garbage"), false),
    ])
    func permanence(error: SMTPError, isPermanent: Bool) {
        #expect(error.isPermanent == isPermanent)
        #expect("\(error)".contains(Self.server) || "\(error)".contains("cannot be sent"))
    }

    @Test func rejectionKeepsTheServerReplyVerbatim() {
        let error = SMTPError.rejected(
            server: Self.server,
            command: "RCPT TO:<nobody@example.com>",
            reply: SMTPReply(code: 550, lines: ["5.1.1 <nobody@example.com>: Recipient address rejected"])
        )
        #expect("\(error)".contains("RCPT TO:<nobody@example.com> with \"550 5.1.1 <nobody@example.com>: Recipient address rejected\""))
    }

    @Test func envelopeChecksRefuseCommandInjection() {
        #expect(throws: SMTPError.self) { try SMTPClient.checkEnvelope(from: "a@b", to: []) }
        #expect(throws: SMTPError.self) { try SMTPClient.checkEnvelope(from: "a@b\r\nRCPT TO:<x@y>", to: ["c@d"]) }
        #expect(throws: SMTPError.self) { try SMTPClient.checkEnvelope(from: "a@b", to: ["c@d>"]) }
        #expect(throws: SMTPError.self) { try SMTPClient.checkEnvelope(from: "a@b", to: [""]) }
        #expect(throws: Never.self) { try SMTPClient.checkEnvelope(from: "", to: ["c@d"]) }
    }
}
