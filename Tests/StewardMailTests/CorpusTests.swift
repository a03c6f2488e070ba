import Foundation
import Testing

@testable import StewardMail

/// Real-world shapes of mail a support desk receives, one file each, decoded end to end.
@Suite struct CorpusTests {
    @Test func outlookReplyInWindows1252() throws {
        let message = try Corpus.message("outlook-reply")
        #expect(message.from == MailAddress(name: "Müller, Jürgen", address: "juergen.mueller@acme.example"))
        #expect(message.subject == "RE: [INC-1042] Scanner crashes on update")
        #expect(message.inReplyTo == ["outbox-41.9a7b@steward.test"])
        #expect(message.messageID == "AM0PR07MB6242C1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6@AM0PR07MB6242.eurprd07.prod.outlook.com")
        // windows-1252: 0x80 is the euro sign and 0x96 an en dash; soft line breaks are joined.
        #expect(
            message.text.contains("Die Lizenz für 250 Arbeitsplätze kostet laut Angebot 4.500 € – bitte schicken Sie uns die Rechnung."))
        #expect(message.html?.contains("WordSection1") == true)
        // Outlook sets X-Auto-Response-Suppress on mail people write.
        #expect(message.automaticReason == nil)
        #expect(message.attachments.isEmpty)
        #expect(message.date == Date(timeIntervalSince1970: 1_796_122_029))  // 2026-12-01T10:47:09Z

