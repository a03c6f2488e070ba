import StewardCore

extension PrivatePatchWorkflow {
    /// What the customer's contact sees of a private patch request: the product, version and
    /// description they filed, its dates, why it was rejected or cancelled, when the licence was
    /// accepted and the delivered download. Not the build names, QA rounds and notes, who accepted
    /// the licence (staff may on a contact's behalf) or the reminders count.
    public static let customerView = CustomerView(
        state: [
            .object("request", ["product", "version", "description", "requestedOn", "endOfSupport"]),
            "product", "version", "reason",
            .object("license", ["acceptedAt"]),
            "artifact",
        ],
        input: ["product", "version", "description", "requestedOn"],
        events: [
            "deliver": ["artifact"],
            "cancel": ["reason"],
        ]
    )
}
