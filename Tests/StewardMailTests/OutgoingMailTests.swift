import Foundation
import Testing

@testable import StewardMail

/// What Steward sends must survive any SMTP server and come back as it was written.
@Suite struct OutgoingMailTests {
    /// 2026-12-01T12:00:00Z, a Tuesday.
    static let noon = Date(timeIntervalSince1970: 1_796_126_400)

    static let report = MailAttachment(
        filename: "Prüfbericht Dezember 2026 – Endpoint Protection, alle Standorte (final).pdf",
        contentType: "application/pdf",
        data: Array("%PDF-1.4\n".utf8) + (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

    static func sample(html: String? = "<p>Grüße aus dem <b>Support</b></p>", attachments: [MailAttachment] = [report]) -> OutgoingMail {
        OutgoingMail(
            from: MailAddress(name: "Steward Support", address: "support@steward.test"),
            to: [
                MailAddress(name: "Müller, Jürgen", address: "juergen.mueller@acme.example"),
                MailAddress(name: "Gina \"G\" Ortega", address: "gina@globex.example"),
                MailAddress(address: "tam@steward.test"),
            ],
            subject: "[INC-1042] Überwachung ausgefallen [sev1] – wir kümmern uns darum, Ihr Support-Team meldet sich binnen 30 Minuten",
            messageID: "outbox-42.1f3a9c@steward.test",
            inReplyTo: "<CAH2x9gq4Ld@mail.gmail.com>",
            references: ["outbox-41.9a7b@steward.test", "CAH2x9gq4Ld@mail.gmail.com"],
            date: noon,
            extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Steward-Request", "incident/INC-1042")],
            text: "Guten Tag,\n\nIhr Vorfall ist eingegangen. Schwere: 1 — Erstreaktion binnen 30 Minuten.\n"
                + String(repeating: "Eine sehr lange Zeile ohne Umbruch. ", count: 60)
                + "\nZeile mit Leerzeichen am Ende   \n=3D ist kein Escape.\n",
            html: html,
            attachments: attachments)
    }

    private static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { $0 }
    }

    @Test func roundTripsThroughTheParser() throws {
        let mail = Self.sample()
        let message = try InboundMessage.parse(mail.rendered())
        #expect(message.subject == mail.subject)
        #expect(message.from == mail.from)
        #expect(message.to == mail.to)
        #expect(message.messageID == "outbox-42.1f3a9c@steward.test")
        #expect(message.inReplyTo == ["CAH2x9gq4Ld@mail.gmail.com"])
        #expect(message.references == ["outbox-41.9a7b@steward.test", "CAH2x9gq4Ld@mail.gmail.com"])
        #expect(message.date == Self.noon)
        #expect(message.text == mail.text)
        #expect(message.html == mail.html)
        #expect(message.attachments == [Self.report])
        #expect(message.headers["X-Steward-Request"] == "incident/INC-1042")
        // Steward's own notifications are marked, so other systems do not answer them.
        #expect(message.automaticReason == "Auto-Submitted: auto-generated")
    }

    @Test(arguments: [
        (html: String?.none, attachments: [MailAttachment]()),
        (html: "<p>x</p>", attachments: []),
        (html: nil, attachments: [report]),
        (html: "<p>x</p>", attachments: [report, MailAttachment(filename: "a.txt", contentType: "text/plain", data: Array("ä\n".utf8))]),
    ])
    func everyShapeRoundTrips(html: String?, attachments: [MailAttachment]) throws {
        let mail = Self.sample(html: html, attachments: attachments)
        let message = try InboundMessage.parse(mail.rendered())
        #expect(message.text == mail.text)
        #expect(message.html == html)
        #expect(message.attachments == attachments)
    }

    @Test func linesAreCRLFShortAndSevenBit() {
        let bytes = Self.sample().rendered()
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        for line in Self.lines(bytes) {
            #expect(line.last == 0x0D, "every line ends in CRLF: \(String(decoding: line, as: UTF8.self))")
            #expect(line.count - 1 <= 998)
            #expect(!line.dropLast().contains(0x0D), "no bare CR")
        }
        // Header lines fold near 78 characters; quoted-printable and base64 lines are at most 76.
        #expect(Self.lines(bytes).allSatisfy { $0.count - 1 <= 78 })
    }

    @Test func boundariesDoNotOccurInTheContent() throws {
        let text = String(decoding: Self.sample().rendered(), as: UTF8.self)
        let boundaries = text.matches(of: /boundary="([^"]+)"/).map { String($0.output.1) }
        #expect(boundaries.count == 2)
        for boundary in boundaries {
            let lines = text.components(separatedBy: "\r\n")
            let boundaryLines = lines.filter { $0.contains(boundary) }
            // Only the Content-Type parameter and the delimiter lines mention it.
            #expect(boundaryLines.allSatisfy { $0.hasPrefix("--\(boundary)") || $0.contains("boundary=\"\(boundary)\"") })
        }
    }

