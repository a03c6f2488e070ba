import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle
import StewardCore
import StewardPostgres

/// Fires due timers in batches (each batch claimed and applied in one transaction), and claims
/// deliveries and report runs under leases and runs them. Wakes on NOTIFY, polls as a backstop, and reclaims jobs whose lease expired.
///
/// On graceful shutdown it stops claiming, finishes the batch in hand, hands back the deliveries it
/// had not started, and returns.
public final class WorkerPool: Service {
    public struct Configuration: Sendable {
        /// Names this process in `locked_by`, for operators reading a stuck job.
        public var workerID: String
        /// Claim loops in this process; each holds at most one batch.
        public var concurrency: Int
        /// Deliveries and report runs claimed under one lease.
        public var batchSize: Int
        /// Due timers fired in one transaction. A timer's whole effect is inside the database, so a
        /// larger batch only holds its workflows' locks a few milliseconds longer, while it shares
        /// the batch's dozen round trips and its commit among more transitions: with 100 rather
        /// than 20, `steward bench` fired about twice as many per second.
        public var timerBatchSize: Int
        /// How long a claim holds a job before another worker may take it; heartbeats renew it.
        public var lease: Duration
        /// The longest an idle loop sleeps without a NOTIFY (a lost notification only costs this).
        public var pollInterval: Duration
        /// How often expired leases are looked for.
        public var leaseCheckInterval: Duration
        /// How long one database call may take before the worker gives up on it (a dropped connection),
        /// puts its jobs back and goes on; nil means a third of the lease. It must stay below the lease:
        /// a call waiting on a dead connection keeps its batch's leases renewed until it gives up.
        public var databaseTimeout: Duration?
        /// When a delivery that failed for a passing reason is tried again, and for how long.
        public var deliverySchedule: DeliverySchedule

        /// ``databaseTimeout``, or a third of the lease: what every database call a worker makes
        /// may take, the deliveries' own (the address book, the dev mailbox) included.
        public var callDeadline: Duration { databaseTimeout ?? lease / 3 }

