import Foundation
import StewardCore
import StewardMSA
import StewardMail
import StewardPostgres
import StewardServiceDesk
import StewardTestSupport
import Testing

/// Mail in through the desk, with the corpus of real-world-shaped messages (Outlook, Gmail and
/// Thunderbird replies, an encoded subject, an attachment, a Postfix bounce, an auto-reply).
@Suite struct ReceivingMailTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("StewardMailTests/Corpus")

    /// A corpus message with its placeholders made real: `replacing` maps text in it to new text.
    static func message(_ name: String, replacing: [String: String] = [:]) throws -> [UInt8] {
        var text = try String(contentsOf: corpus.appendingPathComponent("\(name).eml"), encoding: .isoLatin1)
        for (old, new) in replacing { text = text.replacingOccurrences(of: old, with: new) }
        return Array(text.data(using: .isoLatin1)!)
    }

    func addContact(_ id: String, of customer: String, email: String, _ fixture: DeskFixture) async throws {
        try await fixture.database.client.query(
            "INSERT INTO contacts (customer_id, contact_id, name, email, created_at) VALUES (\(customer), \(id), \(id), \(email), now())")
    }

    /// An Acme incident waiting for the customer, its reference, and an outbox row of it (a mail we sent).
    func waitingIncident(_ fixture: DeskFixture, customer: Principal = .acmeContact) async throws -> (UUID, RequestReference, Int64) {
        let id = try await fixture.fileIncident(severity: 2, by: customer)
        for event in [#"{"respond": {"message": "Looking into it"}}"#, #"{"requestInfo": {"message": "Which version?"}}"#] {
            _ = try await fixture.desk.send(event: Data(event.utf8), to: id, expectedVersion: nil, by: .olga)
        }
        let row = try await fixture.database.client.query("SELECT reference, created_at FROM workflows WHERE workflow_id = \(id)")
            .collect()[0]
        let (number, filedAt) = try row.decode((Int64, Date).self)
        let outbox = try await fixture.database.client.query(
            """
            INSERT INTO outbox (customer_id, workflow_id, recipient, channel, template, fields, dedup_key, created_at, status)
            VALUES (\(customer.customerID!), \(id), 'contact:bob', 'email', 'state-changed', '{}', 'sent-mail', now(), 'sent')
            RETURNING outbox_id
            """
        ).collect()[0].decode(Int64.self)
        return (id, RequestReference(number: number, filedAt: filedAt), outbox)
    }

    @Test func aKnownContactsNewMessageFilesAnIncidentOnce() async throws {
        try await DeskFixture.with { fixture throws in
            try await addContact("joerg", of: "acme", email: "Joerg.Schaefer@acme.example", fixture)
            let raw = try Self.message(
                "encoded-subject",
                replacing: [
                    "Subject: =?UTF-8?B?w5xiZXJ3YWNodW5nIGF1c2dlZmFsbGVu?=": "Subject: [sev1] =?UTF-8?B?w5xiZXJ3YWNodW5nIGF1c2dlZmFsbGVu?="
                ])
            let receipt = try await fixture.desk.receiveMail(raw, by: .mailGateway)
            #expect(receipt.outcome == .filed && !receipt.duplicate)
            let id = try #require(receipt.requestID)
            let filing = try await fixture.desk.history(of: id, for: .olga, afterSeq: 0, limit: 1).items[0]
            let input = try #require(try JSONSerialization.jsonObject(with: filing.payload) as? [String: Any])
            #expect(input["summary"] as? String == "Überwachung ausgefallen")
            #expect(input["severity"] as? Int == 1)
            #expect(input["channel"] as? String == "email")
            #expect(filing.actor == "customer:acme/joerg")
            // The relay's Received time, not the handing-in: the SLA clock starts when the mail arrived.
            #expect(input["receivedAt"] != nil)

            let again = try await fixture.desk.receiveMail(raw, by: .mailGateway)
            #expect(again.duplicate && again.requestID == id && again.outcome == .filed)
            #expect(try await fixture.count("workflows") == 1)
            #expect(try await fixture.count("inbound_mail") == 1)
        }
    }

    @Test(arguments: [
        ("gmail-reply", "gina.ortega@globex.example", "globex", "outbox-58.77aa@steward.test", "[INC-1057]"),
        ("outlook-reply", "juergen.mueller@acme.example", "acme", "outbox-41.9a7b@steward.test", "[INC-1042]"),
        ("thunderbird-reply", "k.brandt@initech.example", "initech", "outbox-63.5d4c@steward.test", "[INC-1063]"),
    ])
    func aReplyReachesItsRequestAsTheCustomersAnswer(
        _ name: String, _ sender: String, _ customer: String, _ thread: String, _ tag: String
    )
        async throws
    {
        try await DeskFixture.with { fixture throws in
            try await addContact("writer", of: customer, email: sender, fixture)
            let principal = Principal(tokenID: nil, role: .customer, customerID: customer, contact: "writer")
            let (id, reference, outbox) = try await waitingIncident(fixture, customer: principal)
            // Threaded by our Message-ID alone: the subject's tag is not ours.
            let raw = try Self.message(name, replacing: [thread: "outbox-\(outbox)@steward.test"])
            let receipt = try await fixture.desk.receiveMail(raw, by: .mailGateway)
            #expect(receipt.outcome == .replied, "\(receipt.reason)")
            #expect(receipt.requestID == id)
            let history = try await fixture.desk.history(of: id, for: .olga, afterSeq: 0, limit: 10).items
            let reply = try #require(history.last)
            #expect(reply.event == "customerReplied" && reply.toState == "in_progress")
            let payload = try JSONSerialization.jsonObject(with: reply.payload) as? [String: Any]
            let text = try #require((payload?["customerReplied"] as? [String: Any])?["message"] as? String)
            #expect(!text.contains("wrote:") && !text.contains("Original Message") && !text.contains("\n>"), "\(text)")
            #expect(!text.isEmpty)
            _ = reference
            _ = tag
        }
    }

    @Test func theReferenceInTheSubjectThreadsAReplyWithoutOurMessageID() async throws {
        try await DeskFixture.with { fixture throws in
            let (id, reference, _) = try await waitingIncident(fixture)
            let raw = Array(
                """
                From: Bob Builder <bob@acme.example>\r
                To: support@steward.test\r
                Subject: Re: [\(reference)] your question\r
                Message-ID: <reply-1@acme.example>\r
                \r
                Version 11.0.2, on all hosts.\r

                """.utf8)
            let receipt = try await fixture.desk.receiveMail(raw, by: .mailGateway)
            #expect(receipt.outcome == .replied && receipt.requestID == id)
        }
    }

    @Test func aReplyToAnotherCustomersRequestIsRefused() async throws {
        try await DeskFixture.with { fixture throws in
            let (_, reference, _) = try await waitingIncident(fixture)
            let raw = Array(
                "From: hiro@globex.example\r\nSubject: [\(reference)] mine?\r\nMessage-ID: <x@globex.example>\r\n\r\nhello\r\n".utf8)
            let receipt = try await fixture.desk.receiveMail(raw, by: .mailGateway)
            #expect(receipt.outcome == .refused && receipt.reason.contains("not a request of globex"))
            #expect(try await fixture.count("workflows") == 1)
        }
    }

    @Test func aReplyToARequestThatTakesNoneNowIsRefusedAndKept() async throws {
        try await DeskFixture.with { fixture throws in
            let id = try await fixture.fileIncident(severity: 2)
            let reference = try await fixture.database.client.query("SELECT reference, created_at FROM workflows").collect()[0]
                .decode((Int64, Date).self)
            let raw = Array(
                "From: bob@acme.example\r\nSubject: [\(RequestReference(number: reference.0, filedAt: reference.1))] more\r\nMessage-ID: <y@acme.example>\r\n\r\nAlso the logs.\r\n"
                    .utf8)
            let receipt = try await fixture.desk.receiveMail(raw, by: .mailGateway)
            #expect(receipt.outcome == .refused && receipt.reason.contains("takes no reply"), "\(receipt.reason)")
            #expect(try await fixture.events(of: id) == ["start"])
            let kept = try await fixture.database.client.query("SELECT body FROM inbound_mail").collect()[0].decode(String.self)
            #expect(kept == "Also the logs.")
        }
    }

    @Test(arguments: [
        ("html-only", "is not the address of an active contact"),
        ("malformed", "cannot be read"),
    ])
    func messagesNobodyCanFileAreRefusedWithTheReason(_ name: String, _ reason: String) async throws {
        try await DeskFixture.with { fixture throws in
            let receipt = try await fixture.desk.receiveMail(try Self.message(name), by: .mailGateway)
            #expect(receipt.outcome == .refused && receipt.reason.contains(reason), "\(receipt.reason)")
            #expect(try await fixture.count("workflows") == 0)
            #expect(try await fixture.count("inbound_mail") == 1)
        }
    }

    @Test func anAutoReplyIsNotFiledEvenFromAContact() async throws {
        try await DeskFixture.with { fixture throws in
            try await addContact("tara", of: "globex", email: "tara.nguyen@globex.example", fixture)
            let receipt = try await fixture.desk.receiveMail(try Self.message("out-of-office"), by: .mailGateway)
            #expect(receipt.outcome == .refused && receipt.reason.contains("a machine sent it"), "\(receipt.reason)")
            #expect(try await fixture.count("workflows") == 0)
        }
    }

    @Test func ourOwnMessageComingBackIsALoop() async throws {
        try await DeskFixture.with { fixture throws in
            let raw = Array("From: bob@acme.example\r\nSubject: hi\r\nMessage-ID: <outbox-7@steward.test>\r\n\r\nhello\r\n".utf8)
            let receipt = try await fixture.desk.receiveMail(raw, by: .mailGateway)
            #expect(receipt.outcome == .refused && receipt.reason.contains("mail loop"))
        }
    }

    @Test func aBounceMarksTheDeliveryItReportsOn() async throws {
        try await DeskFixture.with { fixture throws in
            let (_, _, outbox) = try await waitingIncident(fixture)
            let receipt = try await fixture.desk.receiveMail(
                try Self.message("postfix-bounce", replacing: ["outbox-42.0c1d@steward.test": "outbox-\(outbox)@steward.test"]),
                by: .mailGateway)
            #expect(receipt.outcome == .bounce, "\(receipt.reason)")
            let status = try await fixture.database.client.query("SELECT status FROM outbox WHERE outbox_id = \(outbox)").collect()[0]
                .decode(String.self)
            #expect(status == "bounced")
            let attempt = try await fixture.database.client.query("SELECT outcome, detail FROM delivery_attempts").collect()[0]
                .decode((String, String).self)
            #expect(attempt.0 == "bounced" && attempt.1.contains("5."))
        }
    }

    @Test func attachmentsAreStoredNotOpened() async throws {
        try await DeskFixture.with { fixture throws in
            try await addContact("tom", of: "acme", email: "tom.becker@acme.example", fixture)
            let receipt = try await fixture.desk.receiveMail(try Self.message("pdf-attachment"), by: .mailGateway)
            #expect(receipt.outcome == .filed)
            let stored = try await fixture.database.client.query(
                "SELECT filename, content_type, size_bytes FROM inbound_attachments ORDER BY position"
            )
            .collect().map { try $0.decode((String, String, Int).self) }
            #expect(!stored.isEmpty)
            #expect(stored.allSatisfy { $0.2 > 0 })
        }
    }

    @Test func onlyTheGatewayAndOperatorsHandMailIn() async throws {
        try await DeskFixture.with { fixture throws in
            await #expect(throws: ServiceDeskError.self) {
                _ = try await fixture.desk.receiveMail(Array("From: a@b.example\r\n\r\nx".utf8), by: .acmeContact)
            }
            #expect(try await fixture.count("inbound_mail") == 0)
        }
    }
}

