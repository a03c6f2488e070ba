import StewardCore

extension AVDatabaseReleaseWorkflow {
    /// What the customer's contact sees of an antivirus database release request: the sample and
    /// description they filed, the virus lab's reason when no release is needed (they are told it),
    /// the urgent release they are to install and a cancellation's reason.
    public static let customerView = CustomerView(
        state: [
            .object("request", ["kind", "sampleReference", "description"]),
            "reason",
            "urgentReleaseID",
        ],
        input: ["kind", "sampleReference", "description"],
        events: [
            "reject": ["reason"],
            "release": ["urgentReleaseID"],
            "cancel": ["reason"],
        ]
    )
}
