import Foundation
import Testing

@testable import StewardMail

@Suite struct HeaderDecodingTests {
    @Test(arguments: [
        ("=?UTF-8?B?w5xiZXJ3YWNodW5nIGF1c2dlZmFsbGVuIFtzZXYxXQ==?=", "Überwachung ausgefallen [sev1]"),
        ("=?iso-8859-1?q?=DCberwachung_ausgefallen?= [sev1]", "Überwachung ausgefallen [sev1]"),
        ("Re: =?UTF-8?Q?M=C3=BCller?= =?UTF-8?Q?_und_S=C3=B6hne?= GmbH", "Re: Müller und Söhne GmbH"),
        // One character split over two words of the same charset.
        ("=?UTF-8?B?w4==?= =?UTF-8?B?nA==?=berwachung", "Überwachung"),
        ("=?windows-1252?Q?=80_100?=", "€ 100"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?utf-8*de?Q?Gr=C3=BC=C3=9Fe?=", "Grüße"),
        ("=?x-unknown?Q?caf=C3=A9?=", "café"),
        ("=?x-unknown?Q?caf=E9?=", "café"),
        // Malformed words stay as they are.
        ("=?UTF-8?X?abc?= and =?UTF-8?Q?no end", "=?UTF-8?X?abc?= and =?UTF-8?Q?no end"),
        ("a =?utf-8?q?b?= c", "a b c"),
        ("plain subject", "plain subject"),
    ])
    func decodesEncodedWords(encoded: String, decoded: String) {
        #expect(EncodedWord.decode(encoded) == decoded)
    }

    @Test func encodedWordsAreShortAndDecodeBack() {
        let text = String(repeating: "Überwachung für alle Standorte 🚨 ", count: 8)
        let encoded = EncodedWord.encode(text)
        #expect(encoded.split(separator: " ").allSatisfy { $0.count <= 75 })
        #expect(EncodedWord.decode(encoded) == text)
    }

    @Test(arguments: [
        ("Tue, 01 Dec 2026 12:00:00 +0000", 1_796_126_400),
        ("Tue, 1 Dec 2026 13:00:00 +0100 (CET)", 1_796_126_400),
        ("1 Dec 2026 07:00:00 -0500", 1_796_126_400),
        ("Tue, 1 Dec 2026 07:00 EST", 1_796_126_400),
        ("Tue, 1 Dec 2026 04:00:00 PST", 1_796_126_400),
        ("Tue, 01 Dec 26 12:00:00 GMT", 1_796_126_400),
        ("Tue,  1 Dec 2026 12:00:00 UT", 1_796_126_400),
        ("Tue, 1 Dec 2026 12:00:00 Z", 1_796_126_400),
        ("Thu, 1 Jan 70 00:00:00 +0000", 0),
        ("Tue, 1 Dec 2026 12:00:00", 1_796_126_400),
    ])
    func parsesDates(text: String, seconds: Int) {
        #expect(MailDate.parse(text) == Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test(arguments: ["", "yesterday", "31 Feb 2026 10:00:00 +0000", "Tue, 1 Foo 2026 10:00:00 +0000", "1 Dec 2026 25:00:00 +0000"])
    func refusesWhatIsNotADate(text: String) {
        #expect(MailDate.parse(text) == nil)
    }

    @Test func unfoldsAndLooksUpHeadersWithoutCase() throws {
        let raw =
            "From: a@x.example\r\nReceived: from one\r\n\tby two\r\nreceived: from three\r\nSUBJECT: folded\r\n over\r\n  lines\r\n\r\nbody"
        let message = try InboundMessage.parse(Array(raw.utf8))
        #expect(message.headers["Subject"] == "folded over  lines")
        #expect(message.headers.all("Received") == ["from one\tby two", "from three"])
        #expect(message.headers.fields.map(\.name) == ["From", "Received", "received", "SUBJECT"])
        #expect(message.subject == "folded over  lines")
        #expect(message.text == "body")
    }

    @Test func parameterValuesInEveryForm() {
        let simple = HeaderParameters(parsing: "Text/Plain; charset=\"UTF-8\"; format=flowed; delsp=yes")
        #expect(simple.value == "text/plain")
        #expect(simple["charset"] == "UTF-8" && simple["format"] == "flowed" && simple["delsp"] == "yes")
        let quoted = HeaderParameters(parsing: #"attachment; filename="a;b \"c\".txt""#)
        #expect(quoted["filename"] == "a;b \"c\".txt")
        let extended = HeaderParameters(parsing: "attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt; filename=fallback.txt")
        #expect(extended["filename"] == "Grüße.txt")
        let continued = HeaderParameters(parsing: "attachment; filename*1=\"rt 2.pdf\"; filename*0=\"Pa\"")
        #expect(continued["filename"] == "Part 2.pdf")
        let outlook = HeaderParameters(parsing: "application/pdf; name=\"=?utf-8?B?UHLDvGZiZXJpY2h0LnBkZg==?=\"")
        #expect(outlook["name"] == "Prüfbericht.pdf")
    }

    @Test func automaticMailSignals() throws {
        func reason(_ headers: String) throws -> String? {
            try InboundMessage.parse(Array("From: a@x.example\r\n\(headers)\r\n\r\nHi".utf8)).automaticReason
        }
        #expect(try reason("Auto-Submitted: auto-generated") == "Auto-Submitted: auto-generated")
        #expect(try reason("Auto-Submitted: no") == nil)
        #expect(try reason("Auto-Submitted: No (a person wrote this)") == nil)
        #expect(try reason("X-Autoreply: yes") == "X-Autoreply: yes")
        #expect(try reason("X-Autorespond: vacation") == "X-Autorespond: vacation")
        #expect(try reason("Precedence: bulk") == "Precedence: bulk")
        #expect(try reason("Precedence: auto_reply") == "Precedence: auto_reply")
        #expect(try reason("Precedence: first-class") == nil)
        #expect(try reason("List-Id: Announcements <announce.lists.example>") == "List-Id: Announcements <announce.lists.example>")
        #expect(try reason("X-Auto-Response-Suppress: All") == nil)
        #expect(try reason("Return-Path: <>") == "Return-Path: <>")
        #expect(try reason("Subject: Automatic reply") == nil)
    }
}
