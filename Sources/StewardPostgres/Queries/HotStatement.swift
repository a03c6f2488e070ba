import Logging
import PostgresNIO

/// A statement the workers run many times a second: prepared once per connection, so the server
/// parses and plans it once there instead of at every call. Planning alone was a sixth of the
/// server's time in a run of timer batches (`steward bench`, pg_stat_statements' planning time).
///
/// A prepared statement's parameters get their types from the SQL, not from the values bound, so
/// every placeholder is cast (`$1::uuid[]`). The one-off statements stay ``PostgresQuery``s: their
/// plans follow the values they are given.
///
/// No statement that reads `jobs` is prepared. The queue is empty one moment and holds 60,000
/// timers the next, and after a few runs the server keeps one plan for a prepared statement: made
/// while the queue was empty, that plan (read the whole table, then sort it) stayed in use until
/// autovacuum next analysed the table, and a claim of 100 among 30,000 timers took 11 ms instead of
/// a tenth of one. Planned at each call, a statement sees the table as it is. An insert (its
/// conflicts are found through the unique index whatever the plan) may be prepared.
protocol HotStatement: PostgresPreparedStatement where Row == PostgresRow {
    /// The values for `$1`, `$2`… in order.
    var bindings: PostgresBindings { get }
}

extension HotStatement {
    static var name: String { "steward.\(Self.self)" }

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

extension PostgresBindings {
    /// Bindings of `values`, in order.
    init(_ values: any PostgresDynamicTypeEncodable...) {
        self.init(capacity: values.count)
        for value in values { append(value) }
    }
}

extension PostgresConnection {
    /// Runs `statement` (preparing it first on this connection's first use) and returns its rows.
    @discardableResult
    func run(_ statement: some HotStatement, logger: Logger) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}
