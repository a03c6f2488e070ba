import Foundation
import StewardCore
import StewardMSA
import StewardMail
import StewardPostgres
import Testing

@testable import StewardRuntime

/// A report's e-mail: its summary table in the body (mail clients draw no SVG), the page and the
/// tables attached.
@Suite struct ReportMailTests {
    /// Composing reads neither; delivery is covered by the e-mail delivery tests.
    struct Unused: MailTransport, AddressBook {
        func send(_ message: [UInt8], from: String, to: [String], outboxID: Int64, subject: String) async -> DeliveryOutcome {
            .failed("unused")
        }
        func mailbox(of recipient: Recipient, customerID: String) async throws -> Mailbox? { nil }
        func endpoint(_ id: String, customerID: String) async throws -> WebhookEndpoint? { nil }
        func customerName(_ customerID: String) async throws -> String? { nil }
        func disable(endpoint id: String, customerID: String, reason: String, workflowID: UUID?) async throws {}
    }

    @Test func theSummaryIsTheBodyAndTheReportsFilesAreAttached() throws {
        let sender = EmailSender(
            transport: Unused(), templates: try NotificationTemplatesTests.load(), addressBook: Unused(),
            from: MailAddress(name: "Support", address: "support@steward.test"))
        let page = "<!doctype html><title>Quarterly report</title><svg id=\"chart-weeks\"></svg>"
        let message = OutboxMessage(
            id: 7, customerID: "acme", workflowID: nil, reference: nil, requestType: nil, recipient: .contact("bob"), channel: .email,
            template: "quarterly-report",
            fields: [
                "quarter": "2026-Q4", "periodStart": "2026-09-30T22:00:00Z", "periodEnd": "2026-12-31T23:00:00Z",
                "period": "2026-10-01 to 2026-12-31",
                "summary": "Severity 1: 0 met, 1 breached", "summaryHTML": "<table><tr><td>Acme &amp; Co</td></tr></table>",
            ],
            dedupKey: "report-1", createdAt: Date(timeIntervalSince1970: 1_795_521_600),
            files: [
                OutboxFile(name: "acme-2026-Q4.html", contentType: "text/html", body: Data(page.utf8)),
                OutboxFile(
                    name: "acme-2026-Q4-breaches.csv", contentType: "text/csv",
                    body: Data("reference,missed_by_minutes\r\nMSA-2026-000003,45\r\n".utf8)),
            ]
        )
        let mail = try #require(sender.compose(message, to: Mailbox(name: "Bob", address: "bob@acme.example"), customerName: "Acme"))
        let received = try InboundMessage.parse(mail.rendered())
        #expect(received.subject == "Quarterly report 2026-Q4 for Acme")
        #expect(received.text.contains("Severity 1: 0 met, 1 breached"))
        #expect(received.text.contains("for 2026-Q4 (2026-10-01 to 2026-12-31)"))
        #expect(received.html?.contains("<table><tr><td>Acme &amp; Co</td></tr></table>") == true)
        #expect(received.attachments.map(\.filename) == ["acme-2026-Q4.html", "acme-2026-Q4-breaches.csv"])
        #expect(String(decoding: received.attachments[0].data, as: UTF8.self) == page)
        #expect(received.attachments[1].contentType == "text/csv")
    }
}