    @Test func headersInRFC5322Form() {
        let text = String(decoding: Self.sample().rendered(), as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0].replacing("\r\n ", with: " ")
        #expect(header.hasPrefix("Date: Tue, 01 Dec 2026 12:00:00 +0000\r\n"))
        #expect(header.contains("\r\nFrom: Steward Support <support@steward.test>\r\n"))
        #expect(header.contains("\r\nMessage-ID: <outbox-42.1f3a9c@steward.test>\r\n"))
        #expect(header.contains("\r\nIn-Reply-To: <CAH2x9gq4Ld@mail.gmail.com>\r\n"))
        #expect(header.contains("\r\nReferences: <outbox-41.9a7b@steward.test> <CAH2x9gq4Ld@mail.gmail.com>\r\n"))
        #expect(header.contains("\r\nMIME-Version: 1.0\r\n"))
        #expect(header.contains("\r\nAuto-Submitted: auto-generated\r\n"))
        #expect(header.contains("\r\nSubject: =?utf-8?B?"))
        #expect(header.contains("\r\nTo: =?utf-8?B?"))
        // Names with specials are quoted; non-ASCII names are encoded words.
        #expect(header.contains("\"Gina \\\"G\\\" Ortega\" <gina@globex.example>"))
        #expect(header.contains("=?utf-8?B?TcO8bGxlciwgSsO8cmdlbg==?= <juergen.mueller@acme.example>, \"Gina"))
        #expect(header.contains("Content-Type: multipart/mixed; boundary=\"=_steward_mixed_"))
    }

    @Test func plainASCIISubjectIsWrittenAsItIs() {
        var mail = Self.sample(html: nil, attachments: [])
        mail.subject = "[INC-7] Daily report"
        let text = String(decoding: mail.rendered(), as: UTF8.self)
        #expect(text.contains("\r\nSubject: [INC-7] Daily report\r\n"))
        #expect(text.contains("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"))
    }

    @Test func headerValuesCannotInjectHeaders() throws {
        var mail = Self.sample(html: nil, attachments: [])
        mail.subject = "Hello\r\nBcc: victim@example.com"
        mail.extraHeaders = [("X-Steward-Request\r\nBcc", "a\nBcc: victim@example.com")]
        let message = try InboundMessage.parse(mail.rendered())
        #expect(message.headers["Bcc"] == nil)
        #expect(message.subject == "Hello Bcc: victim@example.com")
        #expect(message.headers["X-Steward-RequestBcc"] == "a Bcc: victim@example.com")
    }

    @Test func longASCIIFilenameUsesRFC2231Continuations() throws {
        let attachment = MailAttachment(
            filename: String(repeating: "quarterly-health-check-report-", count: 5) + ".pdf", contentType: "application/pdf",
            data: [1, 2, 3])
        let mail = Self.sample(html: nil, attachments: [attachment])
        let text = String(decoding: mail.rendered(), as: UTF8.self)
        #expect(text.contains("filename*0*=utf-8''quarterly-health-check-report-"))
        #expect(try InboundMessage.parse(mail.rendered()).attachments == [attachment])
    }

    @Test func dateFormatting() {
        #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_796_126_400.9)) == "Tue, 01 Dec 2026 12:00:00 +0000")
    }
}
