import StewardCore

extension AVDatabaseReleaseWorkflow {
    /// What people fill in to ask for an antivirus database release and to move it, in the
    /// contract's words.
    public var forms: WorkflowForms {
        let filing = FilingForm(
            "Ask for an antivirus database release",
            fields: [
                .choice(
                    "kind", "What happened",
                    [
                        .init(Kind.falsePositive.rawValue, "A clean file is detected (false positive)"),
                        .init(Kind.missedDetection.rawValue, "Malware is not detected (missed detection)"),
                        .init(Kind.other.rawValue, "Something else"),
                    ]),
                .text("sampleReference", "Sample", hint: "Where the virus lab finds the sample: an upload id, a hash or a link"),
                .paragraph("description", "What you saw", hint: "For the virus lab"),
            ]
        )
        return WorkflowForms(
            transitions: Self.transitions,
            filing: [.customer: filing, .staff: filing],
            events: [
                EventForm("confirm", "Confirm the new databases fix it", for: [.customer, .staff]),
                .cancelRequest,
            ],
            tasks: [
                .task(
                    "analyse-sample",
                    EventForm(
                        "approveRelease", "Release needed", hint: "The release group prepares an urgent database release", for: [.staff]),
                    EventForm(
                        "reject", "No release needed", for: [.staff],
                        fields: [.paragraph("reason", "Reason", hint: "Why no release is needed; the customer is told")])),
                .task(
                    "prepare-release",
                    EventForm(
                        "release", "Record the urgent release", hint: "The customer is told at once", for: [.staff],
                        fields: [.text("urgentReleaseID", "Urgent release id")])),
            ]
        )
    }
}
