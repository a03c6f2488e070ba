import Foundation
import StewardCore

extension WorkflowEngine {
    /// Starts a workflow from a typed input.
    public func start<W: Workflow>(
        _ workflow: W.Type,
        customerID: String,
        input: W.Input,
        idempotencyKey: String? = nil,
        actor: Participant
    ) async throws -> StartResult {
        try await start(
            type: W.type,
            customerID: customerID,
            input: JSONCoding.encoder.encode(input),
            idempotencyKey: idempotencyKey,
            actor: actor
        )
    }

    /// Sends a typed event.
    @discardableResult
    public func send<W: Workflow>(
        _ workflow: W.Type,
        workflowID: UUID,
        event: W.Event,
        expectedVersion: Int64? = nil,
        actor: Participant
    ) async throws -> WorkflowSnapshot {
        try await send(
            workflowID: workflowID,
            event: JSONCoding.encoder.encode(event),
            expectedVersion: expectedVersion,
            actor: actor
        )
    }
}

extension WorkflowSnapshot {
    /// The typed state, for callers that know the workflow's type.
    public func state<W: Workflow>(as workflow: W.Type) throws -> W.State {
        try JSONCoding.decoder.decode(W.State.self, from: state)
    }
}
