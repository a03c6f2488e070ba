import Foundation
import HTTPTypes
import PostgresNIO
import StewardLocalPostgres
import StewardPostgres
import StewardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL stops under the running API: requests are answered 503 at once rather than hanging,
/// and a client retrying with its idempotency key after the restart files each request once.
@Suite struct DatabaseOutageTests {
    @Test func whileTheDatabaseIsDownTheAPIAnswers503AndARetryFilesOnce() async throws {
        let cluster = try LocalPostgres(.init(directory: "/tmp/steward-test-\(getpid())-api-outage"))
        ThrowawayClusters.register(cluster)
        try cluster.initialiseIfNeeded()
        try cluster.start()
        defer { cluster.destroy() }
        let admin = PostgresClient(configuration: cluster.url().clientConfiguration(), backgroundLogger: TestPostgres.logger)
        try await admin.whileRunning { try await admin.query("CREATE DATABASE steward", logger: TestPostgres.logger) }

        try await TestDatabase.connect(to: cluster.url(database: "steward")) { database in
            try await Migrator(client: database.client, migrations: Migration.bundled(), logger: TestPostgres.logger).migrate()
            try await APIFixture.run(on: database, requestTimeout: .seconds(6)) { api in
                let acme = api.caller("acme")
                let body = #"{"type": "incident", "summary": "Scans stall", "severity": 2}"#
                func file(_ key: String) async throws -> Reply {
                    try await acme.post("/v1/requests", body, headers: [HTTPField.Name("Idempotency-Key")!: key])
                }
                // A fresh cluster on a loaded machine may take longer than the request timeout at first:
                // the outage is what is tested, so the first filing may be retried until it is in.
                try await EngineFixture.eventually(timeout: .seconds(60), "the first filing before the outage") {
                    [.created, .ok].contains(try await file("before").status)
                }

                try cluster.stop(immediate: true)
                let refused = try await file("during")
                #expect(refused.status == .serviceUnavailable && refused.problem == "unavailable", "\(refused.text)")
                #expect(refused.headers[.retryAfter] != nil)
                #expect(try await api.caller("nobody").get("/readyz").status == .serviceUnavailable)
                #expect(try await api.caller("nobody").get("/healthz").status == .ok)

                try cluster.start()
                // Until the database is back every retry is a 503 saying so, then the one filing is 201.
                var filed: Reply?
                var refusals: [String] = []
                do {
                    try await EngineFixture.eventually(timeout: .seconds(60), "the API to file again after the restart") {
                        let retry = try await file("during")
                        // 200 when the retry finds the request an abandoned attempt filed.
                        if retry.status == .created || retry.status == .ok {
                            filed = retry
                        } else {
                            refusals.append("\(retry.status.code) \(retry.problem ?? retry.text)")
                        }
                        return filed != nil
                    }
                } catch {
                    Issue.record("\(error); the answers were \(Set(refusals))")
                    throw error
                }
                #expect(refusals.allSatisfy { $0 == "503 unavailable" }, "\(refusals)")
                let id = try #require(filed?.object["id"] as? String)
                let again = try await file("during")
                #expect(again.status == filed?.status && again.object["id"] as? String == id)
                #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try await database.count("SELECT count(*) FROM workflows") == 2)
                #expect(try await api.caller("nobody").get("/readyz").status == .ok)
            }
        }
    }
}
