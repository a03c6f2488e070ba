import Foundation
import Logging
import StewardCore
import StewardMail
import StewardPostgres

/// Hands a finished message to an SMTP server, or to the dev mailbox, and says what became of it.
public protocol MailTransport: Sendable {
    func send(_ message: [UInt8], from: String, to: [String], outboxID: Int64, subject: String) async -> DeliveryOutcome
}

/// E-mails one outbox row in the words of its templates. The `Message-ID` is derived from the row,
/// so a resend after an unclear failure is recognisable; every message of a request names the
/// request's thread in `In-Reply-To`/`References` and carries its reference in the subject, so
/// replies find their request.
public struct EmailSender: NotificationSender {
    let transport: any MailTransport
    let templates: NotificationTemplates
    let addressBook: any AddressBook
    let from: MailAddress
    let clock: any WallClock

    public init(
        transport: any MailTransport, templates: NotificationTemplates, addressBook: any AddressBook, from: MailAddress,
        clock: any WallClock = SystemClock()
    ) {
        self.transport = transport
        self.templates = templates
        self.addressBook = addressBook
        self.from = from
        self.clock = clock
    }

    public func deliver(_ message: OutboxMessage) async -> DeliveryOutcome {
        let mailbox: Mailbox
        let customerName: String?
        do {
            guard let found = try await addressBook.mailbox(of: message.recipient, customerID: message.customerID) else {
                return .skipped("\(message.recipient) has no active mailbox any more")
            }
            mailbox = found
            customerName = try await addressBook.customerName(message.customerID)
        } catch {
            return .retry("cannot read the recipient's address: \(error)", retryAfter: nil)
        }
        guard let mail = compose(message, to: mailbox, customerName: customerName) else {
            return .failed("no template renders '\(message.template)'; add \(message.template).subject/text/html to the templates folder")
        }
        return await transport.send(mail.rendered(), from: from.address, to: [mailbox.address], outboxID: message.id, subject: mail.subject)
    }

    /// The e-mail of `message` to `mailbox`, or nil when its kind has no templates.
    func compose(_ message: OutboxMessage, to mailbox: Mailbox, customerName: String?) -> OutgoingMail? {
        var values = message.fields
        values["reference"] = message.reference?.description
        values["requestType"] = message.requestType.map { $0.replacingOccurrences(of: "-", with: " ") }
        values["customerName"] = customerName
        values["recipientName"] = mailbox.name.isEmpty ? nil : mailbox.name
        guard let rendered = templates.render(message.template, values) else { return nil }
        let domain = MessageIDs.domain(of: from.address)
        let thread = message.reference.map { MessageIDs.thread(of: $0, domain: domain) }
        return OutgoingMail(
            from: from,
            to: [MailAddress(name: mailbox.name.isEmpty ? nil : mailbox.name, address: mailbox.address)],
            subject: message.reference.map { "[\($0)] \(rendered.subject)" } ?? rendered.subject,
            messageID: MessageIDs.delivery(outboxID: message.id, domain: domain),
            inReplyTo: thread,
            references: thread.map { [$0] } ?? [],
            date: clock.now,
            extraHeaders: [
                ("Auto-Submitted", "auto-generated"),
                ("X-Steward-Kind", message.template),
            ] + (message.reference.map { [("X-Steward-Request", $0.description)] } ?? []),
            text: rendered.text,
            html: rendered.html,
            attachments: message.files.map { MailAttachment(filename: $0.name, contentType: $0.contentType, data: Array($0.body)) }
        )
    }
}
