import NIOCore
import NIOEmbedded
import StewardTestSupport
import Testing

@testable import StewardSMTP

@Suite struct SMTPReplyDecoderTests {
    /// Feeds `chunks` to a decoder in a channel, as the network would, and returns the replies.
    private func decode(_ chunks: [String]) throws -> [SMTPReply] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        var replies: [SMTPReply] = []
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(string: chunk))
            while let reply = try channel.readInbound(as: SMTPReply.self) {
                replies.append(reply)
            }
        }
        _ = try channel.finish()
        return replies
    }

    @Test func oneLineReply() throws {
        #expect(try decode(["220 mail.example.com ESMTP ready\r\n"]) == [SMTPReply(code: 220, lines: ["mail.example.com ESMTP ready"])])
    }

    @Test func multiLineReplyIsOneValue() throws {
        let replies = try decode(["250-mail.example.com\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"])
        #expect(replies == [SMTPReply(code: 250, lines: ["mail.example.com", "STARTTLS", "AUTH PLAIN LOGIN", "8BITMIME"])])
        #expect(replies.first?.description == "250-mail.example.com\n250-STARTTLS\n250-AUTH PLAIN LOGIN\n250 8BITMIME")
    }

    @Test func replySplitAcrossReads() throws {
        let replies = try decode(["25", "0-first\r", "\n250 la", "st\r\n354 go", " ahead\r\n"])
        #expect(replies == [SMTPReply(code: 250, lines: ["first", "last"]), SMTPReply(code: 354, lines: ["go ahead"])])
    }

    @Test func bareLineFeedAndCodeWithoutText() throws {
        #expect(try decode(["250\n"]) == [SMTPReply(code: 250, lines: [""])])
    }

    @Test(arguments: [
        "hello\r\n",
        "25\r\n",
        "250_x\r\n",
        "250-a\r\n251 b\r\n",
        String(repeating: "x", count: SMTPReplyDecoder.maximumLineLength + 1),
    ])
    func invalidRepliesAreRefused(input: String) {
        #expect(throws: SMTPReplyDecodingError.self) { try decode([input]) }
    }

    @Test func endlessMultiLineReplyIsRefused() {
        let lines = String(repeating: "250-more\r\n", count: SMTPReplyDecoder.maximumLineCount + 1)
        #expect(throws: SMTPReplyDecodingError.self) { try decode([lines]) }
    }
}
