import Foundation
import PostgresNIO
import StewardCore

/// One entry of a workflow's append-only history.
public struct HistoryEntry: Sendable, Hashable {
    public var seq: Int64
    public var actor: String
    public var event: String
    public var fromState: String?
    public var toState: String
    public var payload: Data
    public var at: Date
}

extension WorkflowEngine {
    /// The workflow's history, oldest first: the entries after `afterSeq`, at most `limit`, without
    /// the events in `hiding` (staff-only notes when a customer asks).
    public func history(
        workflowID: UUID,
        afterSeq: Int64 = 0,
        limit: Int = .max,
        hiding: Set<String> = []
    ) async throws -> [HistoryEntry] {
        let rows = try await client.query(
            """
            SELECT seq, actor, event, from_state, to_state, payload::text, created_at FROM workflow_events
            WHERE workflow_id = \(workflowID) AND seq > \(afterSeq) AND NOT event = ANY(\(Array(hiding)))
            ORDER BY seq LIMIT \(Int64(min(limit, Int(Int64.max))))
            """,
            logger: logger
        )
        var entries: [HistoryEntry] = []
        for try await (seq, actor, event, from, to, payload, at) in rows.decode(
            (Int64, String, String, String?, String, String, Date).self
        ) {
            entries.append(
                HistoryEntry(seq: seq, actor: actor, event: event, fromState: from, toState: to, payload: Data(payload.utf8), at: at)
            )
        }
        if entries.isEmpty, afterSeq == 0 {
            _ = try await workflow(id: workflowID)
        }
        return entries
    }
}
