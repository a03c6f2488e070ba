import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardPostgres

/// What the API reads: requests, tasks and contracts as a principal may see them, in keyset pages.
public struct RequestQueries: Sendable {
    /// What narrows a list of requests; nil fields do not narrow it.
    public struct RequestFilter: Sendable, Hashable {
        public var customerID: String?
        public var type: String?
        public var state: String?
        /// true: only requests still open; false: only finished ones.
        public var open: Bool?

        public init(customerID: String? = nil, type: String? = nil, state: String? = nil, open: Bool? = nil) {
            self.customerID = customerID
            self.type = type
            self.state = state
            self.open = open
        }
    }

    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The requests `principal` may see, newest first, as summaries whose ``RequestSummary/sla``
    /// the service desk fills in (``ServiceDesk/requests(visibleTo:filter:after:limit:)``).
    public func requests(
        visibleTo principal: Principal,
        filter: RequestFilter = RequestFilter(),
        after cursor: Cursor? = nil,
        limit: Int
    ) async throws -> Page<RequestSummary> {
        let query = Self.requestsQuery(visibleTo: principal, filter: filter, after: cursor, limit: limit)
        var items: [(RequestSummary, String)] = []
        for row in try await client.query(query, logger: logger).all() {
            items.append((try RequestSummary(row: row), try row.makeRandomAccess()[14].decode(String.self, context: .default)))
        }
        return Page.cut(items, limit: limit, item: \.0) { summary, createdAt in Cursor([createdAt, summary.id.uuidString]) }
    }

    /// The statement behind ``requests(visibleTo:filter:after:limit:)``: one more row than `limit`,
    /// walking an index newest first.
    ///
    /// A list scoped to customers (a contact's, a TAM's, or a `customer` filter) takes the newest
    /// rows of each customer from `workflows_customer` and merges them: walking the index of all
    /// requests newest first and skipping other customers' rows would cost as many rows as others
    /// filed since, which the planner cannot see when one customer owns most of the table.
    static func requestsQuery(visibleTo principal: Principal, filter: RequestFilter, after cursor: Cursor?, limit: Int) -> PostgresQuery {
        var sql = SQLBuilder("SELECT \(RequestSummary.columns), created_at::text FROM ")
        let customers = customerScope(of: principal, filter: filter)
        if let customers {
            sql.append("unnest(\(sql.bind(customers))::text[]) AS scope(customer) CROSS JOIN LATERAL (")
            sql.append("SELECT w.* FROM workflows w WHERE w.customer_id = scope.customer")
        } else {
            sql.append("workflows w WHERE ")
            visibility(of: principal, into: &sql)
            if let customerID = filter.customerID { sql.append(" AND w.customer_id = \(sql.bind(customerID))") }
        }
        if let type = filter.type { sql.append(" AND w.type = \(sql.bind(type))") }
        if let state = filter.state { sql.append(" AND w.state_name = \(sql.bind(state))") }
        if let open = filter.open { sql.append(open ? " AND NOT w.is_terminal" : " AND w.is_terminal") }
        if let cursor {
            sql.append(
                " AND (w.created_at, w.workflow_id) < (\(sql.bind(cursor.values[0]))::timestamptz, \(sql.bind(cursor.values[1]))::uuid)"
            )
        }
        let rows = sql.bind(Int64(limit + 1))
        sql.append(" ORDER BY w.created_at DESC, w.workflow_id DESC LIMIT \(rows)")
        if customers != nil {
            sql.append(") AS w ORDER BY w.created_at DESC, w.workflow_id DESC LIMIT \(rows)")
        }
        return sql.query
    }

    /// The customers a list is confined to, or nil when it is not confined to named customers
    /// (engineers see by task; the duty manager and operators see all).
    static func customerScope(of principal: Principal, filter: RequestFilter) -> [String]? {
        let visible: [String]
        switch principal.role {
        case .customer: visible = principal.customerID.map { [$0] } ?? []
        case .tam: visible = principal.assignedCustomers
        case .dutyManager, .operator: return filter.customerID.map { [$0] }
        case .engineer: return nil
        case .inboundMail: visible = []
        }
        return filter.customerID.map { named in visible.filter { $0 == named } } ?? visible
    }

