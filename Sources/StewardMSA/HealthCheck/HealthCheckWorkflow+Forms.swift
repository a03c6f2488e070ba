import Foundation
import StewardCore

extension HealthCheckWorkflow {
    /// What people fill in to request the yearly health check and to move it, in the contract's
    /// words. The contract supplies the calendar and the contract's start; the bookings that the
    /// quota is checked against come from the database.
    ///
    /// Either side proposes a date; the customer confirms it.
    public var forms: WorkflowForms {
        let dateRule =
            "A business day at least \(Self.minimumNoticeDays) days ahead; the contract includes one health check per contract year"
        let filing = FilingForm(
            "Request the yearly health check",
            fields: [.date("proposedDate", "Date", hint: dateRule + "; left blank, a date is agreed later", required: false)]
        )
        let severities = ChecklistItem.Severity.allCases.map { FormField.Option($0.rawValue, $0.rawValue.capitalized) }
        return WorkflowForms(
            transitions: Self.transitions,
            filing: [.customer: filing, .staff: filing],
            events: [
                EventForm("proposeDate", "Propose a date", for: [.customer, .staff], fields: [.date("date", "Date", hint: dateRule)]),
                EventForm("confirmDate", "Confirm the date", hint: "The health check is then scheduled for it", for: [.customer]),
                EventForm(
                    "reschedule", "Move to another date", for: [.customer, .staff], fields: [.date("date", "New date", hint: dateRule)]),
                EventForm("confirm", "Confirm the report", for: [.customer, .staff]),
                .cancelRequest,
            ],
            tasks: [
                .task(
                    "perform-health-check",
                    EventForm("finishAssessment", "Assessment finished", hint: "The report is written next", for: [.staff])),
                .task(
                    "write-report",
                    EventForm(
                        "deliver", "Deliver the report", hint: "The customer is sent the checklist", for: [.staff],
                        fields: [
                            .rows(
                                "checklist", "Findings",
                                [
                                    .text("finding", "Finding", hint: "What was found"),
                                    .choice("severity", "Severity", severities),
                                    .paragraph("recommendation", "Recommendation", hint: "What the customer should do about it"),
                                ],
                                blankRows: 5)
                        ])),
            ]
        )
    }
}
