import StewardCore
import StewardMSA
import Testing

/// Who of a customer hears of a notification addressed to its contacts.
@Suite struct AudienceTests {
    static let customer = Directory.Customer(
        id: "acme", name: "Acme", supportCalendar: "berlin-support", timeZone: "Europe/Berlin",
        contractStart: LocalDate("2026-01-01")!,
        contacts: [
            .init(id: "bob", name: "Bob", email: "bob@acme.example"),
            .init(id: "carol", name: "Carol", email: "carol@acme.example", notifications: ["sla-breach": .webhook]),
            .init(id: "dave", name: "Dave", email: "dave@acme.example", notifications: ["sla-breach": .none, "daily-report": .email]),
            .init(id: "erin", name: "Erin", email: "erin@acme.example", active: false),
        ],
        webhooks: [
            .init(
                id: "siem", url: "https://siem.acme.example/hook", secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
                kinds: ["sla-breach"]),
            .init(
                id: "old", url: "https://old.acme.example/hook", secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], kinds: ["sla-breach"],
                active: false),
            .init(
                id: "tickets", url: "https://t.acme.example/hook", secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
                kinds: ["state-changed"]),
        ]
    )

    @Test func eachActiveContactByTheirChannelAndEachEndpointThatTakesTheKindOnce() {
        #expect(
            Self.customer.audience(ofKind: "sla-breach") == [
                NotificationDelivery(recipient: .webhook("siem"), channel: .webhook),
                NotificationDelivery(recipient: .contact("bob"), channel: .email),
            ])
        #expect(
            Self.customer.audience(ofKind: "daily-report") == [
                NotificationDelivery(recipient: .contact("bob"), channel: .email),
                NotificationDelivery(recipient: .contact("carol"), channel: .email),
                NotificationDelivery(recipient: .contact("dave"), channel: .email),
            ])
        #expect(
            Self.customer.audience(ofKind: "state-changed").first == NotificationDelivery(recipient: .webhook("tickets"), channel: .webhook)
        )
    }
}
