import StewardCore

extension PrivatePatchWorkflow {
    /// Every event of a private patch request, who may send it and where it leads; `requested` is
    /// the moment of filing, left by `start` at once.
    ///
    /// Until the licence is accepted the customer is asked (and reminded); after it the engineering
    /// group delivers. ``decide(_:on:context:)`` refuses a delivery before the acceptance, or a
    /// second acceptance, with the contract's reason.
    public static let transitions = TransitionTable<State>(
        initial: "requested",
        startsIn: ["rejected", "in_development"],
        events: [
            .staff("submitForQA", .from("in_development", to: "in_qa")),
            .staff("qaPassed", .from("in_qa", to: "awaiting_license_acceptance")),
            .staff("qaFailed", .from("in_qa", to: "in_development")),
            .customer("acceptLicense", .stays(in: "awaiting_license_acceptance", when: { $0.license == nil })),
            .timer("licenseReminderDue", .stays(in: "awaiting_license_acceptance", when: { $0.license == nil })),
            .staff("deliver", .from("awaiting_license_acceptance", to: "delivered", when: { $0.license != nil })),
            .customer("confirm", .from("delivered", to: "closed")),
            .timer("autoCloseDue", .from("delivered", to: "closed")),
            .customer("cancel", .from("in_development", "in_qa", "awaiting_license_acceptance", "delivered", to: "cancelled")),
        ],
        terminal: ["rejected", "closed", "cancelled"]
    )
}

extension PrivatePatchWorkflow.State {
    /// The customer's acceptance of the licence, while the request waits in `awaiting_license_acceptance`.
    fileprivate var license: PrivatePatchWorkflow.LicenseAcceptance? {
        if case .awaitingLicenseAcceptance(_, _, _, let license) = self { license } else { nil }
    }
}
