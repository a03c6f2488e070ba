import ArgumentParser
import Foundation
import StewardCore
import StewardPostgres
import StewardServiceDesk

struct StuckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stuck",
        abstract: "Lists stuck workflows, jobs and tasks, each with why and what repairs it.",
        discussion: """
            Stuck means: a job dead or repeatedly losing its lease; a workflow in one state past its \
            threshold; a task unclaimed or idle past its threshold; or a workflow waiting on the engine or \
            a group that no task, timer or job can move. Exits 1 when anything is stuck, so it can alert.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "Hours a workflow may stay in one state (default: policy.yaml's stuck.stateHours).")
    var stateHours: Double?
    @Option(help: "Hours a task may wait unclaimed (default: policy.yaml's stuck.unclaimedTaskHours).")
    var unclaimedHours: Double?
    @Option(help: "Hours a claimed task may go without activity (default: policy.yaml's stuck.idleTaskHours).")
    var idleHours: Double?

    func run() async throws {
        let logger = logging.makeLogger("steward.stuck")
        var thresholds = try policy.load().stuck
        if let stateHours { thresholds.stateAge = .seconds(stateHours * 3_600) }
        if let unclaimedHours { thresholds.taskUnclaimed = .seconds(unclaimedHours * 3_600) }
        if let idleHours { thresholds.taskIdle = .seconds(idleHours * 3_600) }
        let items = try await database.withClient(logger: logger) { client, _ in
            try await StuckReport(client: client, thresholds: thresholds, logger: logger).items(at: Date())
        }
        guard !items.isEmpty else {
            print("nothing is stuck")
            return
        }
        for item in items {
            let subject = [
                item.workflowType.map { "\($0) \(item.workflowID?.uuidString ?? "")" },
                item.state.map { "state \($0)" }, "customer \(item.customerID)",
            ].compactMap { $0 }.joined(separator: ", ")
            print("\(item.kind.rawValue)  \(subject)")
            print("  why:    \(item.reason)")
            print("  since:  \(item.since.formatted(.iso8601))")
            print("  repair: \(item.repair)")
        }
        print("\(items.count) stuck item\(items.count == 1 ? "" : "s")")
        throw ExitCode(1)
    }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Prints a workflow's history: every event, who caused it, and the states it moved between."
    )

    @Argument(help: "The workflow's id (a UUID).")
    var workflow: String

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard UUID(uuidString: workflow) != nil else {
            throw ValidationError("'\(workflow)' is not a workflow id; ids look like 4F0C2A8E-1B7D-4C55-9A43-2D7E8B1C6F90")
        }
    }

    func run() async throws {
        let logger = logging.makeLogger("steward.history")
        let id = UUID(uuidString: workflow)!
        try await database.withClient(logger: logger) { client, _ in
            // Reading a history needs no request type definitions.
            let engine = WorkflowEngine(client: client, registry: WorkflowRegistry(), logger: logger)
            let workflow = try await engine.workflow(id: id)
            print(
                "\(workflow.type) \(workflow.id)  customer \(workflow.customerID)  state \(workflow.stateName)  version \(workflow.version)"
            )
            for entry in try await engine.history(workflowID: id) {
                let move = entry.fromState.map { "\($0) → \(entry.toState)" } ?? "→ \(entry.toState)"
                print(
                    "\(entry.seq)  \(entry.at.formatted(.iso8601))  \(entry.actor)  \(entry.event)  \(move)  \(String(decoding: entry.payload, as: UTF8.self))"
                )
            }
        }
    }
}

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Puts a dead job back in the queue with fresh attempts (see `steward stuck`)."
    )

    @Argument(help: "The dead job's number, as `steward stuck` shows it.")
    var job: Int64

    @Option(help: "Why, for the audit log.")
    var reason = "retried with steward retry"

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var policy: PolicyOptions
    @OptionGroup var acting: OperatorOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let logger = logging.makeLogger("steward.retry")
        try await database.withServiceDesk(policy: policy, logger: logger) { desk in
            try await desk.retry(job: job, reason: reason, by: acting.principal)
        }
        print("job \(job) is queued again")
    }
}
