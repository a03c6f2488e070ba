import Foundation
import StewardCore

/// What a customer's contract fixes about the requests they file: tier, support calendar,
/// contract year and how they want daily reports. Callers never choose these; filing fills them in.
public struct ContractTerms: Sendable, Hashable {
    /// Who files: a customer's contact, or staff logging a phone or e-mail request for them.
    public enum Filer: Sendable, Hashable {
        case customer
        case staff
        /// A contact's e-mail handed in by the mail gateway, which says when the message arrived.
        case mailGateway
    }

    public var customerID: String
    public var tier: SupportTier
    /// The name of the customer's support calendar in `calendars.yaml`.
    public var supportCalendar: String
    public var contractStart: LocalDate
    /// The contract's last day; none while it runs on.
    public var contractEnd: LocalDate?
    public var dailyReportVia: IncidentWorkflow.DailyReportVia
    /// The customer's own zone: their days (the contract's last one included) are cut in it.
    public var timeZone: TimeZone

    public init(
        customerID: String,
        tier: SupportTier,
        supportCalendar: String,
        contractStart: LocalDate,
        contractEnd: LocalDate? = nil,
        dailyReportVia: IncidentWorkflow.DailyReportVia,
        timeZone: TimeZone = .gmt
    ) {
        self.customerID = customerID
        self.tier = tier
        self.supportCalendar = supportCalendar
        self.contractStart = contractStart
        self.contractEnd = contractEnd
        self.dailyReportVia = dailyReportVia
        self.timeZone = timeZone
    }

    /// Whether the contract still runs at `instant` in the customer's zone (its last day included).
    public func isInForce(at instant: Date) -> Bool {
        guard let contractEnd else { return true }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        guard let today = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!) else { return true }
        return today <= contractEnd
    }

    /// The input of a request of `type` from a caller's JSON object: the contract's fields filled
    /// in, defaults applied. Refuses a body that sets a field the contract or the server owns.
    public func input(
        for type: String,
        body: Data,
        filedBy filer: Filer,
        now: Date,
        calendars: [String: BusinessCalendar]
    ) throws(TransitionError) -> Data {
        guard let parsed = try? JSONSerialization.jsonObject(with: body), var fields = parsed as? [String: Any] else {
            throw TransitionError(
                code: .undecodable,
                workflowType: type,
                reason: "the request body must be a JSON object with the \(type)'s fields"
            )
        }
        let calendar = calendars[supportCalendar] ?? .roundTheClock
        var owned: [String: Any] = [:]
        var callerMay: Set<String> = []
        switch type {
        case IncidentWorkflow.type:
            owned = ["tier": tier.rawValue, "supportCalendar": supportCalendar]
            fields["channel"] = fields["channel"] ?? IncidentWorkflow.Channel.api.rawValue
            fields["dailyReportVia"] = fields["dailyReportVia"] ?? dailyReportVia.rawValue
            // Staff log a call or an e-mail after the fact, the mail gateway says when a message
            // arrived; a contact files now.
            if filer == .customer { owned["receivedAt"] = NSNull() }
            try checkReceipt(fields["receivedAt"], type: type)
        case HealthCheckWorkflow.type:
            owned = ["calendar": supportCalendar, "contractStart": contractStart.description, "bookedDates": [String]()]
        case PrivatePatchWorkflow.type:
            owned = ["requestedOn": calendar.localDate(of: now).description]
            callerMay = filer == .staff ? ["requestedOn"] : []
        default:
            break
        }
        for key in owned.keys.sorted() where fields[key] != nil && !callerMay.contains(key) {
            throw TransitionError(
                code: .undecodable,
                workflowType: type,
                reason: "field '\(key)' comes from \(customerID)'s contract or the server, not from the caller; leave it out",
                field: key
            )
        }
        for (key, value) in owned where !(value is NSNull) && fields[key] == nil {
            fields[key] = value
        }
        do {
            return try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        } catch {
            throw TransitionError(code: .undecodable, workflowType: type, reason: "the request body could not be re-encoded: \(error)")
        }
    }

    /// Refuses a `receivedAt` before the contract's first day in the customer's zone: nothing was
    /// covered then.
    private func checkReceipt(_ value: Any?, type: String) throws(TransitionError) {
        guard let text = value as? String,
            let receivedAt = try? JSONCoding.decoder.decode(Date.self, from: Data("\"\(text)\"".utf8)),
            LocalDate(of: receivedAt, in: timeZone) < contractStart
        else { return }
        throw TransitionError(
            code: .ruleViolated,
            workflowType: type,
            reason: "receivedAt \(text) is before \(customerID)'s contract starts on \(contractStart); "
                + "give when the customer called or wrote",
            field: "receivedAt"
        )
    }
}
