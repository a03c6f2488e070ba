import Foundation
import Hummingbird
import Metrics
import StewardCore
import StewardPostgres

/// Unauthenticated routes for load balancers, Prometheus and API clients.
extension APIServer {
    struct Readiness: Encodable {
        var database: String
        var migrations: String
    }

    func addProbes(to router: Router<APIRequestContext>) {
        route(router, .get, "healthz") { _, _ in try json(["status": "ok"]) }
        route(router, .get, "readyz") { _, _ in try await readiness() }
        route(router, .get, "metrics") { _, _ in try await prometheusText() }
        route(router, .get, "openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.data()))
            )
        }
    }

    /// 200 when the database answers and has every migration this build knows; 503 otherwise.
    private func readiness() async throws -> Response {
        let pending: [Migration]
        do {
            pending = try await withDeadline(.seconds(5)) { [engine, logger] in
                try await Migrator(client: engine.client, migrations: Migration.bundled(), logger: logger).pending()
            }
        } catch {
            return Problem(.serviceUnavailable, "not-ready", "the database does not answer: \(error)").response()
        }
        guard pending.isEmpty else {
            let names = pending.map(\.name).joined(separator: ", ")
            return Problem(.serviceUnavailable, "not-ready", "migrations \(names) are not applied: run `steward migrate`").response()
        }
        return try json(Readiness(database: "ok", migrations: "current"))
    }

    /// The registry's metrics, with the queue depth read from the database first.
    private func prometheusText() async throws -> Response {
        let depth = try await jobs.depth()
        for (status, count) in depth {
            Gauge(label: "steward_jobs", dimensions: [("status", status.rawValue)]).record(count)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
        )
    }
}
