import StewardCore

extension HealthCheckWorkflow {
    /// What starts a health check: the customer's calendar and contract, and what is already booked.
    public struct Input: Codable, Sendable, Hashable {
        /// The customer's business calendar by name; it decides "today", business days and the start hour.
        public var calendar: String
        /// The contract's start date: contract years run from it, one health check each.
        public var contractStart: LocalDate
        /// The dates of the customer's other health checks that are not cancelled, filled in by the
        /// shell from the database; used to check `proposedDate`'s quota. May be omitted when empty.
        public var bookedDates: [LocalDate]
        /// A date agreed when filing, checked like a `proposeDate`; without one a date is proposed later.
        public var proposedDate: LocalDate?

        public init(calendar: String, contractStart: LocalDate, bookedDates: [LocalDate] = [], proposedDate: LocalDate? = nil) {
            self.calendar = calendar
            self.contractStart = contractStart
            self.bookedDates = bookedDates
            self.proposedDate = proposedDate
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            calendar = try container.decode(String.self, forKey: .calendar)
            contractStart = try container.decode(LocalDate.self, forKey: .contractStart)
            bookedDates = try container.decodeIfPresent([LocalDate].self, forKey: .bookedDates) ?? []
            proposedDate = try container.decodeIfPresent(LocalDate.self, forKey: .proposedDate)
        }
    }
}
