import PostgresNIO

/// Builds a statement whose conditions depend on the caller: fixed SQL text, values always bound.
struct SQLBuilder {
    private(set) var sql: String
    private var binds = PostgresBindings()

    init(_ sql: String) {
        self.sql = sql
    }

    /// Binds `value` and returns its placeholder (`$3`).
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func append(_ fragment: String) {
        sql += fragment
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
