import Foundation
import StewardCore
import StewardPostgres

/// Operators' repairs of stuck work, each audited with its reason; the duty manager sees stuck
/// work and reassigns tasks too.
extension ServiceDesk {
    /// Applies any event the request's state accepts, a timer's included, whoever normally sends it.
    public func force(
        event: Data,
        on id: UUID,
        expectedVersion: Int64?,
        reason: String,
        by principal: Principal
    ) async throws -> RequestRecord {
        try principal.require(.force)
        let snapshot = try await visibleRequest(id, to: principal)
        _ = try definition(for: snapshot.type).check(event: event)
        let moved = try await repairs.force(
            workflowID: snapshot.id,
            event: event,
            expectedVersion: expectedVersion,
            reason: reason,
            by: principal.actor
        )
        return try await record(moved, for: principal)
    }

    /// Stops a request where it is: it accepts no event and its timers wait until it is resumed.
    public func pause(_ id: UUID, reason: String, by principal: Principal) async throws -> RequestRecord {
        try principal.require(.pause)
        let snapshot = try await visibleRequest(id, to: principal)
        return try await record(try await repairs.pause(workflowID: snapshot.id, reason: reason, by: principal.actor), for: principal)
    }

    /// Lets a paused request move again; timers that fell due meanwhile fire at once.
    public func resume(_ id: UUID, reason: String, by principal: Principal) async throws -> RequestRecord {
        try principal.require(.resume)
        let snapshot = try await visibleRequest(id, to: principal)
        return try await record(try await repairs.resume(workflowID: snapshot.id, reason: reason, by: principal.actor), for: principal)
    }

    /// Gives a task to another member of its group, claimed in their name.
    public func reassign(task id: UUID, to staffID: String, reason: String, by principal: Principal) async throws -> HumanTask {
        try principal.require(.reassign)
        let task = try await visibleTask(id, to: principal)
        do {
            return try await repairs.reassign(taskID: task.id, to: staffID, reason: reason, by: principal.actor)
        } catch let error as EngineError where error.code == .notInGroup {
            throw ServiceDeskError.invalid(error.description, field: "to")
        }
    }

    /// Puts a dead job back in the queue with fresh attempts.
    public func retry(job id: Int64, reason: String, by principal: Principal) async throws {
        try principal.require(.retry)
        try await repairs.retry(jobID: id, reason: reason, by: principal.actor)
    }

    /// What is stuck, oldest first, narrowed by kind and customer: the report is computed afresh,
    /// so a page is the `limit` items after the first `shown`.
    public func stuck(
        kind: StuckItem.Kind?,
        customer: String?,
        shown: Int,
        limit: Int,
        for principal: Principal
    ) async throws -> (items: [StuckItem], nextShown: Int?) {
        try principal.require(.seeStuckWork)
        try Self.check(limit: limit)
        let items = try await StuckReport(client: engine.client, thresholds: policy.stuck, logger: logger).items(at: engine.clock.now)
            .filter { item in (kind == nil || item.kind == kind) && (customer == nil || item.customerID == customer) }
        let start = min(max(0, shown), items.count)
        let end = min(start + limit, items.count)
        return (Array(items[start..<end]), end < items.count ? end : nil)
    }

    /// Every repair, newest first; one request's when `request` is given.
    public func auditLog(request: UUID?, before: Int64?, limit: Int, for principal: Principal) async throws -> Page<AuditEntry> {
        try principal.require(.readAuditLog)
        try Self.check(limit: limit)
        let entries = try await repairs.auditLog(workflowID: request, before: before, limit: limit + 1)
        return Page.cut(entries, limit: limit, item: { $0 }) { Cursor([String($0.id)]) }
    }
}

extension ServiceDesk {
    /// Retries every dead job of `kind` and `customer` (nil: any), up to a page of them; returns how many.
    public func retryDeadJobs(kind: String?, customer: String?, reason: String, by principal: Principal) async throws -> Int {
        try principal.require(.retry)
        if let kind, !QueueOverview.kinds.contains(kind) {
            throw ServiceDeskError.badParameter(
                "kind must be one of \(QueueOverview.kinds.joined(separator: ", ")), not '\(kind)'", field: "kind")
        }
        return try await repairs.retryDead(kind: kind, customerID: customer, reason: reason, limit: Self.maxBulkRetry, by: principal.actor)
    }

    /// The most dead jobs one bulk retry puts back; press again for more.
    public static let maxBulkRetry = 1_000

    /// The job queue's depth by kind and status, and the leases workers hold now.
    public func queueOverview(for principal: Principal) async throws -> (depths: [QueueOverview.Depth], leases: [QueueOverview.Lease]) {
        try principal.require(.seeStuckWork)
        let overview = QueueOverview(client: engine.client, logger: logger)
        return (try await overview.depths(), try await overview.leases(limit: Self.maxPageSize))
    }
}
