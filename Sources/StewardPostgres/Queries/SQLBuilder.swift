import PostgresNIO

/// Builds a statement whose conditions depend on the caller: fixed SQL text, values always bound.
public struct SQLBuilder {
    public private(set) var sql: String
    private var binds = PostgresBindings()

    public init(_ sql: String) {
        self.sql = sql
    }

    /// Binds `value` and returns its placeholder (`$3`).
    public mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    public mutating func append(_ fragment: String) {
        sql += fragment
    }

    public var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
