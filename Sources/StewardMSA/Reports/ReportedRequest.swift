import Foundation
import StewardCore

/// A request as reports read it: its row and its whole history, oldest first.
public struct ReportedRequest: Sendable, Hashable {
    /// One entry of the append-only history.
    public struct Event: Sendable, Hashable {
        public var actor: String
        /// The event's name: `start`, `respond`, `changeSeverity`, …
        public var event: String
        /// The state before; nil for `start`.
        public var fromState: String?
        public var toState: String
        /// The input (for `start`) or the event, as stored.
        public var payload: Data
        public var at: Date

        public init(actor: String, event: String, fromState: String?, toState: String, payload: Data, at: Date) {
            self.actor = actor
            self.event = event
            self.fromState = fromState
            self.toState = toState
            self.payload = payload
            self.at = at
        }
    }

    public var id: UUID
    public var reference: String
    public var type: String
    public var filedAt: Date
    public var stateName: String
    public var isTerminal: Bool
    /// The stored state JSON.
    public var state: Data
    public var history: [Event]

    public init(
        id: UUID, reference: String, type: String, filedAt: Date, stateName: String, isTerminal: Bool, state: Data, history: [Event]
    ) {
        self.id = id
        self.reference = reference
        self.type = type
        self.filedAt = filedAt
        self.stateName = stateName
        self.isTerminal = isTerminal
        self.state = state
        self.history = history
    }

    /// The first instant the request entered `state`, from its history.
    func firstEntered(_ state: String) -> Date? {
        history.first { $0.toState == state && $0.fromState != state }?.at
    }
}
