import StewardCore

extension AVDatabaseReleaseWorkflow {
    /// Every transition by name; `requested` is the moment of filing, left by `start` at once.
    public static let diagram = StateDiagram(
        initial: "requested",
        edges: [
            .init("requested", "start", "analysis"),
            .init("analysis", "reject", "rejected"),
            .init("analysis", "approveRelease", "release_preparation"),
            .init("release_preparation", "release", "released"),
            .init("released", "publish", "awaiting_confirmation"),
            .init("awaiting_confirmation", "confirm", "closed"),
            .init("awaiting_confirmation", "autoCloseDue", "closed"),
            .init("analysis", "cancel", "cancelled"),
            .init("release_preparation", "cancel", "cancelled"),
            .init("released", "cancel", "cancelled"),
            .init("awaiting_confirmation", "cancel", "cancelled"),
        ],
        terminal: ["rejected", "closed", "cancelled"]
    )
}
