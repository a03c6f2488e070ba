import Testing

@testable import StewardMail

@Suite struct MailAddressTests {
    @Test(arguments: [
        ("Steward <support@steward.test>", MailAddress(name: "Steward", address: "support@steward.test")),
        ("support@steward.test", MailAddress(address: "support@steward.test")),
        ("<support@steward.test>", MailAddress(address: "support@steward.test")),
        ("\"Last, First\" <first.last@acme.example>", MailAddress(name: "Last, First", address: "first.last@acme.example")),
        ("\"Gina \\\"G\\\" Ortega\" <g@globex.example>", MailAddress(name: "Gina \"G\" Ortega", address: "g@globex.example")),
        ("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@acme.example>", MailAddress(name: "Jürgen Müller", address: "jm@acme.example")),
        ("\"=?utf-8?B?SsO8cmdlbg==?=\" <j@acme.example>", MailAddress(name: "Jürgen", address: "j@acme.example")),
        ("MAILER-DAEMON@mx.example (Mail Delivery System)", MailAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mx.example")),
        ("Last, First <first.last@acme.example>", MailAddress(name: "Last, First", address: "first.last@acme.example")),
        ("  Tom   Becker\r\n <tom@acme.example> ", MailAddress(name: "Tom Becker", address: "tom@acme.example")),
        ("<@relay.example:user@acme.example>", MailAddress(address: "user@acme.example")),
    ])
    func parsesAMailbox(text: String, expected: MailAddress) {
        #expect(MailAddress.parse(text) == expected)
    }

    @Test(arguments: ["", "not an address", "Steward <>", "@example.com", "user@", "Steward support@steward.test"])
    func refusesWhatIsNotAnAddress(text: String) {
        #expect(MailAddress.parse(text) == nil)
    }

    @Test func parsesListsAndGroups() {
        #expect(
            MailAddress.parseList("a@x.example, \"Last, First\" <b@x.example>, Team: c@x.example, D <d@x.example>;, e@x.example") == [
                MailAddress(address: "a@x.example"), MailAddress(name: "Last, First", address: "b@x.example"),
                MailAddress(address: "c@x.example"), MailAddress(name: "D", address: "d@x.example"), MailAddress(address: "e@x.example"),
            ])
        #expect(MailAddress.parseList("undisclosed-recipients:;").isEmpty)
        #expect(
            MailAddress.parseList("a@x.example,, garbage, b@x.example") == [
                MailAddress(address: "a@x.example"), MailAddress(address: "b@x.example"),
            ])
    }

    @Test func headerForm() {
        #expect(MailAddress(address: "a@x.example").description == "a@x.example")
        #expect(MailAddress(name: "Steward Support", address: "a@x.example").description == "Steward Support <a@x.example>")
        #expect(MailAddress(name: "Last, First", address: "a@x.example").description == "\"Last, First\" <a@x.example>")
        #expect(MailAddress(name: "Jörg", address: "a@x.example").description == "=?utf-8?B?SsO2cmc=?= <a@x.example>")
        for address in [
            MailAddress(name: "Jörg \"J\" Schäfer, IT", address: "a@x.example"), MailAddress(name: "a\\b (c)", address: "b@x.example"),
        ] {
            #expect(MailAddress.parse(address.description) == address)
        }
    }

    @Test func comparesAddressesWithoutCase() {
        #expect(MailAddress(address: "Tom.Becker@ACME.example").normalizedAddress == "tom.becker@acme.example")
    }
}
