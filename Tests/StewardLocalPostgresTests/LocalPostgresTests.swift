import Foundation
import PostgresNIO
import StewardLocalPostgres
import StewardPostgres
import StewardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LocalPostgresTests {
    @Test func aClusterStartsInAFolderWhoseNameHasSpacesAndQuotes() async throws {
        // Like a checkout in "~/My Projects/steward": pg_ctl passes the socket folder through a shell.
        let cluster = try LocalPostgres(.init(directory: "/tmp/steward-test-\(getpid())-My Bob's Projects"))
        ThrowawayClusters.register(cluster)
        defer { cluster.destroy() }
        #expect(try cluster.initialiseIfNeeded())
        try cluster.start()
        #expect(cluster.isRunning)
        let client = PostgresClient(configuration: cluster.url().clientConfiguration(), backgroundLogger: TestPostgres.logger)
        let answer = try await client.whileRunning {
            try await client.query("SELECT 42", logger: TestPostgres.logger).collect().first?.decode(Int.self)
        }
        #expect(answer == 42)
    }
}
