import Foundation
import Testing

@testable import StewardMail

@Suite struct BodyDecodingTests {
    private static func message(_ text: String, limits: MailParseLimits = .init()) throws -> InboundMessage {
        try InboundMessage.parse(Array(text.utf8), limits: limits)
    }

    @Test func quotedPrintable() {
        let encoded = "caf=C3=A9 =\r\nau lait=3D  \r\nnext line=20\r\nstray = sign =ZZ\r\nsoft at end="
        #expect(
            String(decoding: TransferEncoding.decodeQuotedPrintable(Array(encoded.utf8)[...]), as: UTF8.self)
                == "café au lait=\r\nnext line \r\nstray = sign =ZZ\r\nsoft at end")
    }

    @Test func quotedPrintableEncodingRoundTrips() {
        let text = "Grüße=Hallo \t\n" + String(repeating: "ä", count: 100) + "\n\n.\nFrom the end \n"
        let encoded = TransferEncoding.encodeQuotedPrintable(text)
        let lines = encoded.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 77 })  // 76 + CR
        #expect(encoded.allSatisfy { $0 < 0x80 })
        let decoded = String(decoding: TransferEncoding.decodeQuotedPrintable(encoded[...]), as: UTF8.self)
        #expect(decoded == text.replacing("\n", with: "\r\n"))
    }

    @Test func base64ToleratesWhitespaceAndMissingPadding() {
        #expect(TransferEncoding.decodeBase64(Array("SGVs\r\nbG8g\n d29y bGQ".utf8)) == Array("Hello world".utf8))
        #expect(TransferEncoding.decodeBase64(Array("SGk=".utf8)) == Array("Hi".utf8))
        #expect(TransferEncoding.decodeBase64(Array("SGk".utf8)) == Array("Hi".utf8))
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(TransferEncoding.decodeBase64(TransferEncoding.encodeBase64(bytes)) == bytes)
    }

    @Test(arguments: [
        ("utf-8", [0xC3, 0xBC] as [UInt8], "ü"),
        ("us-ascii", [0x41], "A"),
        ("iso-8859-1", [0xFC], "ü"),
        ("ISO-8859-2", [0xB9], "š"),
        ("iso-8859-5", [0xD0], "а"),
        ("iso-8859-7", [0xE1], "α"),
        ("iso-8859-15", [0xA4], "€"),
        ("iso_8859-15", [0xA4], "€"),
        ("windows-1250", [0x9A], "š"),
        ("windows-1251", [0xE0], "а"),
        ("windows-1252", [0x80], "€"),
        ("x-unknown", [0xC3, 0xBC], "ü"),
        ("x-unknown", [0xFC], "ü"),
        // A UTF-8 label on Latin-1 bytes still keeps the text.
        ("utf-8", [0x4D, 0xFC, 0x6C], "Mül"),
        // windows-1252 leaves 0x81 undefined: the fallback keeps it.
        ("windows-1252", [0x41, 0x81], "A\u{81}"),
    ])
    func charsets(charset: String, bytes: [UInt8], expected: String) {
        #expect(Charset.decode(bytes, charset: charset) == expected)
    }

    @Test func nestedMultipartsWithInlineImagesAndAForwardedMessage() throws {
        let message = try Self.message(
            """
            From: Tom <tom@acme.example>\r
            Content-Type: multipart/mixed; boundary=outer\r
            \r
            preamble\r
            --outer\r
            Content-Type: multipart/related; boundary="rel"\r
            \r
            --rel\r
            Content-Type: multipart/alternative; boundary="alt"\r
            \r
            --alt\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Plain body\r
            --alt\r
            Content-Type: text/html; charset=utf-8\r
            \r
            <p>HTML body <img src="cid:logo"></p>\r
            --alt--\r
            --rel\r
            Content-Type: image/png; name="logo.png"\r
            Content-ID: <logo>\r
            Content-Transfer-Encoding: base64\r
            \r
            iVBORw0K\r
            --rel--\r
            --outer\r
            Content-Type: message/rfc822\r
            \r
            From: someone@else.example\r
            Subject: forwarded\r
            \r
            inner\r
            --outer\r
            Content-Type: image/jpeg\r
            Content-Disposition: inline\r
            Content-Transfer-Encoding: base64\r
            \r
            /9j/\r
            --outer--\r
            epilogue\r
            """)
        #expect(message.text == "Plain body")
        #expect(message.html == "<p>HTML body <img src=\"cid:logo\"></p>")
        #expect(message.attachments.map(\.filename) == ["message.eml", "image.jpeg"])
        #expect(message.attachments.first?.data == Array("From: someone@else.example\r\nSubject: forwarded\r\n\r\ninner".utf8))
        #expect(message.attachments.last?.data == [0xFF, 0xD8, 0xFF])
    }

    @Test func missingClosingBoundaryAndBareLineFeeds() throws {
        let message = try Self.message(
            "From: a@x.example\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nfirst\nsecond\n\n--b\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\n\nroot\n"
        )
        #expect(message.text == "first\nsecond\n")
        #expect(message.attachments == [MailAttachment(filename: "passwd", contentType: "text/plain", data: Array("root\n".utf8))])
    }

    @Test func messageWithoutContentTypeIsPlainText() throws {
        let message = try Self.message("From: a@x.example\r\nSubject: hi\r\n\r\nline one\r\nline two\r\n")
        #expect(message.text == "line one\nline two\n")
        #expect(message.html == nil)
        #expect(message.subject == "hi")
    }

    @Test func headersOnlyMessageHasAnEmptyBody() throws {
        let message = try Self.message("From: a@x.example\r\nSubject: no body\r\n")
        #expect(message.text == "")
        #expect(message.subject == "no body")
    }

    @Test func largeBodiesDecodeInLinearTime() throws {
        // Half the lines end in a soft break, half in a hard one; about 6 MB of quoted-printable.
        let lines = String(repeating: "Caf=C3=A9 ", count: 7) + "=\r\n" + String(repeating: "Caf=C3=A9 ", count: 7) + "\r\n"
        let body = String(repeating: lines, count: 40_000)
        let started = ContinuousClock.now
        let message = try Self.message(
            "From: a@x.example\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\(body)")
        // Per pair: 35 characters, then 34 (the hard line's trailing space is transport padding) and LF.
        #expect(message.text.count == 40_000 * 70)
        #expect(ContinuousClock.now - started < .seconds(20), "decoding must stay linear")
    }

    @Test func htmlToText() {
        #expect(
            HTMLText.text(
                fromHTML:
                    "<div>one</div><div>two<br>three</div><p>para</p><table><tr><td>a</td><td>b</td></tr></table>x &lt;&gt; &#65;&#x42; &bogus; AT&T"
            )
                == "one\ntwo\nthree\npara\n\na b\n\nx <> AB &bogus; AT&T")
        #expect(HTMLText.text(fromHTML: "<blockquote>quoted<br>two</blockquote>after") == "> quoted\n> two\nafter")
        #expect(HTMLText.text(fromHTML: "<pre>  keep\n  spaces</pre>") == "  keep\n  spaces")
        #expect(HTMLText.text(fromHTML: "a < b and <unclosed") == "a < b and")
    }
}

