import Foundation
import Logging
import PostgresNIO
import StewardCore

/// Finds stuck workflows, jobs and tasks (DESIGN.md section 4), each with its reason and repair.
public struct StuckReport: Sendable {
    public let client: PostgresClient
    public let thresholds: StuckThresholds
    let logger: Logger

    public init(client: PostgresClient, thresholds: StuckThresholds = StuckThresholds(), logger: Logger) {
        self.client = client
        self.thresholds = thresholds
        self.logger = logger
    }

    /// Everything stuck at `now`, oldest first.
    public func items(at now: Date) async throws -> [StuckItem] {
        var items: [StuckItem] = []
        items += try await deadJobs()
        items += try await jobsLosingLeases()
        items += try await statesTooOld(at: now)
        items += try await idleTasks(at: now)
        items += try await workflowsNothingMoves()
        return items.sorted { ($0.since, $0.kind.rawValue) < ($1.since, $1.kind.rawValue) }
    }

    private func deadJobs() async throws -> [StuckItem] {
        let rows = try await client.query(
            """
            SELECT j.job_id, j.kind, j.name, j.customer_id, j.workflow_id, w.type, w.state_name, j.attempts,
                   coalesce(j.last_error, ''), j.run_at
            FROM jobs j LEFT JOIN workflows w ON w.workflow_id = j.workflow_id
            WHERE j.status = \(unescaped: JobStatus.dead.literal)
            """,
            logger: logger
        )
        var items: [StuckItem] = []
        for try await (jobID, kind, name, customerID, workflowID, type, state, attempts, error, since) in rows.decode(
            (Int64, String, String, String, UUID?, String?, String?, Int, String, Date).self
        ) {
            let what =
                switch JobKind(rawValue: kind) {
                case .timer: "timer '\(name)'"
                case .report: "report schedule '\(name)'"
                case .notification, nil: "notification \(name)"
                }
            items.append(
                StuckItem(
                    kind: .deadJob,
                    customerID: customerID,
                    workflowID: workflowID,
                    workflowType: type,
                    state: state,
                    jobID: jobID,
                    since: since,
                    reason: "\(what) is dead after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(error)",
                    repair: "fix the cause, then `steward retry \(jobID)`"
                )
            )
        }
        return items
    }

    private func jobsLosingLeases() async throws -> [StuckItem] {
        let rows = try await client.query(
            """
            SELECT j.job_id, j.kind, j.name, j.customer_id, j.workflow_id, w.type, w.state_name, j.lease_losses, j.created_at
            FROM jobs j LEFT JOIN workflows w ON w.workflow_id = j.workflow_id
            WHERE j.status <> \(unescaped: JobStatus.dead.literal) AND j.lease_losses >= \(thresholds.leaseLosses)
            """,
            logger: logger
        )
        var items: [StuckItem] = []
        for try await (jobID, kind, name, customerID, workflowID, type, state, losses, since) in rows.decode(
            (Int64, String, String, String, UUID?, String?, String?, Int, Date).self
        ) {
            items.append(
                StuckItem(
                    kind: .leaseLosses,
                    customerID: customerID,
                    workflowID: workflowID,
                    workflowType: type,
                    state: state,
                    jobID: jobID,
                    since: since,
                    reason: "\(kind) job '\(name)' lost its lease \(losses) times: the workers running it died or stalled",
                    repair: "read the workers' logs for job \(jobID); if it is slow rather than failing, raise the worker's --lease"
                )
            )
        }
        return items
    }

    private func statesTooOld(at now: Date) async throws -> [StuckItem] {
        let shortest = ([thresholds.stateAge] + thresholds.stateAgeByState.values.flatMap(\.values)).min() ?? thresholds.stateAge
        let rows = try await client.query(
            """
            SELECT workflow_id, customer_id, type, state_name, mover, state_entered_at FROM workflows
            WHERE NOT is_terminal AND state_entered_at <= \(now.addingTimeInterval(-shortest.timeInterval))
            """,
            logger: logger
        )
        var items: [StuckItem] = []
        for try await (workflowID, customerID, type, state, mover, since) in rows.decode(
            (UUID, String, String, String, String, Date).self
        ) {
            let threshold = thresholds.stateAge(type: type, state: state)
            let age = now.timeIntervalSince(since)
            guard age >= threshold.timeInterval else { continue }
            let waitingOn = Mover(mover) ?? .system
            items.append(
                StuckItem(
                    kind: .stateTooOld,
                    customerID: customerID,
                    workflowID: workflowID,
                    workflowType: type,
                    state: state,
                    since: since,
                    reason:
                        "\(type) has been '\(state)' for \(Self.hours(age)), past its \(Self.hours(threshold.timeInterval)) threshold; waiting on \(waitingOn)",
                    repair: Self.repair(waitingOn: waitingOn, workflowID: workflowID)
                )
            )
        }
        return items
    }

