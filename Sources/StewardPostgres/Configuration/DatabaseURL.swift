import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL connection string (`postgres://user:password@host:5432/database?sslmode=require`).
///
/// A `host` query parameter that starts with `/` selects a Unix socket directory, as libpq does:
/// `postgres://steward@/steward?host=/tmp`.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(
        host: String = "127.0.0.1",
        port: Int = 5432,
        socketDirectory: String? = nil,
        username: String,
        password: String? = nil,
        database: String,
        tls: TLSMode = .disable
    ) {
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses a connection string, saying which part is wrong.
    public init(_ string: String) throws(ConfigurationError) {
        let example = "postgres://user:password@127.0.0.1:5432/steward"
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw ConfigurationError("DATABASE_URL '\(Self.redacted(string))' is not a postgres:// URL; write it like \(example)")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") },
            uniquingKeysWith: { _, last in last }
        )
        if let socket = query["host"], socket.hasPrefix("/") {
            socketDirectory = socket
        }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        guard let user = components.user, !user.isEmpty else {
            throw ConfigurationError("DATABASE_URL has no user name; write it like \(example)")
        }
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty else {
            throw ConfigurationError("DATABASE_URL names no database; add it after the port, like \(example)")
        }
        database = path
        let sslmode = query["sslmode"] ?? "disable"
        switch sslmode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default:
            throw ConfigurationError("DATABASE_URL has sslmode=\(sslmode); use disable, prefer or require")
        }
    }

    /// The same server with another database, for cloning test databases.
    public func with(database: String) -> DatabaseURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL with its password replaced, safe to print and log.
    public var description: String {
        var text = "postgres://\(username)"
        if password != nil { text += ":***" }
        text += "@\(socketDirectory == nil ? "\(host):\(port)" : "")/\(database)"
        var options: [String] = []
        if let socketDirectory { options.append("host=\(socketDirectory)") }
        if tls != .disable { options.append("sslmode=\(tls.rawValue)") }
        return options.isEmpty ? text : text + "?" + options.joined(separator: "&")
    }

    /// The full URL, password included, for handing to another process.
    public var connectionString: String {
        var text = "postgres://\(username)"
        if let password {
            text += ":" + (password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? password)
        }
        text += "@\(socketDirectory == nil ? "\(host):\(port)" : "")/\(database)"
        if let socketDirectory { text += "?host=\(socketDirectory)" }
        if tls != .disable { text += (socketDirectory == nil ? "?" : "&") + "sslmode=\(tls.rawValue)" }
        return text
    }

    /// The PostgresNIO client configuration for this URL.
    public func clientConfiguration() -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: username,
                password: password,
                database: database
            )
        } else {
            let tls: PostgresClient.Configuration.TLS =
                switch self.tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            configuration = .init(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: tls
            )
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    private static func redacted(_ string: String) -> String {
        guard var components = URLComponents(string: string), components.password != nil else { return string }
        components.password = "***"
        return components.string ?? string
    }
}

/// A setting that cannot work as given; says which and how to fix it.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
