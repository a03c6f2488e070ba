import StewardCore

extension IncidentWorkflow {
    /// Every transition by name. ``decide(_:on:context:)`` accepts exactly these events in each
    /// state (anything else is a `TransitionError.invalid` listing them), and the tests replay every
    /// edge through it.
    public static let diagram = StateDiagram(
        initial: "new",
        edges: [
            // Filed: the first-response clock runs.
            .init("new", "respond", "in_progress"),
            .init("new", "addInternalNote", "new"),
            .init("new", "acknowledge", "new"),
            .init("new", "assign", "new"),
            .init("new", "changeSeverity", "new"),
            .init("new", "resolve", "resolved"),
            .init("new", "cancel", "cancelled"),
            .init("new", "slaWarningDue", "new"),
            .init("new", "slaBreachDue", "new"),
            .init("new", "dailyReportDue", "new"),
            .init("new", "dailyReportCallDone", "new"),
            // Answered: support works it.
            .init("in_progress", "respond", "in_progress"),
            .init("in_progress", "addInternalNote", "in_progress"),
            .init("in_progress", "acknowledge", "in_progress"),
            .init("in_progress", "assign", "in_progress"),
            .init("in_progress", "changeSeverity", "in_progress"),
            .init("in_progress", "requestInfo", "waiting_for_customer"),
            .init("in_progress", "resolve", "resolved"),
            .init("in_progress", "cancel", "cancelled"),
            .init("in_progress", "dailyReportDue", "in_progress"),
            .init("in_progress", "dailyReportCallDone", "in_progress"),
            // Waiting for the customer.
            .init("waiting_for_customer", "respond", "waiting_for_customer"),
            .init("waiting_for_customer", "addInternalNote", "waiting_for_customer"),
            .init("waiting_for_customer", "acknowledge", "waiting_for_customer"),
            .init("waiting_for_customer", "assign", "waiting_for_customer"),
            .init("waiting_for_customer", "changeSeverity", "waiting_for_customer"),
            .init("waiting_for_customer", "customerReplied", "in_progress"),
            .init("waiting_for_customer", "resolve", "resolved"),
            .init("waiting_for_customer", "cancel", "cancelled"),
            .init("waiting_for_customer", "dailyReportDue", "waiting_for_customer"),
            .init("waiting_for_customer", "dailyReportCallDone", "waiting_for_customer"),
            // Resolved: the customer confirms, objects, or the auto-close timer closes it.
            .init("resolved", "addInternalNote", "resolved"),
            .init("resolved", "assign", "resolved"),
            .init("resolved", "confirm", "closed"),
            .init("resolved", "autoCloseDue", "closed"),
            .init("resolved", "reopen", "in_progress"),
            .init("resolved", "cancel", "cancelled"),
        ],
        terminal: ["closed", "cancelled"]
    )

    /// The events ``diagram`` allows in each state, in diagram order.
    static let allowedEvents: [String: [String]] = {
        var allowed: [String: [String]] = [:]
        for edge in diagram.edges where !(allowed[edge.from] ?? []).contains(edge.event) {
            allowed[edge.from, default: []].append(edge.event)
        }
        return allowed
    }()
}
