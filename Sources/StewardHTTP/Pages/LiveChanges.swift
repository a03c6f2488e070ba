import Foundation
import Logging
import PostgresNIO
import StewardPostgres
import StewardServiceDesk
import Synchronization

/// What a live page hears: the customers whose requests or tasks changed, or that anything may
/// have (the listening connection was lost and is back, so a change may have been missed).
enum LiveChange: Sendable, Hashable {
    case customers(Set<String>)
    case anything

    /// Whether `principal`'s pages may show what changed.
    func concerns(_ principal: Principal) -> Bool {
        guard case .customers(let customers) = self else { return true }
        switch principal.role {
        case .customer: return customers.contains(principal.customerID ?? "")
        case .tam: return !customers.isDisjoint(with: principal.assignedCustomers)
        case .engineer, .dutyManager, .operator: return true
        case .inboundMail: return false
        }
    }

    /// A NOTIFY's payload: customer ids, comma-separated; empty for anything.
    init(payload: String) {
        let customers = Set(payload.split(separator: ",").map(String.init))
        self = customers.isEmpty ? .anything : .customers(customers)
    }
}

/// One LISTEN connection per server, whatever the number of open tabs: each tab's event stream
/// subscribes here. Listening starts with the first subscriber and stops with the last.
final class LiveChanges: Sendable {
    private struct State {
        var subscribers: [UInt64: AsyncStream<LiveChange>.Continuation] = [:]
        var nextID: UInt64 = 0
        var listener: Task<Void, Never>?
        /// Failed attempts to listen since the last success.
        var failures = 0
    }

    private let client: PostgresClient
    private let logger: Logger
    private let state = Mutex(State())

    init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The changes from now on, until `cancel` is called.
    func subscribe() -> (changes: AsyncStream<LiveChange>, cancel: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: LiveChange.self, bufferingPolicy: .bufferingNewest(8))
        let id = state.withLock { state in
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            if state.listener == nil { state.listener = Task { await self.listen() } }
            return state.nextID
        }
        return (stream, { self.unsubscribe(id) })
    }

    private func unsubscribe(_ id: UInt64) {
        let (continuation, listener) = state.withLock { state -> (AsyncStream<LiveChange>.Continuation?, Task<Void, Never>?) in
            let continuation = state.subscribers.removeValue(forKey: id)
            guard state.subscribers.isEmpty, let listener = state.listener else { return (continuation, nil) }
            state.listener = nil
            return (continuation, listener)
        }
        continuation?.finish()
        listener?.cancel()
    }

    private func broadcast(_ change: LiveChange) {
        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.yield(change) }
    }

    private func listen() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: WorkflowEngine.changesChannel) { notifications in
                        // Changes may have been missed while nobody listened (a reconnection).
                        if state.withLock({ state in
                            defer { state.failures = 0 }; return state.failures > 0
                        }) {
                            broadcast(.anything)
                        }
                        for try await notification in notifications { broadcast(LiveChange(payload: notification.payload)) }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                let failures = state.withLock { state in
                    state.failures += 1
                    return state.failures
                }
                logger.notice(
                    "live pages lost their LISTEN connection; retrying", metadata: ["steward.error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(min(30, failures)))
            }
        }
    }
}
