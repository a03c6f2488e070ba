import Foundation

extension RecordedTransition {
    /// A transition given as the values the store writes, for code that plans writes without a
    /// request type at hand (a store's tests).
    public init(event: String, stateName: String, state: Data, isTerminal: Bool, mover: Mover, effects: [RecordedEffect]) {
        self.event = event
        self.stateName = stateName
        self.state = state
        self.isTerminal = isTerminal
        self.mover = mover
        self.effects = effects
    }
}
