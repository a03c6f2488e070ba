import StewardCore

extension IncidentWorkflow {
    /// Every event of an incident, who may send it and where it leads; ``decide(_:on:context:)``
    /// accepts exactly these in each state, and the tests replay every move through it.
    ///
    /// The breach timer records a breach; so does a severity change whose new target has passed,
    /// and a late first response (or resolution) that beats a lagging breach timer.
    public static let transitions = TransitionTable<State>(
        initial: "new",
        events: [
            .staff("respond", recordsSLABreach: true, .from("new", to: "in_progress"), .stays(in: "in_progress", "waiting_for_customer")),
            .staff("addInternalNote", hiddenFromCustomer: true, .stays(in: "new", "in_progress", "waiting_for_customer", "resolved")),
            .staff("acknowledge", .stays(in: "new", "in_progress", "waiting_for_customer")),
            .staff("assign", .stays(in: "new", "in_progress", "waiting_for_customer", "resolved")),
            .staff("changeSeverity", recordsSLABreach: true, .stays(in: "new", "in_progress", "waiting_for_customer")),
            .staff("requestInfo", .from("in_progress", to: "waiting_for_customer")),
            .customer("customerReplied", .from("waiting_for_customer", to: "in_progress")),
            .staff("resolve", recordsSLABreach: true, .from("new", "in_progress", "waiting_for_customer", to: "resolved")),
            // Resolved: the customer confirms or objects, or the auto-close timer closes it.
            .customer("confirm", .from("resolved", to: "closed")),
            .timer("autoCloseDue", .from("resolved", to: "closed")),
            .customer("reopen", .from("resolved", to: "in_progress")),
            .customer("cancel", .from("new", "in_progress", "waiting_for_customer", "resolved", to: "cancelled")),
            // The first-response clock runs only while the incident is new.
            .timer("slaWarningDue", .stays(in: "new")),
            .timer("slaBreachDue", recordsSLABreach: true, .stays(in: "new")),
            .timer("dailyReportDue", .stays(in: "new", "in_progress", "waiting_for_customer")),
            .staff("dailyReportCallDone", .stays(in: "new", "in_progress", "waiting_for_customer")),
        ],
        terminal: ["closed", "cancelled"]
    )
}
