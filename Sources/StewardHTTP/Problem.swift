import Foundation
import HTTPTypes
import Hummingbird
import PostgresNIO
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// An error answer as RFC 9457 `application/problem+json`. `type` is stable: clients branch on it.
public struct Problem: Error, Sendable, Hashable, Codable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    /// The request field at fault (`severity`, `outcome.respond.message`).
    public var field: String?
    /// For an invalid transition: the state the request is in and the event it refused.
    public var state: String?
    public var event: String?
    /// For a version conflict: the version to read and retry from.
    public var currentVersion: Int64?

    public init(
        _ status: HTTPResponse.Status,
        _ slug: String,
        _ detail: String,
        field: String? = nil,
        state: String? = nil,
        event: String? = nil,
        currentVersion: Int64? = nil
    ) {
        type = Self.typePrefix + slug
        title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.field = field
        self.state = state
        self.event = event
        self.currentVersion = currentVersion
    }

    /// Problem types are URNs: stable names, nothing to fetch.
    public static let typePrefix = "urn:steward:problem:"
    public static let mediaType = "application/problem+json"

    public var slug: String { String(type.dropFirst(Self.typePrefix.count)) }

    static func notFound(_ what: String) -> Problem {
        from(ServiceDeskError.notFound(what))
    }

    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, "forbidden", detail)
    }

    static func validation(_ detail: String, field: String?) -> Problem {
        Problem(.unprocessableContent, "validation", detail, field: field)
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(.badRequest, "bad-request", detail, field: field)
    }

    /// The problem an error thrown below the API stands for; nil for an unexpected one (a 500).
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem: return problem
        case let error as ServiceDeskError: return from(error)
        case let error as EngineError: return from(error)
        case let error as TransitionError: return from(error)
        case let error as JSONRefusal: return .validation("the request body is not valid: \(error.reason)", field: error.field)
        case let error as DeadlineExceeded:
            return unavailable("no answer within \(error.limit): the database may be unavailable")
        case let error as PSQLError where error.isConnectionFailure:
            return unavailable("the database is unavailable")
        case is TransactionOutcomeUnknown:
            return Problem(
                .serviceUnavailable,
                "outcome-unknown",
                "the database connection was lost while the change was being committed, so whether it was made is unknown; "
                    + "retrying with the same Idempotency-Key is safe (it is done at most once), and so is one with the same If-Match"
            )
        case let error as IdempotencyKeys.ClaimLost:
            return Problem(
                .conflict, "idempotency-key-in-use",
                "a retry with Idempotency-Key '\(error.key)' took over while this attempt ran; this attempt changed nothing")
        case let error as HTTPError: return from(status: error.status, message: error.body)
        case let error as any HTTPResponseError: return from(status: error.status, message: nil)
        default: return nil
        }
    }

    /// 503: the client retries, a request it files with the same `Idempotency-Key`, an event with
    /// the same `If-Match`, so nothing happens twice.
    static func unavailable(_ why: String) -> Problem {
        Problem(
            .serviceUnavailable,
            "unavailable",
            "\(why); retry in a moment (with the same Idempotency-Key or If-Match, nothing happens twice)"
        )
    }

    static func from(_ error: ServiceDeskError) -> Problem {
        switch error.code {
        case .forbidden: .forbidden(error.detail)
        case .notFound: Problem(.notFound, "not-found", error.detail)
        case .invalid: .validation(error.detail, field: error.field)
        case .badParameter: .badRequest(error.detail, field: error.field)
        case .conflict: Problem(.conflict, "already-exists", error.detail, field: error.field)
        case .contractEnded: Problem(.unprocessableContent, "contract-ended", error.detail, field: error.field)
        case .unauthenticated: Problem(.unauthorized, "unauthenticated", error.detail, field: error.field)
        }
    }

    static func from(_ error: TransitionError) -> Problem {
        switch error.code {
        case .invalidTransition:
            Problem(.conflict, "invalid-transition", error.reason, state: error.state, event: error.event)
        case .ruleViolated:
            Problem(.unprocessableContent, "rule-violated", error.reason, field: error.field, state: error.state, event: error.event)
        default:
            .validation(error.reason, field: error.field)
        }
    }

    static func from(_ error: EngineError) -> Problem {
        switch error.code {
        case .transitionRefused:
            if let transition = error.transition { return from(transition) }
            return Problem(.conflict, "invalid-transition", error.description)
        case .versionConflict:
            return Problem(.preconditionFailed, "version-conflict", error.description, currentVersion: error.currentVersion)
        case .workflowNotFound, .taskNotFound, .jobNotFound, .unknownCustomer, .unknownWorkflowType:
            return Problem(.notFound, "not-found", error.description)
        case .notInGroup:
            return .forbidden(error.description)
        case .reasonRequired:
            return .validation(error.description, field: "reason")
        case .outcomeDoesNotFinishTask:
            return .validation(error.description, field: "outcome")
        case .unknownStaff, .unknownContact, .badToken:
            return .validation(error.description, field: nil)
        case .workflowPaused:
            return Problem(.conflict, "request-paused", error.description)
        case .workflowNotPaused:
            return Problem(.conflict, "request-not-paused", error.description)
        case .taskNotClaimable:
            return Problem(.conflict, "task-not-claimable", error.description)
        case .jobNotDead:
            return Problem(.conflict, "job-not-dead", error.description)
        case .workflowFinished:
            return Problem(.conflict, "request-finished", error.description)
        default:
            return Problem(.conflict, error.code.rawValue, error.description)
        }
    }

    /// The problem of an HTTP-level error Hummingbird raised (no route, body too large).
    static func from(status: HTTPResponse.Status, message: String?) -> Problem {
        switch status {
        case .contentTooLarge:
            Problem(.contentTooLarge, "body-too-large", "the request body is larger than \(APIServer.maxBodyBytes) bytes")
        case .notFound:
            Problem(.notFound, "not-found", message ?? "no such route: the routes are in /openapi.yaml")
        case .methodNotAllowed:
            Problem(.methodNotAllowed, "method-not-allowed", "this route does not take that method: see /openapi.yaml")
        default:
            Problem(status, "http-\(status.code)", message ?? status.reasonPhrase)
        }
    }

    func response(headers extra: HTTPFields = [:]) -> Response {
        let body = (try? APIServer.encoder.encode(self)) ?? Data()
        var headers: HTTPFields = [.contentType: Self.mediaType]
        if status == 503 { headers[.retryAfter] = "2" }
        headers.append(contentsOf: extra)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
