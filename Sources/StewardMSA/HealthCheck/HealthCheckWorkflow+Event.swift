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

        private enum Name: String, CodingKey, CaseIterable {
            case proposeDate, confirmDate, startDue, finishAssessment, deliver, confirm, autoCloseDue, reschedule, cancel
        }

        private enum Field: String, CodingKey {
            case date, bookedDates, checklist, reason
        }

        /// Decodes the encoded form, e.g. `{"proposeDate": {"date": "2026-12-15"}}`; `bookedDates` may
        /// be left out, since the shell fills it in from the database anyway.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Name.self)
            guard container.allKeys.count == 1, let name = container.allKeys.first else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: container.codingPath,
                        debugDescription: "an event is an object with one key naming it: "
                            + Name.allCases.map(\.rawValue).joined(separator: ", ")
                    )
                )
            }
            let fields = { try container.nestedContainer(keyedBy: Field.self, forKey: name) }
            switch name {
            case .proposeDate, .reschedule:
                let date = try fields().decode(LocalDate.self, forKey: .date)
                let booked = try fields().decodeIfPresent([LocalDate].self, forKey: .bookedDates) ?? []
                self = name == .proposeDate ? .proposeDate(date: date, bookedDates: booked) : .reschedule(date: date, bookedDates: booked)
            case .deliver: self = .deliver(checklist: try fields().decode([ChecklistItem].self, forKey: .checklist))
            case .cancel: self = .cancel(reason: try fields().decode(String.self, forKey: .reason))
            case .confirmDate: self = .confirmDate
            case .startDue: self = .startDue
            case .finishAssessment: self = .finishAssessment
            case .confirm: self = .confirm
            case .autoCloseDue: self = .autoCloseDue
            }
        }
    }
}
