import StewardCore

extension PrivatePatchWorkflow {
    /// Every transition by name; `requested` is the moment of filing, left by `start` at once.
    public static let diagram = StateDiagram(
        initial: "requested",
        edges: [
            .init("requested", "start", "rejected"),
            .init("requested", "start", "in_development"),
            .init("in_development", "submitForQA", "in_qa"),
            .init("in_qa", "qaFailed", "in_development"),
            .init("in_qa", "qaPassed", "awaiting_license_acceptance"),
            .init("awaiting_license_acceptance", "licenseReminderDue", "awaiting_license_acceptance"),
            .init("awaiting_license_acceptance", "acceptLicense", "awaiting_license_acceptance"),
            .init("awaiting_license_acceptance", "deliver", "delivered"),
            .init("delivered", "confirm", "closed"),
            .init("delivered", "autoCloseDue", "closed"),
            .init("in_development", "cancel", "cancelled"),
            .init("in_qa", "cancel", "cancelled"),
            .init("awaiting_license_acceptance", "cancel", "cancelled"),
            .init("delivered", "cancel", "cancelled"),
        ],
        terminal: ["rejected", "closed", "cancelled"]
    )
}