    /// The request, if `principal` may see it; nil both when it does not exist and when it is not
    /// theirs, so nobody learns another customer's request ids.
    public func request(_ id: UUID, visibleTo principal: Principal) async throws -> WorkflowSnapshot? {
        var sql = SQLBuilder("SELECT \(WorkflowSnapshot.columns) FROM workflows w WHERE ")
        Self.visibility(of: principal, into: &sql)
        sql.append(" AND w.workflow_id = \(sql.bind(id))")
        return try await client.query(sql.query, logger: logger).all().first.map(WorkflowSnapshot.init(row:))
    }

    /// The request quoted as `reference`, if `principal` may see it (its number and its year must both match).
    public func request(_ reference: RequestReference, visibleTo principal: Principal) async throws -> WorkflowSnapshot? {
        var sql = SQLBuilder("SELECT \(WorkflowSnapshot.columns) FROM workflows w WHERE ")
        Self.visibility(of: principal, into: &sql)
        sql.append(" AND w.reference = \(sql.bind(reference.number))")
        return try await client.query(sql.query, logger: logger).all().first.map(WorkflowSnapshot.init(row:))
            .flatMap { $0.reference == reference ? $0 : nil }
    }

    /// The open and claimed tasks `principal` may work or watch, in queue order: priority, due
    /// time (none last), age.
    public func tasks(
        visibleTo principal: Principal,
        group: String? = nil,
        status: HumanTask.Status? = nil,
        after cursor: Cursor? = nil,
        limit: Int
    ) async throws -> Page<HumanTask> {
        try await TaskBoard.queue(
            on: client,
            where: { Self.taskVisibility(of: principal, into: &$0) },
            group: group,
            status: status,
            after: cursor,
            limit: limit,
            logger: logger
        )
    }

    /// The task, if `principal` may see it.
    public func task(_ id: UUID, visibleTo principal: Principal) async throws -> HumanTask? {
        var sql = SQLBuilder("SELECT \(HumanTask.columns) FROM tasks t WHERE ")
        Self.taskVisibility(of: principal, into: &sql)
        sql.append(" AND t.task_id = \(sql.bind(id))")
        return try await client.query(sql.query, logger: logger).all().first.map(HumanTask.init(row:))
    }

    /// Whether one of `groups` holds an open or claimed task on the request: what lets an engineer
    /// send it events.
    public func holdsOpenTask(_ workflowID: UUID, groups: [String]) async throws -> Bool {
        try await !client.query(
            """
            SELECT 1 FROM tasks WHERE workflow_id = \(workflowID) AND status IN ('open', 'claimed') AND group_name = ANY(\(groups))
            """,
            logger: logger
        ).all().isEmpty
    }

    /// The requests a customer filed in `interval`, for reports.
    public func requests(of customerID: String, filedIn interval: DateInterval) async throws -> [WorkflowSnapshot] {
        try await client.query(
            """
            SELECT \(unescaped: WorkflowSnapshot.columns) FROM workflows
            WHERE customer_id = \(customerID) AND created_at >= \(interval.start) AND created_at < \(interval.end)
            ORDER BY created_at DESC, workflow_id DESC
            """,
            logger: logger
        ).all().map(WorkflowSnapshot.init(row:))
    }

    /// Requests: a contact sees their customer's, a TAM their customers', an engineer those with a
    /// task for one of their groups, the duty manager and operators all.
    static func visibility(of principal: Principal, into sql: inout SQLBuilder) {
        switch principal.role {
        case .customer: sql.append("w.customer_id = \(sql.bind(principal.customerID ?? ""))")
        case .inboundMail: sql.append("false")
        case .tam: sql.append("w.customer_id = ANY(\(sql.bind(principal.assignedCustomers)))")
        case .engineer:
            sql.append(
                "EXISTS (SELECT 1 FROM tasks t WHERE t.workflow_id = w.workflow_id AND t.group_name = ANY(\(sql.bind(principal.groups))))"
            )
        case .dutyManager, .operator: sql.append("true")
        }
    }

    /// Tasks: engineers see their groups' tasks; a TAM their customers' (daily-report calls included,
    /// not another TAM's); contacts none.
    static func taskVisibility(of principal: Principal, into sql: inout SQLBuilder) {
        switch principal.role {
        case .customer, .inboundMail: sql.append("false")
        case .engineer: sql.append("t.group_name = ANY(\(sql.bind(principal.groups)))")
        case .tam: sql.append("t.customer_id = ANY(\(sql.bind(principal.assignedCustomers)))")
        case .dutyManager, .operator: sql.append("true")
        }
    }
}