@Suite struct MailIntakeTests {
    @Test func readsTheSeverityTagAndCleansTheSubject() {
        #expect(MailIntake.severity(in: "[SEV1] Scanner down") == 1)
        #expect(MailIntake.severity(in: "[sev 4] cosmetic") == 4)
        #expect(MailIntake.severity(in: "[sev5] no such") == nil)
        #expect(MailIntake.summary(of: "AW: RE:  [sev2]  Scanner   down ") == "Scanner down")
        #expect(MailIntake.summary(of: "Re: [MSA-2026-000012] Scanner down") == "Scanner down")
    }

    @Test func aMessageNeverArrivesInTheFutureNorLongAgo() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        func arrival(_ date: String) throws -> Date {
            let message = try InboundMessage.parse(Array("Received: from mx by us; \(date)\r\nFrom: a@b.example\r\n\r\nx".utf8))
            return MailIntake.receivedAt(of: message, now: now)
        }
        #expect(try arrival("Wed, 18 Nov 2026 10:00:00 +0000") == Date(timeIntervalSince1970: 1_794_996_000))
        #expect(try arrival("Thu, 19 Nov 2026 10:00:00 +0000") == now)
        #expect(try arrival("Wed, 18 Nov 2020 10:00:00 +0000") == now.addingTimeInterval(-MailIntake.oldestArrival))
    }
}