    private func idleTasks(at now: Date) async throws -> [StuckItem] {
        let rows = try await client.query(
            """
            SELECT t.task_id, t.workflow_id, t.customer_id, w.type, w.state_name, t.name, t.group_name, t.status,
                   t.claimed_by, CASE WHEN t.status = 'open' THEN t.created_at ELSE t.last_activity_at END
            FROM tasks t JOIN workflows w ON w.workflow_id = t.workflow_id
            WHERE (t.status = 'open' AND t.created_at <= \(now.addingTimeInterval(-thresholds.taskUnclaimed.timeInterval)))
               OR (t.status = 'claimed' AND t.last_activity_at <= \(now.addingTimeInterval(-thresholds.taskIdle.timeInterval)))
            """,
            logger: logger
        )
        var items: [StuckItem] = []
        for try await (taskID, workflowID, customerID, type, state, name, group, status, claimedBy, since) in rows.decode(
            (UUID, UUID, String, String, String, String, String, String, String?, Date).self
        ) {
            let age = Self.hours(now.timeIntervalSince(since))
            if status == HumanTask.Status.open.rawValue {
                items.append(
                    StuckItem(
                        kind: .taskUnclaimed,
                        customerID: customerID,
                        workflowID: workflowID,
                        workflowType: type,
                        state: state,
                        taskID: taskID,
                        since: since,
                        reason: "task '\(name)' has waited \(age) in group '\(group)' with nobody claiming it",
                        repair: "ask group '\(group)' to claim task \(taskID), or reassign it"
                    )
                )
            } else {
                items.append(
                    StuckItem(
                        kind: .taskIdle,
                        customerID: customerID,
                        workflowID: workflowID,
                        workflowType: type,
                        state: state,
                        taskID: taskID,
                        since: since,
                        reason: "task '\(name)' claimed by \(claimedBy ?? "?") has seen no activity for \(age)",
                        repair: "ask \(claimedBy ?? "its claimant") about task \(taskID), or release and reassign it"
                    )
                )
            }
        }
        return items
    }

    private func workflowsNothingMoves() async throws -> [StuckItem] {
        let rows = try await client.query(
            """
            SELECT w.workflow_id, w.customer_id, w.type, w.state_name, w.mover, w.state_entered_at FROM workflows w
            WHERE NOT w.is_terminal AND (w.mover = 'system' OR w.mover LIKE 'group:%')
              AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = w.workflow_id AND t.status IN ('open', 'claimed'))
              AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.workflow_id = w.workflow_id AND j.status <> \(unescaped: JobStatus.dead.literal))
            """,
            logger: logger
        )
        var items: [StuckItem] = []
        for try await (workflowID, customerID, type, state, mover, since) in rows.decode(
            (UUID, String, String, String, String, Date).self
        ) {
            items.append(
                StuckItem(
                    kind: .nothingMovesIt,
                    customerID: customerID,
                    workflowID: workflowID,
                    workflowType: type,
                    state: state,
                    since: since,
                    reason: "\(type) is '\(state)' waiting on \(mover), but it has no open task, timer or job",
                    repair: "force the next transition on workflow \(workflowID) (see `steward history \(workflowID)`)"
                )
            )
        }
        return items
    }

    private static func repair(waitingOn mover: Mover, workflowID: UUID) -> String {
        switch mover {
        case .group(let group): "ask group '\(group)' to work workflow \(workflowID)'s task, or reassign it"
        case .customer: "remind the customer, or cancel workflow \(workflowID)"
        case .tam: "remind the TAM, or reassign the customer to another TAM"
        case .system, .nobody: "check `steward history \(workflowID)` and force the next transition"
        }
    }

    static func hours(_ seconds: TimeInterval) -> String {
        seconds < 3_600 ? "\(Int(seconds / 60)) min" : String(format: "%.1f h", seconds / 3_600)
    }
}
