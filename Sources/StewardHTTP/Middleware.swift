import Foundation
import HTTPTypes
import Hummingbird
import Logging
import StewardCore
import StewardServiceDesk
import Synchronization

/// The routes a router registered, so a known path asked with another method gets 405, not 404.
final class RouteIndex: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func record(_ descriptions: [Router<APIRequestContext>.RouteDescription]) {
        routes.withLock { routes in
            routes = descriptions.map { ($0.path.description.split(separator: "/"), $0.method) }
        }
    }

    /// The methods registered for `path`, sorted; empty when no route has that path.
    func methods(for path: String) -> [String] {
        let asked = path.split(separator: "/")
        let methods = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == asked.count && zip(route.segments, asked).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }.map(\.method.rawValue)
        }
        return Set(methods).sorted()
    }
}

/// Marks every answer as not to be stored by caches (they carry one caller's data) and not to be
/// sniffed as another media type than it says.
struct SafeAnswerMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}

/// Turns every error into a problem+json answer; an unexpected one is logged and answered 500
/// without its details.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let routes: RouteIndex

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty else { return Problem.from(error)!.response() }
            return Problem(
                .methodNotAllowed, "method-not-allowed", "\(request.method) is not allowed here; use \(allowed.joined(separator: ", "))"
            )
            .response(headers: [.allow: allowed.joined(separator: ", ")])
        } catch {
            if let problem = Problem.from(error) {
                let headers: HTTPFields =
                    problem.status == 401 ? [.wwwAuthenticate: "Bearer realm=\"steward\""] : [:]
                return problem.response(headers: headers)
            }
            context.logger.error(
                "request failed",
                metadata: ["steward.error": "\(String(reflecting: error))", "steward.path": "\(request.uri.path)"]
            )
            return Problem(.internalServerError, "internal", "the server failed to answer; the error is in its log").response()
        }
    }
}

/// Finds the principal behind the bearer token; 401 without a token or with one it does not know.
/// Each refusal is logged with the client's address and why (never the token), and counted: an
/// address past ``APIServer/AuthenticationThrottle`` is answered 429 without its token looked up.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let desk: ServiceDesk
    let timeout: Duration
    let failures: AuthenticationFailures.Shared

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let address = AuthenticationFailures.key(for: context.remoteAddress)
        if let wait = failures.refusal(for: address) {
            let seconds = max(1, Int((wait + .milliseconds(999)).components.seconds))
            context.logger.debug("authentication throttled", metadata: ["steward.client.address": "\(address)"])
            return Problem(
                .tooManyRequests,
                "too-many-requests",
                "\(failures.throttle.failures) requests from this address failed to authenticate within "
                    + "\(failures.throttle.window.spoken); try again in \(seconds) s"
            )
            .response(headers: [.retryAfter: "\(seconds)"])
        }
        let principal: Principal
        do {
            principal = try await authenticate(request)
        } catch let refusal as Refusal {
            context.logger.notice(
                "authentication refused",
                metadata: [
                    "steward.client.address": "\(context.remoteAddress?.ipAddress ?? address)",
                    "steward.auth.refusal": "\(refusal.reason)", "steward.path": "\(request.uri.path)",
                ]
            )
            if failures.recordFailure(from: address) {
                context.logger.warning(
                    "authentication throttled: too many refusals from one address",
                    metadata: [
                        "steward.client.address": "\(address)", "steward.auth.failures": "\(failures.throttle.failures)",
                        "steward.auth.window": "\(failures.throttle.window.spoken)",
                    ]
                )
            }
            throw refusal.problem
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }

    /// Why a request is not authenticated: the reason goes to the log, the problem to the client.
    struct Refusal: Error {
        var reason: String
        var problem: Problem
    }

    private func authenticate(_ request: Request) async throws -> Principal {
        guard let header = request.headers[.authorization] else {
            throw Refusal(
                reason: "no Authorization header",
                problem: Problem(
                    .unauthorized, "unauthenticated", "this route needs `Authorization: Bearer <token>`; `steward token create` issues one")
            )
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Refusal(
                reason: "not a Bearer credential",
                problem: Problem(.unauthorized, "unauthenticated", "the Authorization header must be `Bearer <token>`")
            )
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard let principal = try await withDeadline(timeout, { [desk] in try await desk.principal(for: token) }) else {
            throw Refusal(
                reason: "unknown or revoked token",
                problem: Problem(.unauthorized, "unauthenticated", "the token is unknown or revoked; ask an operator for a new one")
            )
        }
        return principal
    }
}
