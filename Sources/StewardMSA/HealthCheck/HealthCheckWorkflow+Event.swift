import StewardCore

extension HealthCheckWorkflow {
    /// What moves a health check.
    public enum Event: WorkflowEvent {
        /// The TAM or the customer proposes `date`; `bookedDates` are the customer's other health
        /// checks that are not cancelled, filled in by the shell.
        case proposeDate(date: LocalDate, bookedDates: [LocalDate])
        /// The customer confirms the proposed date.
        case confirmDate
        /// Timer `health-check-start`: the agreed day's working hours begin.
        case startDue
        /// The health-check group finished the assessment (completes `perform-health-check`).
        case finishAssessment
        /// The health-check group delivers the report (completes `write-report`); must not be empty.
        case deliver(checklist: [ChecklistItem])
        /// The customer confirms the report.
        case confirm
        /// Timer `auto-close`: the customer did not confirm in time.
        case autoCloseDue
        /// Moves a scheduled health check to `date`, under the same rules as a proposal.
        case reschedule(date: LocalDate, bookedDates: [LocalDate])
        case cancel(reason: String)

        public var name: String {
            switch self {
            case .proposeDate: "proposeDate"
            case .confirmDate: "confirmDate"
            case .startDue: "startDue"
            case .finishAssessment: "finishAssessment"
            case .deliver: "deliver"
            case .confirm: "confirm"
            case .autoCloseDue: "autoCloseDue"
            case .reschedule: "reschedule"
            case .cancel: "cancel"
            }
        }
    }
}