@Suite struct ParseLimitTests {
    @Test func oversizedMessageIsRefusedBeforeParsing() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 31 * 1_048_576)
        #expect(throws: MailParseError(.messageTooLarge, "the message is 31 MB; the limit is 25 MB")) {
            try InboundMessage.parse(bytes)
        }
    }

    @Test func oversizedAttachmentIsRefused() {
        let data = TransferEncoding.encodeBase64([UInt8](repeating: 7, count: 2_100_000))
        let message =
            Array(
                "From: a@x.example\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=dump.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                    .utf8) + data
        #expect(throws: MailParseError(.attachmentTooLarge, "the attachment \"dump.zip\" is 2.1 MB; the limit is 2 MB")) {
            try InboundMessage.parse(message, limits: MailParseLimits(maxAttachmentBytes: 2 * 1_048_576))
        }
    }

    @Test func tooManyAttachmentsAreRefused() {
        var text = "From: a@x.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        for index in 0..<4 {
            text += "--b\r\nContent-Type: application/octet-stream; name=f\(index).bin\r\n\r\nx\r\n"
        }
        text += "--b--\r\n"
        let bytes = Array(text.utf8)
        #expect((try? InboundMessage.parse(bytes, limits: MailParseLimits(maxAttachments: 4)))?.attachments.count == 4)
        #expect(throws: MailParseError(.tooManyAttachments, "the message has more than 3 attachments, the limit")) {
            try InboundMessage.parse(bytes, limits: MailParseLimits(maxAttachments: 3))
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        func nested(_ depth: Int) -> [UInt8] {
            var text = "From: a@x.example\r\n"
            for level in 0..<depth {
                text += "Content-Type: multipart/mixed; boundary=b\(level)\r\n\r\n--b\(level)\r\n"
            }
            text += "Content-Type: text/plain\r\n\r\ndeep\r\n"
            return Array(text.utf8)
        }
        #expect(
            (try? InboundMessage.parse(nested(3), limits: MailParseLimits(maxPartsDepth: 3)))?.text
                == "deep\r\n".replacing("\r\n", with: "\n"))
        #expect(throws: MailParseError(.nestedTooDeep, "the MIME parts nest more than 3 deep, the limit; no mail program writes that")) {
            try InboundMessage.parse(nested(4), limits: MailParseLimits(maxPartsDepth: 3))
        }
    }

    @Test func oversizedHeaderSectionIsRefused() {
        let bytes = Array(("From: a@x.example\r\nX-Padding: " + String(repeating: "x", count: 300 * 1024) + "\r\n\r\nbody").utf8)
        #expect(
            throws: MailParseError(.headerTooLarge, "the header section is over 256 KB, the limit; the headers are malformed or hostile")
        ) {
            try InboundMessage.parse(bytes)
        }
    }

    @Test(arguments: [
        ("", MailParseError.Code.noHeaderSection, "no header section: the message is empty"),
        ("\r\nFrom: a@x.example\r\n\r\nbody", .noHeaderSection, "no header section: the message starts with a blank line"),
        ("Hello there,\r\nplease help.\r\n", .noHeaderSection, "no header section: line 1 is not a header field (\"Hello there,\")"),
        (
            "Subject: hi\r\nTo: b@x.example\r\n\r\nbody", .noFrom,
            "no From header: the sender is unknown, so the message can be neither matched nor answered"
        ),
    ])
    func refusesWhatIsNotAnEmail(text: String, code: MailParseError.Code, reason: String) {
        #expect(throws: MailParseError(code, reason)) {
            try InboundMessage.parse(Array(text.utf8))
        }
    }
}

