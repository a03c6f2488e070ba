import Foundation
import StewardLocalPostgres
import StewardPostgres

/// `pgbench -N` (the simple-update transaction without branch and teller updates) on the same server:
/// the yardstick Steward's figures are divided by.
struct PgbenchBaseline {
    let cluster: LocalPostgres
    let seconds: Int
    var executable: String { cluster.binDirectory + "/pgbench" }

    init(cluster: LocalPostgres, seconds: Int) throws {
        self.cluster = cluster
        self.seconds = seconds
        try Command.run(cluster.binDirectory + "/createdb", connection + ["pgbench"])
        try Command.run(executable, connection + ["-i", "-q", "-s", "10", "pgbench"])
    }

    private var connection: [String] {
        ["-h", cluster.configuration.directory, "-p", "\(cluster.configuration.port)", "-U", cluster.configuration.superuser]
    }

    /// Transactions per second with `clients` connections.
    func tps(clients: Int) throws -> Double {
        let output = try Command.run(
            executable,
            connection + ["-N", "-n", "-c", "\(clients)", "-j", "\(min(clients, 2))", "-T", "\(seconds)", "pgbench"]
        )
        // "tps = 1234.567890 (without initial connection time)"
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let value = Double(line.dropFirst(6).prefix { $0 != " " })
        else {
            throw LocalPostgresError("pgbench printed no tps line:\n\(output)")
        }
        return value
    }
}
