import StewardCore

extension IncidentWorkflow {
    /// What the customer's contact sees of an incident: what they filed and under which contract
    /// terms, its severity, the first-response target and when it was met, and the messages staff
    /// wrote for them. Not the assignee, internal notes, pending SLA warnings, the daily-report
    /// calls' notes or the severity change's reason.
    public static let customerView = CustomerView(
        state: [
            .object(
                "incident",
                [
                    "summary", "channel", "tier", "supportCalendar", "dailyReportVia", "severity", "acknowledgedAt", "reopenCount",
                    .object(
                        "clock",
                        [.object("target", ["receivedAt", "severity", "dueAt"]), .object("firstResponse", ["at"]), "breachedAt"]
                    ),
                    .object("dailyReports", ["nextAt"]),
                ]
            ),
            .object("resolution", ["at", "summary", "autoCloseAt"]),
            .object("closure", ["at", "reason"]),
            .object("cancellation", ["at", "reason"]),
        ],
        input: ["summary", "description", "severity", "channel", "tier", "supportCalendar", "dailyReportVia", "receivedAt"],
        events: [
            "respond": ["message"],
            "requestInfo": ["message"],
            "customerReplied": ["message"],
            "resolve": ["summary"],
            "reopen": ["reason"],
            "changeSeverity": ["to"],
            "cancel": ["reason"],
        ]
    )
}
