import Foundation
import StewardCore

/// A calendar quarter such as `2026-Q4`, cut in a customer's time zone.
public struct Quarter: Sendable, Hashable, LosslessStringConvertible {
    public let year: Int
    /// 1 to 4.
    public let number: Int

    public init?(year: Int, number: Int) {
        guard (1...4).contains(number), (1970...9999).contains(year) else { return nil }
        self.year = year
        self.number = number
    }

    /// Reads `2026-Q4` (or `2026-q4`): four digits, a dash, Q and one digit from 1 to 4.
    public init?(_ description: String) {
        let characters = Array(description.uppercased())
        guard characters.count == 7, characters[4] == "-", characters[5] == "Q",
            characters[0..<4].allSatisfy(\.isASCII) && characters[0..<4].allSatisfy(\.isNumber),
            let year = Int(String(characters[0..<4])), let number = Int(String(characters[6]))
        else { return nil }
        self.init(year: year, number: number)
    }

    public var description: String { "\(year)-Q\(number)" }

    /// The quarter `instant` falls in, in `timeZone`.
    public static func containing(_ instant: Date, in timeZone: TimeZone) -> Quarter {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: instant)
        return Quarter(year: parts.year!, number: (parts.month! - 1) / 3 + 1)!
    }

    /// From the first day's midnight to the next quarter's, in `timeZone`.
    public func interval(in timeZone: TimeZone) -> DateInterval {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = calendar.date(from: DateComponents(year: year, month: (number - 1) * 3 + 1, day: 1))!
        let end = calendar.date(byAdding: .month, value: 3, to: start)!
        return DateInterval(start: start, end: end)
    }
}

/// A customer's figures for one quarter, what the TAM's quarterly report is made of.
public struct QuarterlyReport: Sendable, Hashable, Codable {
    /// A request filed in the quarter, as the report reads it.
    public struct FiledRequest: Sendable, Hashable {
        public var type: String
        public var isTerminal: Bool
        /// The stored state JSON.
        public var state: Data

        public init(type: String, isTerminal: Bool, state: Data) {
            self.type = type
            self.isTerminal = isTerminal
            self.state = state
        }
    }

    /// First responses of the incidents filed in the quarter.
    public struct FirstResponses: Sendable, Hashable, Codable {
        public var met = 0
        public var breached = 0
        /// Open, not answered yet and not yet past due.
        public var awaiting = 0
        /// The share of answered-or-due incidents answered in time, in percent; nil when none.
        public var metPercent: Double?
        /// The median counted time (business time for business-hours targets) to the first response.
        public var medianMinutes: Int?
    }

    private enum CodingKeys: String, CodingKey {
        case customerID = "customer"
        case quarter, timeZone, from, to, filed, stillOpen, incidentsBySeverity, firstResponses
    }

    public var customerID: String
    public var quarter: String
    public var timeZone: String
    public var from: Date
    public var to: Date
    /// Requests filed in the quarter by type.
    public var filed: [String: Int]
    /// Of those, the ones still open.
    public var stillOpen: Int
    /// Incidents filed in the quarter by severity (1 to 4).
    public var incidentsBySeverity: [String: Int]
    public var firstResponses: FirstResponses

    /// The figures of `requests` (those filed in `quarter`); `incidentSLA` tells where an
    /// incident's state stands now.
    public init(
        customerID: String,
        quarter: Quarter,
        timeZone: TimeZone,
        requests: [FiledRequest],
        incidentSLA: (Data) -> SLAStatus?
    ) {
        let interval = quarter.interval(in: timeZone)
        self.customerID = customerID
        self.quarter = quarter.description
        self.timeZone = timeZone.identifier
        from = interval.start
        to = interval.end
        filed = Dictionary(grouping: requests, by: \.type).mapValues(\.count)
        stillOpen = requests.filter { !$0.isTerminal }.count
        var bySeverity: [String: Int] = [:]
        var responses = FirstResponses()
        var minutes: [Int] = []
        for request in requests where request.type == IncidentWorkflow.type {
            guard let state = try? JSONCoding.decoder.decode(IncidentWorkflow.State.self, from: request.state) else { continue }
            let clock = state.incident.clock
            bySeverity[String(clock.severity.rawValue), default: 0] += 1
            if let response = clock.firstResponse {
                minutes.append(Int(response.businessTime.components.seconds / 60))
            }
            switch incidentSLA(request.state)?.standing {
            case .met: responses.met += 1
            case .breached: responses.breached += 1
            // A request withdrawn before its due instant is judged neither way.
            case .running: if !request.isTerminal { responses.awaiting += 1 }
            case nil: break
            }
        }
        let judged = responses.met + responses.breached
        responses.metPercent = judged == 0 ? nil : (Double(responses.met) * 1000 / Double(judged)).rounded() / 10
        minutes.sort()
        responses.medianMinutes = minutes.isEmpty ? nil : minutes[(minutes.count - 1) / 2]
        incidentsBySeverity = bySeverity
        firstResponses = responses
    }
}