        public init(
            workerID: String = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)",
            concurrency: Int = 4,
            batchSize: Int = 20,
            timerBatchSize: Int = 100,
            lease: Duration = .seconds(30),
            pollInterval: Duration = .seconds(1),
            leaseCheckInterval: Duration = .seconds(5),
            databaseTimeout: Duration? = nil,
            deliverySchedule: DeliverySchedule = DeliverySchedule()
        ) {
            self.workerID = workerID
            self.concurrency = concurrency
            self.batchSize = batchSize
            self.timerBatchSize = timerBatchSize
            self.lease = lease
            self.pollInterval = pollInterval
            self.leaseCheckInterval = leaseCheckInterval
            self.databaseTimeout = databaseTimeout
            self.deliverySchedule = deliverySchedule
        }
    }

    public let configuration: Configuration
    var callDeadline: Duration { configuration.callDeadline }
    let engine: WorkflowEngine
    let queue: JobQueue
    let sender: any NotificationSender
    /// Runs report schedules; a worker without one fails their jobs, which then show in `steward stuck`.
    let reports: (any JobRunner)?
    let logger: Logger
    private let doorbell = Doorbell()

    public init(
        engine: WorkflowEngine,
        queue: JobQueue,
        sender: any NotificationSender,
        reports: (any JobRunner)? = nil,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) {
        self.engine = engine
        self.queue = queue
        self.sender = sender
        self.reports = reports
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "steward.worker.id"] = "\(configuration.workerID)"
        self.logger = logger
    }

    public func run() async throws {
        logger.info(
            "workers started",
            metadata: [
                "steward.worker.loops": "\(configuration.concurrency)", "steward.worker.batch": "\(configuration.batchSize)",
                "steward.worker.timer_batch": "\(configuration.timerBatchSize)",
            ]
        )
        await withDiscardingTaskGroup { group in
            group.addTask { await cancelWhenGracefulShutdown { await self.listenForWork() } }
            group.addTask { await cancelWhenGracefulShutdown { await self.reclaimExpiredLeases() } }
            for loop in 0..<configuration.concurrency {
                group.addTask { await self.claimLoop(loop) }
            }
        }
        logger.info("workers stopped")
    }

    /// Wakes idle loops now, as a NOTIFY would (for callers that move a test clock).
    public func wake() {
        doorbell.ring()
    }

    private func claimLoop(_ loop: Int) async {
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let firedTimers = try await fireDueTimers()
                let jobs = try await database { [queue, configuration] in
                    try await queue.claim(worker: configuration.workerID, limit: configuration.batchSize, lease: configuration.lease)
                }
                failures = 0
                if !jobs.isEmpty {
                    Counter(label: "steward_jobs_claimed_total").increment(by: jobs.count)
                    await run(jobs)
                } else if !firedTimers {
                    await idle()
                }
            } catch {
                // Cancelled (the pool is being torn down): nothing to retry or report.
                guard !Task.isCancelled else { return }
                // A timer batch that failed as a whole (a dropped connection, a restarted server) was
                // rolled back with its claim: its timers are due again, nothing was applied.
                failures += 1
                let delay = Self.reconnectDelay(afterFailures: failures)
                logger.warning(
                    "cannot claim jobs; retrying",
                    metadata: ["steward.error": "\(String(reflecting: error))", "steward.retry.in": "\(delay)"]
                )
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
    }

    /// Fires one batch of due timers in one transaction; returns whether any transition was applied or failed.
    private func fireDueTimers() async throws -> Bool {
        let outcome = try await database { [engine, queue, configuration] in
            try await engine.fireDueTimers(limit: configuration.timerBatchSize, queue: queue)
        }
        for (timer, error, dead) in outcome.failed {
            logger.warning(
                dead ? "timer failed for good; it shows in steward stuck" : "timer failed; it will be tried again",
                metadata: [
                    "steward.job.id": "\(timer.id)", "steward.workflow.id": "\(timer.workflowID.map { "\($0)" } ?? "-")",
                    "steward.error": "\(error)",
                ]
            )
        }
        Counter(label: "steward_jobs_claimed_total").increment(by: outcome.applied.count + outcome.failed.count)
        Counter(label: "steward_jobs_failed_total").increment(by: outcome.failed.count)
        return !outcome.applied.isEmpty || !outcome.failed.isEmpty
    }

    /// Sleeps until a NOTIFY, the next due job, or the poll interval, whichever is first.
    private func idle() async {
        var sleep = configuration.pollInterval
        if let due = try? await database({ [queue] in try await queue.nextDue() }) {
            let untilDue = due.timeIntervalSince(queue.clock.now)
            sleep = min(sleep, .milliseconds(max(Int64(untilDue * 1_000), 1)))
        }
        let timeout = sleep
        await cancelWhenGracefulShutdown { await self.doorbell.wait(upTo: timeout) }
    }

    private func run(_ jobs: [ClaimedJob]) async {
        let now = queue.clock.now
        for job in jobs {
            Timer(label: "steward_job_latency_seconds", dimensions: [("kind", job.kind.rawValue)])
                .recordSeconds(max(0, now.timeIntervalSince(job.runAt)))
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.heartbeat(jobs) }
            await deliverNotifications(jobs.filter { $0.kind == .notification })
            await runReports(jobs.filter { $0.kind == .report })
            group.cancelAll()
        }
    }

    private func deliverNotifications(_ jobs: [ClaimedJob]) async {
        for (index, job) in jobs.enumerated() {
            if Task.isShuttingDownGracefully || Task.isCancelled {
                let unstarted = Array(jobs[index...])
                try? await database { [queue] in try await queue.release(unstarted) }
                return
            }
            do {
                guard let message = try await database({ [queue] in try await queue.outboxMessage(for: job) }) else {
                    // The row went with its workflow; there is nothing left to tell.
                    try await database { [queue] in try await queue.discard(job) }
                    continue
                }
                let outcome = await sender.deliver(message)
                let recorded = try await database { [queue, configuration] in
                    try await queue.record(
                        outcome, of: message, job: job, worker: configuration.workerID, schedule: configuration.deliverySchedule)
                }
                count(recorded, of: message)
                if case .dead(gaveUp: true) = recorded, case .retry(let reason, _) = outcome {
                    await sender.gaveUp(on: message, reason: reason)
                }
                if case .retry(let reason, _) = outcome {
                    logger.info(
                        "delivery failed; it will be tried again",
                        metadata: ["steward.job.id": "\(job.id)", "steward.outbox.id": "\(message.id)", "steward.reason": "\(reason)"]
                    )
                } else if case .failed(let reason) = outcome {
                    logger.warning(
                        "delivery refused for good; it shows in steward stuck",
                        metadata: ["steward.job.id": "\(job.id)", "steward.outbox.id": "\(message.id)", "steward.reason": "\(reason)"]
                    )
                }
            } catch {
                logger.warning(
                    "notification delivery failed; it will be retried",
                    metadata: ["steward.job.id": "\(job.id)", "steward.error": "\(String(reflecting: error))"]
                )
                try? await database { [queue] in try await queue.fail(job, error: "\(error)", permanent: false) }
            }
        }
    }

    private func runReports(_ jobs: [ClaimedJob]) async {
        guard !jobs.isEmpty else { return }
        guard let reports else {
            for job in jobs {
                try? await database { [queue] in
                    try await queue.fail(job, error: "this worker was started without report runs", permanent: false)
                }
            }
            return
        }
        for job in jobs {
            do {
                try await database { [queue] in try await reports.run(job, queue: queue) }
            } catch {
                logger.warning(
                    "report run failed; it will be retried, and shows in steward stuck once its attempts are spent",
                    metadata: [
                        "steward.job.id": "\(job.id)", "steward.schedule": "\(job.name)", "steward.error": "\(String(reflecting: error))",
                    ]
                )
                Counter(label: "steward_jobs_failed_total").increment()
                try? await database { [queue] in try await queue.fail(job, error: "\(error)", permanent: false) }
            }
        }
    }

    /// Sent, failed and dead counts by channel, and the time from the notification's writing to its delivery.
    private func count(_ recorded: RecordedDelivery, of message: OutboxMessage) {
        let channel = message.channel.rawValue
        switch recorded {
        case .sent:
            Counter(label: "steward_notifications_sent_total", dimensions: [("channel", channel)]).increment()
            Timer(label: "steward_notification_delivery_seconds", dimensions: [("channel", channel)])
                .recordSeconds(max(0, queue.clock.now.timeIntervalSince(message.createdAt)))
        case .retrying:
            Counter(label: "steward_notifications_failed_total", dimensions: [("channel", channel)]).increment()
        case .dead:
            Counter(label: "steward_notifications_dead_total", dimensions: [("channel", channel)]).increment()
        case .skipped, .leaseLost:
            break
        }
    }

    private func heartbeat(_ jobs: [ClaimedJob]) async {
        let interval = configuration.lease / 3
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
                let lost = try await database { [queue, configuration] in try await queue.heartbeat(jobs, lease: configuration.lease) }
                if !lost.isEmpty {
                    logger.warning("lost the lease of jobs still running", metadata: ["steward.job.ids": "\(lost.sorted())"])
                }
            } catch {
                return
            }
        }
    }

    private func listenForWork() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await engine.client.withConnection { connection in
                    try await connection.listen(on: WorkflowEngine.wakeChannel) { notifications in
                        failures = 0
                        // Work may have arrived while we were not listening.
                        self.doorbell.ring()
                        for try await _ in notifications { self.doorbell.ring() }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                failures += 1
                let delay = Self.reconnectDelay(afterFailures: failures)
                logger.warning(
                    "lost the LISTEN connection; polling until it is back",
                    metadata: ["steward.error": "\(String(reflecting: error))", "steward.retry.in": "\(delay)"]
                )
                try? await Task.sleep(for: delay)
            }
        }
    }

    private func reclaimExpiredLeases() async {
        while !Task.isCancelled {
            do {
                _ = try await database { [queue] in try await queue.reclaimExpiredLeases() }
            } catch {
                logger.debug("cannot reclaim expired leases now", metadata: ["steward.error": "\(error)"])
            }
            try? await Task.sleep(for: configuration.leaseCheckInterval)
        }
    }

    /// Every database call of the pool goes through here, so a call lost with its connection cannot stall a loop.
    private func database<Result: Sendable>(_ call: @Sendable @escaping () async throws -> Result) async throws -> Result {
        try await withDeadline(callDeadline, call)
    }

    /// 100 ms, doubling, at most 5 s: a restarted database is picked up quickly without hammering it.
    static func reconnectDelay(afterFailures failures: Int) -> Duration {
        .milliseconds(min(100 << min(failures - 1, 6), 5_000))
    }
}
