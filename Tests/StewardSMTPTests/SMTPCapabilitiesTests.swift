import StewardTestSupport
import Testing

@testable import StewardSMTP

@Suite struct SMTPCapabilitiesTests {
    @Test func ehloKeywords() {
        let reply = SMTPReply(
            code: 250,
            lines: ["mail.example.com greets you", "SIZE 35882577", "8BITMIME", "STARTTLS", "AUTH=LOGIN", "AUTH PLAIN login", "PIPELINING"]
        )
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.startTLS)
        #expect(capabilities.eightBitMIME)
        #expect(capabilities.sizeLimit == 35_882_577)
        #expect(capabilities.authenticationMechanisms == ["LOGIN", "PLAIN"])
    }

    @Test func greetingLineIsNoKeywordAndSizeZeroIsNoLimit() {
        let capabilities = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["STARTTLS", "SIZE 0"]))
        #expect(!capabilities.startTLS)
        #expect(capabilities.sizeLimit == nil)
    }
}
