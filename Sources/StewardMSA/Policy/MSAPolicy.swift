import Foundation
import StewardCore

/// Everything operators set in `workflows/` without a rebuild: SLA targets, incident settings,
/// stuck thresholds, calendars and the product lifecycle. (Staff, groups, the duty rota and
/// customers are the directory, held in the database; see ``Directory``.)
public struct MSAPolicy: Sendable {
    /// Incident settings of `policy.yaml`.
    public struct Incidents: Sendable, Hashable, Decodable {
        /// Business days a resolved incident waits for the customer's confirmation before it closes.
        public var autoCloseAfterBusinessDays: Int
        /// The support calendar of customers whose contract names none.
        public var defaultSupportCalendar: String
        /// How many days back staff may log a call or an e-mail (`receivedAt`); 7 when not set.
        public var receivedWithinDays: Int?
    }

    /// Stuck thresholds of `policy.yaml`, in hours.
    struct StuckHours: Decodable {
        var stateHours: Double
        var unclaimedTaskHours: Double
        var idleTaskHours: Double
        var leaseLosses: Int
        var states: [String: [String: Double]]?
    }

    public var sla: SLAPolicy
    public var incidents: Incidents
    public var stuck: StuckThresholds
    public var calendars: [String: BusinessCalendar]
    public var products: ProductLifecycle

    /// The file names, relative to the policy directory.
    public static let files = (policy: "policy.yaml", calendars: "calendars.yaml", products: "products.yaml")

    /// Reads and checks the three files of `directory`; the first problem stops it, naming file, line and field.
    public static func load(from directory: URL) throws(PolicyError) -> MSAPolicy {
        func read(_ name: String) throws(PolicyError) -> PolicyDocument {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw PolicyError(file: url.path, message: "cannot read the file; it belongs in \(directory.path)")
            }
            return try PolicyDocument(file: url.path, yaml: text)
        }
        return try parse(
            policy: read(files.policy),
            calendars: read(files.calendars),
            products: read(files.products)
        )
    }

    static func parse(
        policy: PolicyDocument,
        calendars calendarFile: PolicyDocument,
        products productFile: PolicyDocument
    ) throws(PolicyError) -> MSAPolicy {
        var calendars: [String: BusinessCalendar] = [BusinessCalendar.roundTheClock.name: .roundTheClock]
        for index in 0..<calendarFile.count(at: [.key("calendars")]) {
            let path: [PolicyDocument.Step] = [.key("calendars"), .index(index)]
            let calendar = try calendarFile.decode(BusinessCalendar.self, at: path)
            guard calendars[calendar.name] == nil else {
                throw calendarFile.failure(
                    at: path + [.key("name")], message: "a second calendar named \(calendar.name); names must be unique")
            }
            calendars[calendar.name] = calendar
        }

        let incidents = try policy.decode(Incidents.self, at: [.key("incidents")])
        if let days = incidents.receivedWithinDays, !(1...366).contains(days) {
            throw policy.failure(at: [.key("incidents"), .key("receivedWithinDays")], message: "must be 1 to 366 days")
        }
        guard incidents.autoCloseAfterBusinessDays >= 1 else {
            throw policy.failure(at: [.key("incidents"), .key("autoCloseAfterBusinessDays")], message: "must be at least 1")
        }
        guard calendars[incidents.defaultSupportCalendar] != nil else {
            throw policy.failure(
                at: [.key("incidents"), .key("defaultSupportCalendar")],
                message: Self.unknownCalendar(incidents.defaultSupportCalendar, known: calendars)
            )
        }
        let stuckHours = try policy.decode(StuckHours.self, at: [.key("stuck")])
        let statesByType = Dictionary(uniqueKeysWithValues: RequestTypes.diagrams.map { ($0.type, Set($0.diagram.states)) })
        for (type, states) in (stuckHours.states ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let known = statesByType[type] else {
                throw policy.failure(
                    at: [.key("stuck"), .key("states"), .key(type)],
                    message: "no request type \(type); use one of \(statesByType.keys.sorted().joined(separator: ", "))"
                )
            }
            for state in states.keys.sorted() where !known.contains(state) {
                throw policy.failure(
                    at: [.key("stuck"), .key("states"), .key(type), .key(state)],
                    message: "\(type) has no state \(state); its states are \(known.sorted().joined(separator: ", "))"
                )
            }
        }
        let stuck = StuckThresholds(
            stateAge: .seconds(stuckHours.stateHours * 3_600),
            stateAgeByState: (stuckHours.states ?? [:]).mapValues { $0.mapValues { .seconds($0 * 3_600) } },
            taskUnclaimed: .seconds(stuckHours.unclaimedTaskHours * 3_600),
            taskIdle: .seconds(stuckHours.idleTaskHours * 3_600),
            leaseLosses: stuckHours.leaseLosses
        )

        return MSAPolicy(
            sla: try policy.decode(SLAPolicy.self, at: [.key("sla")]),
            incidents: incidents,
            stuck: stuck,
            calendars: calendars,
            products: try productFile.decode(ProductLifecycle.self, at: [])
        )
    }

    private static func unknownCalendar(_ name: String, known: [String: BusinessCalendar]) -> String {
        "no calendar named \(name) in calendars.yaml; known: \(known.keys.sorted().joined(separator: ", "))"
    }
}
