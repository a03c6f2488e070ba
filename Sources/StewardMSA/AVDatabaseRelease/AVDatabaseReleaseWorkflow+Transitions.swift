import StewardCore

extension AVDatabaseReleaseWorkflow {
    /// Every event of an antivirus database release request, who may send it and where it leads;
    /// `requested` is the moment of filing, left by `start` at once.
    public static let transitions = TransitionTable<State>(
        initial: "requested",
        startsIn: ["analysis"],
        events: [
            .staff("approveRelease", .from("analysis", to: "release_preparation")),
            .staff("reject", .from("analysis", to: "rejected")),
            .staff("release", .from("release_preparation", to: "released")),
            // Due the moment the release ships: the system, not a person, tells the customer.
            .timer("publish", .from("released", to: "awaiting_confirmation")),
            .customer("confirm", .from("awaiting_confirmation", to: "closed")),
            .timer("autoCloseDue", .from("awaiting_confirmation", to: "closed")),
            .customer("cancel", .from("analysis", "release_preparation", "released", "awaiting_confirmation", to: "cancelled")),
        ],
        terminal: ["rejected", "closed", "cancelled"]
    )
}