@Suite struct DeliveryReportTests {
    private static func report(_ parts: String) throws -> DeliveryReport? {
        let text =
            "From: MAILER-DAEMON@mx.example\r\nX-Original-Message-ID: <from-header@steward.test>\r\n"
            + "Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=r\r\n\r\n--r\r\n"
            + "Content-Type: text/plain\r\n\r\nDelivery failed.\r\n\(parts)--r--\r\n"
        return try InboundMessage.parse(Array(text.utf8)).deliveryReport
    }

    private static let status =
        "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\nOriginal-Envelope-Id: outbox-7.aa@steward.test\r\n\r\n"
        + "Final-Recipient: rfc822;<bob@globex.example>\r\nAction: Delivered\r\nStatus: 2.0.0\r\n\r\n"

    @Test func returnedMessageGivesTheOriginalID() throws {
        let returned =
            "--r\r\nContent-Type: message/rfc822\r\n\r\nFrom: support@steward.test\r\nMessage-ID: <outbox-7.0c1d@steward.test>\r\n\r\nHello\r\n"
        let report = try #require(try Self.report(Self.status + returned))
        #expect(report.originalMessageID == "outbox-7.0c1d@steward.test")
        #expect(report.recipients == [.init(finalRecipient: "bob@globex.example", action: "delivered", status: "2.0.0")])
        #expect(!report.isFailure)
    }

    @Test func envelopeIDAndHeaderAreFallbacks() throws {
        #expect(try Self.report(Self.status)?.originalMessageID == "outbox-7.aa@steward.test")
        #expect(try Self.report("")?.originalMessageID == "from-header@steward.test")
    }

    @Test func otherReportsAreNotDeliveryReports() throws {
        let text =
            "From: a@x.example\r\nContent-Type: multipart/report; report-type=disposition-notification; boundary=r\r\n\r\n--r\r\n\r\nRead.\r\n--r--\r\n"
        let message = try InboundMessage.parse(Array(text.utf8))
        #expect(message.deliveryReport == nil)
        #expect(message.text == "Read.")
    }
}
