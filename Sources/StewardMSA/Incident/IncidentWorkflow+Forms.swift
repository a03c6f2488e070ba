import StewardCore

extension IncidentWorkflow {
    /// What people fill in to report an incident and to move it, in the contract's words. The
    /// severities' meanings are the first-response times this policy sets for MSA Enterprise.
    ///
    /// A contact reports in the portal; staff log a phone call or an e-mail for the customer. The
    /// contract supplies the tier and the support calendar, and the daily reports' channel unless
    /// the filing chooses one.
    public var forms: WorkflowForms {
        let severity = FormField.wholeNumber(
            "severity", "Severity", 1...4, meanings: severityMeanings,
            hint: "How badly the problem hurts; it sets the first-response time")
        let fields: [FormField] = [
            .text("summary", "Summary", hint: "What is wrong, in one line"),
            severity,
            .paragraph("description", "Description", hint: "What happened, the error messages, what was tried", required: false),
            .choice(
                "dailyReportVia", "Daily report",
                [.init(DailyReportVia.email.rawValue, "By e-mail"), .init(DailyReportVia.phone.rawValue, "By a phone call")],
                hint: "While a severity 1 incident is open its status is reported every day; left blank, as the contract says",
                required: false),
        ]
        let receivedBy = FormField.choice(
            "channel", "Received by", [.init(Channel.phone.rawValue, "Phone call"), .init(Channel.email.rawValue, "E-mail")])
        let respond = EventForm(
            "respond", "Write to the customer", hint: "The first message to the customer is the first response", for: [.staff],
            fields: [.paragraph("message", "Message", hint: "The customer reads it")])
        let resolve = EventForm(
            "resolve", "Resolve the incident", for: [.staff],
            fields: [.paragraph("summary", "Resolution", hint: "What the customer is told")])
        let requestInfo = EventForm(
            "requestInfo", "Ask the customer for information", hint: "The incident waits for the customer's answer", for: [.staff],
            fields: [.paragraph("message", "Question", hint: "The customer reads it")])
        let changeSeverity = EventForm(
            "changeSeverity", "Change the severity",
            hint: "The first-response time is worked out again from when the incident was received", for: [.staff],
            fields: [
                .wholeNumber("to", "New severity", 1...4, meanings: severityMeanings),
                .text("reason", "Reason", hint: "Why; it is kept in the history"),
            ])
        return WorkflowForms(
            transitions: Self.transitions,
            filing: [
                .customer: FilingForm("Report an incident", fields: fields, fixed: ["channel": .string(Channel.portal.rawValue)]),
                .staff: FilingForm("Log an incident for the customer", fields: [receivedBy] + fields),
            ],
            events: [
                respond,
                requestInfo,
                EventForm(
                    "customerReplied", "Reply", for: [.customer], fields: [.paragraph("message", "Your reply", hint: "Support reads it")]),
                EventForm(
                    "customerReplied", "Record the customer's reply", hint: "An answer the customer gave by phone or e-mail",
                    for: [.staff], fields: [.paragraph("message", "Their reply")]),
                resolve,
                EventForm("confirm", "Confirm the resolution", for: [.customer, .staff]),
                EventForm(
                    "reopen", "Reopen the incident", for: [.customer, .staff],
                    fields: [.paragraph("reason", "Reason", hint: "Why the resolution did not hold")]),
                changeSeverity,
                EventForm(
                    "assign", "Assign", for: [.staff],
                    fields: [.text("to", "Staff member", hint: "Their staff id, e.g. sam")]),
                EventForm(
                    "addInternalNote", "Add an internal note", hint: "Only staff see it; it is not a response", for: [.staff],
                    fields: [.paragraph("text", "Note")]),
                EventForm("acknowledge", "Acknowledge receipt", hint: "Records the acknowledgement; it is not a response", for: [.staff]),
                .cancelRequest,
            ],
            tasks: [
                .task(
                    TaskName.respond, respond.titled("Send the first response", hint: "It stops the first-response clock"),
                    resolve.titled("Resolve at once", hint: "The resolution is the first response")),
                .task(TaskName.resolve, resolve, requestInfo),
                .numberedTasks(
                    TaskName.dailyReportCallPrefix,
                    EventForm(
                        "dailyReportCallDone", "Daily report call made", for: [.staff],
                        fields: [.paragraph("notes", "Notes of the call", hint: "What was said; they join the history")])),
            ]
        )
    }

    /// "Critical: first response within 30 minutes, round the clock", by number.
    private var severityMeanings: [Int: String] {
        var meanings: [Int: String] = [:]
        for severity in Severity.allCases {
            let time = policy.sla.responseTime(for: severity, tier: .enterprise)
            let minutes = Int(time.duration.components.seconds / 60)
            let (count, unit) = minutes.isMultiple(of: 60) ? (minutes / 60, "hour") : (minutes, "minute")
            let within =
                switch time.counting {
                case .roundTheClock: "\(count) \(unit)\(count == 1 ? "" : "s"), round the clock"
                case .businessHours: "\(count) business \(unit)\(count == 1 ? "" : "s")"
                }
            meanings[severity.rawValue] = "\(Self.severityName(severity)): first response within \(within)"
        }
        return meanings
    }

    private static func severityName(_ severity: Severity) -> String {
        switch severity {
        case .critical: "Critical"
        case .high: "High"
        case .medium: "Medium"
        case .low: "Low"
        }
    }
}
