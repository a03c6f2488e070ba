import StewardCore

extension HealthCheckWorkflow {
    /// Every event of a health check, who may send it and where it leads; `requested` is the moment
    /// of filing, left by `start` at once.
    ///
    /// The customer agrees the date with the health-check team: either side may propose one.
    public static let transitions = TransitionTable<State>(
        initial: "requested",
        startsIn: ["scheduling"],
        events: [
            .customer("proposeDate", .stays(in: "scheduling")),
            .customer("confirmDate", .from("scheduling", to: "scheduled")),
            .customer("reschedule", .from("scheduled", to: "scheduling")),
            .timer("startDue", .from("scheduled", to: "in_progress")),
            .staff("finishAssessment", .from("in_progress", to: "reporting")),
            .staff("deliver", .from("reporting", to: "delivered")),
            .customer("confirm", .from("delivered", to: "closed")),
            .timer("autoCloseDue", .from("delivered", to: "closed")),
            .customer("cancel", .from("scheduling", "scheduled", "in_progress", "reporting", "delivered", to: "cancelled")),
        ],
        terminal: ["closed", "cancelled"]
    )
}
