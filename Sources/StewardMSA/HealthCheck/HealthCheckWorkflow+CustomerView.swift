import StewardCore

extension HealthCheckWorkflow {
    /// What the customer's contact sees of a health check: the proposed and agreed dates, the
    /// findings once delivered, and a cancellation's reason. Not who proposed a date (a staff id),
    /// the calendar and contract fields the server fills in, or the other bookings checked against.
    public static let customerView = CustomerView(
        state: [
            .object("proposal", ["date", "proposedAt"]),
            "date",
            .object("checklist", ["finding", "severity", "recommendation"]),
            "reason",
        ],
        input: ["proposedDate"],
        events: [
            "proposeDate": ["date"],
            "reschedule": ["date"],
            "deliver": [.object("checklist", ["finding", "severity", "recommendation"])],
            "cancel": ["reason"],
        ]
    )
}
