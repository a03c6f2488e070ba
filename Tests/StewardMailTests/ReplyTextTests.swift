import StewardMail
import Testing

@Suite struct ReplyTextTests {
    @Test(arguments: [
        // Gmail, Thunderbird, Apple Mail attributions before quoted lines.
        (
            "Thanks, fixed.\n\nOn Tue, 1 Dec 2026 at 10:02, Steward <support@steward.test> wrote:\n> Please restart.\n> Bye",
            "Thanks, fixed."
        ),
        ("Thanks, fixed.\n\nOn 01.12.26 10:02, Steward Support wrote:\n>\n> Please restart.\n", "Thanks, fixed."),
        ("Thanks.\n\nOn 1 Dec 2026, at 10:02, Steward <support@steward.test> wrote:\n\n> Please restart.", "Thanks."),
        ("Thanks.\n\nOn Tue, 1 Dec 2026 at 10:02, Steward Support <support@steward.test>\nwrote:\n\n> Please restart.", "Thanks."),
        ("Danke!\n\nAm 01.12.2026 um 10:02 schrieb Steward <support@steward.test>:\n> Bitte neu starten.", "Danke!"),
        // Bottom-posting: the answer below the quote is kept.
        ("On Tue, 1 Dec 2026, Steward wrote:\n> Did the restart help?\n\nYes, it did.", "Yes, it did."),
        // Interleaved answers.
        ("> Which version?\n14.2\n> Which OS?\nWindows Server 2022", "14.2\nWindows Server 2022"),
        // An attribution with no quoted lines after it: the history follows unquoted.
        ("Done.\n\nOn Tue, 1 Dec 2026, Steward wrote:\nPlease restart the agent.", "Done."),
        // Outlook.
        ("Works now.\n\n-----Original Message-----\nFrom: Steward\nSent: Monday\nPlease restart.", "Works now."),
        ("Geht wieder.\n\n-----Ursprüngliche Nachricht-----\nVon: Steward\nPlease restart.", "Geht wieder."),
        (
            "Works now.\n\n________________________________\nFrom: Steward Support <support@steward.test>\nSent: Monday, November 30, 2026 4:12 PM\nTo: Jürgen\nSubject: [INC-1]\n\nPlease restart.",
            "Works now."
        ),
        (
            "Works now.\n\nFrom: Steward Support <support@steward.test>\nSent: Monday, November 30, 2026 4:12 PM\nTo: Jürgen\nSubject: [INC-1]\n\nOld",
            "Works now."
        ),
        ("Von: Steward\nGesendet: Montag\nAn: Jürgen\nBetreff: x\n\nalt", ""),
        // Signatures.
        ("See the log.\n\n-- \nKatrin Brandt\nIT-Betrieb", "See the log."),
        ("See the log.\n--\nKatrin", "See the log."),
        // No marker: the text as it is, trailing blank lines trimmed.
        ("From: the logs I see an error.\nThe scan stopped at 3:00.\n\n\n", "From: the logs I see an error.\nThe scan stopped at 3:00."),
        ("Line one\r\nLine two\r\n", "Line one\nLine two"),
        ("---- a horizontal rule ----\nkept", "---- a horizontal rule ----\nkept"),
        ("", ""),
    ])
    func newContent(text: String, expected: String) {
        #expect(ReplyText.newContent(of: text) == expected)
    }
}
