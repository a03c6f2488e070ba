import Foundation
import Logging
import StewardCore
import StewardMSA
import StewardMSAStore
import StewardPostgres

/// One operation per thing a person does with Steward: file, follow, send, work tasks, repair,
/// report, administer. Each takes the authenticated principal and decides there, once, what that
/// person may do and what the contract fixes; the API, the console, the portal, mail and the CLI
/// only parse, call and render.
public struct ServiceDesk: Sendable {
    public let engine: WorkflowEngine
    public let policy: MSAPolicy
    public let tokens: TokenStore
    /// Browsers signed in to the console and the portal.
    public let sessions: SessionStore
    /// What a directory entry must be; webhooks to private addresses only when the server allows.
    public let directoryRules: DirectoryRules
    let directory: DirectoryStore
    let queries: RequestQueries
    let board: TaskBoard
    let repairs: Repairs
    let contracts: ContractStore
    let reports: ReportHistories
    let schedules: ReportSchedules
    let logger: Logger

    public init(engine: WorkflowEngine, policy: MSAPolicy, allowsPrivateWebhooks: Bool = false, logger: Logger) {
        self.engine = engine
        self.policy = policy
        self.logger = logger
        directoryRules = DirectoryRules(calendars: Set(policy.calendars.keys), allowsPrivateWebhooks: allowsPrivateWebhooks)
        directory = DirectoryStore(client: engine.client, logger: logger)
        tokens = TokenStore(client: engine.client, logger: logger)
        sessions = SessionStore(client: engine.client, logger: logger)
        queries = RequestQueries(client: engine.client, logger: logger)
        board = TaskBoard(engine: engine)
        repairs = Repairs(engine: engine)
        contracts = ContractStore(client: engine.client, logger: logger)
        reports = ReportHistories(client: engine.client, logger: logger)
        schedules = ReportSchedules(client: engine.client, logger: logger)
    }

    /// The request type's definition; refused naming the known ones.
    func definition(for type: String) throws(ServiceDeskError) -> AnyWorkflow {
        do {
            return try engine.registry.definition(for: type)
        } catch {
            throw .invalid(
                "'\(type)' is not a request type; use one of \(engine.registry.types.sorted().joined(separator: ", "))", field: "type")
        }
    }

    /// Lists come in pages of 1 to ``maxPageSize`` items.
    public static let maxPageSize = 100

    static func check(limit: Int) throws(ServiceDeskError) {
        guard (1...maxPageSize).contains(limit) else {
            throw .badParameter("limit must be a whole number from 1 to \(maxPageSize), not \(limit)", field: "limit")
        }
    }

    /// The request, if `principal` may see it; not found otherwise.
    func visibleRequest(_ id: UUID, to principal: Principal) async throws -> WorkflowSnapshot {
        guard let snapshot = try await queries.request(id, visibleTo: principal) else { throw ServiceDeskError.notFound("request \(id)") }
        return snapshot
    }

    /// The task, if `principal` may see it; not found otherwise.
    func visibleTask(_ id: UUID, to principal: Principal) async throws -> HumanTask {
        guard let task = try await queries.task(id, visibleTo: principal) else { throw ServiceDeskError.notFound("task \(id)") }
        return task
    }

    /// The request as people are shown it: its SLA now, its details (for a customer's contact only
    /// the fields its type lets customers see), and its tasks for staff when `showingTasks` (who
    /// works a customer's request is staff's business).
    func record(_ snapshot: WorkflowSnapshot, for principal: Principal, showingTasks: Bool = true) async throws -> RequestRecord {
        let definition = try? engine.registry.definition(for: snapshot.type)
        let sla = definition?.slaStatus(state: snapshot.state, at: engine.clock.now)
        let stored = JSONValue(snapshot.state)
        let details = principal.role == .customer ? (definition?.customerView ?? .nothing).state(stored) : stored
        let tasks = showingTasks && principal.role != .customer ? try await board.tasks(workflowID: snapshot.id) : nil
        return RequestRecord(snapshot: snapshot, details: details, sla: sla, tasks: tasks)
    }
}

/// A request as the service desk shows it: the stored workflow, the details its reader may see,
/// where its SLA stands, and its tasks (for staff, on a single request).
public struct RequestRecord: Sendable {
    /// The stored workflow; its `state` is everything the request carries, staff's notes included,
    /// so a shell shows ``details`` instead.
    public var snapshot: WorkflowSnapshot
    /// The state as its reader may see it: whole for staff, the type's ``CustomerView`` for a
    /// customer's contact.
    public var details: JSONValue
    public var sla: SLAStatus?
    public var tasks: [HumanTask]?
}

extension RequestRecord {
    /// What a list shows of this request.
    public var summary: RequestSummary { RequestSummary(snapshot, sla: sla) }
}
