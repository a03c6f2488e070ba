import StewardCore

extension HealthCheckWorkflow {
    /// Every transition by name; `requested` is the moment of filing, left by `start` at once.
    public static let diagram = StateDiagram(
        initial: "requested",
        edges: [
            .init("requested", "start", "scheduling"),
            .init("scheduling", "proposeDate", "scheduling"),
            .init("scheduling", "confirmDate", "scheduled"),
            .init("scheduled", "reschedule", "scheduling"),
            .init("scheduled", "startDue", "in_progress"),
            .init("in_progress", "finishAssessment", "reporting"),
            .init("reporting", "deliver", "delivered"),
            .init("delivered", "confirm", "closed"),
            .init("delivered", "autoCloseDue", "closed"),
            .init("scheduling", "cancel", "cancelled"),
            .init("scheduled", "cancel", "cancelled"),
            .init("in_progress", "cancel", "cancelled"),
            .init("reporting", "cancel", "cancelled"),
            .init("delivered", "cancel", "cancelled"),
        ],
        terminal: ["closed", "cancelled"]
    )
}
