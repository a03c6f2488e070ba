import NIOCore
import StewardTestSupport
import Testing

@testable import StewardSMTP

@Suite struct SMTPMessageDataTests {
    private func encoded(_ message: String) -> String {
        String(buffer: SMTPMessageData.encode(Array(message.utf8)))
    }

    @Test(arguments: [
        ("a\r\nb\r\n", "a\r\nb\r\n.\r\n"),
        ("a\nb\n", "a\r\nb\r\n.\r\n"),
        ("a\rb", "a\r\nb\r\n.\r\n"),
        ("no final line break", "no final line break\r\n.\r\n"),
        (".starts\r\n..two\r\nmid.dle\r\n.\r\n", "..starts\r\n...two\r\nmid.dle\r\n..\r\n.\r\n"),
        (".", "..\r\n.\r\n"),
        ("a\n\nb", "a\r\n\r\nb\r\n.\r\n"),
        ("", ".\r\n"),
    ])
    func crlfAndDotStuffing(message: String, wire: String) {
        #expect(encoded(message) == wire)
    }

    @Test func eightBitBytesAreNoticed() {
        #expect(SMTPMessageData.hasEightBitBytes(Array("Grüße".utf8)))
        #expect(!SMTPMessageData.hasEightBitBytes(Array("plain".utf8)))
    }
}