        #expect(
            ReplyText.newContent(of: message.text) == """
                Hallo,

                das Update auf 14.2 hat das Problem behoben. Die Lizenz für 250 Arbeitsplätze kostet laut Angebot 4.500 € – bitte schicken Sie uns die Rechnung.

                Mit freundlichen Grüßen
                Jürgen Müller
                """)
    }

    @Test func outlookHTMLHeaderBlockIsCutFromTheDerivedText() throws {
        let message = try Corpus.message("outlook-reply")
        let derived = ReplyText.newContent(of: message.html.map(HTMLText.text(fromHTML:)) ?? "")
        #expect(derived.hasSuffix("Mit freundlichen Grüßen\nJürgen Müller"))
        #expect(!derived.contains("please install update"))
    }

    @Test func gmailReplyWithQuotedHistory() throws {
        let message = try Corpus.message("gmail-reply")
        #expect(message.from?.address == "gina.ortega@globex.example")
        #expect(message.to == [MailAddress(name: "Steward", address: "support@steward.test")])
        #expect(message.cc == [MailAddress(name: "Ortega, Luis", address: "luis.ortega@globex.example")])
        #expect(message.inReplyTo == ["outbox-58.77aa@steward.test"])
        #expect(message.references == ["outbox-57.3e2f@steward.test", "outbox-58.77aa@steward.test"])
        #expect(message.text.contains("> we have released a fix"))
        // The attribution is split over two lines, as Gmail's plain text wraps it.
        #expect(ReplyText.newContent(of: message.text) == "Hi,\n\nthe files are released now — thanks for the quick fix!\n\nGina")
        #expect(message.automaticReason == nil)
    }

    @Test func gmailHTMLQuoteBecomesQuotedLines() throws {
        let message = try Corpus.message("gmail-reply")
        let derived = HTMLText.text(fromHTML: message.html ?? "")
        #expect(derived.contains("> we have released a fix for the quarantine service."))
        #expect(ReplyText.newContent(of: derived) == "Hi,\n\nthe files are released now — thanks for the quick fix!\n\nGina")
    }

    @Test func thunderbirdFlowedReplyWithBareLineFeeds() throws {
        let bytes = try Corpus.bytes("thunderbird-reply")
        #expect(!bytes.contains(0x0D), "this file tests bare-LF input")
        let message = try InboundMessage.parse(bytes)
        #expect(message.from == MailAddress(name: "Katrin Brandt", address: "k.brandt@initech.example"))
        // format=flowed: lines ending in a space are one paragraph.
        #expect(
            message.text.contains(
                "nach dem Neustart des Update-Dienstes werden die Signaturen wieder stündlich aktualisiert. Auf den drei Servern in der Außenstelle ist alles grün."
            ))
        #expect(message.text.contains("\n-- \nKatrin Brandt"))
        #expect(
            ReplyText.newContent(of: message.text) == """
                Guten Tag,

                nach dem Neustart des Update-Dienstes werden die Signaturen wieder stündlich aktualisiert. Auf den drei Servern in der Außenstelle ist alles grün.

                Sie können das Ticket schließen.
                """)
    }

    @Test func encodedSubjectInTwoCharsets() throws {
        let message = try Corpus.message("encoded-subject")
        // A UTF-8 B word and an ISO-8859-1 Q word, folded: the whitespace between them is dropped.
        #expect(message.subject == "Überwachung ausgefallen [sev1]")
        #expect(message.from == MailAddress(name: "Jörg Schäfer", address: "joerg.schaefer@acme.example"))
        #expect(
            message.to == [
                MailAddress(address: "support@steward.test"), MailAddress(name: "Duty, Manager", address: "duty@steward.test"),
            ])
        #expect(
            message.text.hasPrefix("Seit 02:00 Uhr melden alle 40 Gateways \"Dienst gestoppt\". Die Überwachung zeigt keine Daten mehr."))
        #expect(message.text.contains("Rechenzentrum München"))
        #expect(message.inReplyTo.isEmpty && message.references.isEmpty)
    }

    @Test func pdfAttachmentWithRFC2231Filenames() throws {
        let message = try Corpus.message("pdf-attachment")
        #expect(message.text == "Hello,\n\nthe signed test report and the scanner log are attached.\n\nTom\n")
        #expect(message.attachments.count == 2)
        let pdf = try #require(message.attachments.first)
        // filename*= wins over the Content-Type name.
        #expect(pdf.filename == "Prüfbericht Dezember 2026.pdf")
        #expect(pdf.contentType == "application/pdf")
        // The file's base64 has no padding; the bytes are exactly the PDF the corpus was made from.
        let pdfText = """
            %PDF-1.4
            1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj
            2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj
            3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj
            trailer <</Root 1 0 R>>
            %%EOF

            """
        #expect(pdf.data == Array(pdfText.utf8) + (0...255).map { UInt8($0) })
        let log = try #require(message.attachments.last)
        // filename*0*= and filename*1*= continuations.
        #expect(log.filename == "Scanner-Protokoll März.txt")
        #expect(String(decoding: log.data, as: UTF8.self) == "Protokoll vom 1. Dezember: 3 Fehler, 0 Warnungen.\n")
    }

    @Test func postfixBounceIsADeliveryReport() throws {
        let message = try Corpus.message("postfix-bounce")
        let report = try #require(message.deliveryReport)
        #expect(report.originalMessageID == "outbox-42.0c1d@steward.test")
        #expect(report.isFailure)
        #expect(
            report.recipients == [
                .init(
                    finalRecipient: "old.contact@globex.example", action: "failed", status: "5.1.1",
                    diagnostic: "550 5.1.1 <old.contact@globex.example>: Recipient address rejected: User unknown in virtual mailbox table"),
                .init(
                    finalRecipient: "tam@globex.example", action: "delayed", status: "4.4.1",
                    diagnostic: "connect to mx2.globex.example[203.0.113.8]:25: Connection timed out"),
            ])
        #expect(message.automaticReason == "Auto-Submitted: auto-replied")
        #expect(message.from == MailAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mx.steward.test"))
        #expect(message.text.hasPrefix("This is the mail system at host mx.steward.test."))
        // The returned headers and the status are the report, not files.
        #expect(message.attachments.isEmpty)
    }

    @Test func outOfOfficeIsAutomatic() throws {
        let message = try Corpus.message("out-of-office")
        #expect(message.automaticReason == "Auto-Submitted: auto-replied")
        #expect(message.deliveryReport == nil)
        #expect(
            message.text.hasPrefix("Out of office\n\nI am out of the office until 7 December with limited access to e-mail. For urgent"))
    }

    @Test func htmlOnlyMessageGetsDerivedText() throws {
        let message = try Corpus.message("html-only")
        #expect(message.from == MailAddress(name: "Initech Monitoring", address: "monitoring@initech.example"))
        #expect(message.html?.contains("<h1>Licence renewal</h1>") == true)
        #expect(
            message.text == """
                Licence renewal

                Dear customer,
                your licence for Endpoint Protection expires on 31 Dec 2026.

                - Seats: 250
                - Price: 4\u{202F}500 € & VAT

                Questions? Reply <here> — we answer within one business day.
                """)
        #expect(message.date == Date(timeIntervalSince1970: 1_796_130_000))  // 2026-12-01T13:00:00Z
    }

    @Test func malformedMessageIsRefusedWithTheLine() throws {
        let bytes = try Corpus.bytes("malformed")
        #expect {
            try InboundMessage.parse(bytes)
        } throws: { error in
            guard let error = error as? MailParseError else { return false }
            return error.code == .noSeparator
                && error.reason.contains("line 3 (\"this line should have been preceded by a blank line\")")
        }
    }
}
