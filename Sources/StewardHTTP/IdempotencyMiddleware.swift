import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import StewardCore
import StewardPostgres
import StewardServiceDesk

/// `Idempotency-Key` on every POST: the first answer is kept and a retry with the same key and
/// the same request gets it again (marked `Idempotent-Replayed: true`) without the work being done
/// twice; the same key with another method, path or body is refused with 422, as Stripe does.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = SignedInContext
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    let keys: IdempotencyKeys
    /// How long an unfinished attempt holds its key before a retry may take it over, and how long
    /// each of the key's own database calls may take (a call on a connection the server dropped
    /// would otherwise wait without end, and hold the answer and a graceful shutdown with it).
    let staleAfter: Duration
    /// Routes whose work is itself once-only per key, so running it again after its answer was lost
    /// does nothing twice and makes the answer: filing, which the engine does once per key.
    let repeatsSafely: @Sendable (Request) -> Bool = { $0.uri.path == "/v1/requests" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header] else { return try await next(request, context) }
        do {
            try ServiceDesk.check(idempotencyKey: key)
        } catch {
            throw Problem.from(error)
        }
        var request = request
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        request.body = RequestBody(buffer: body)
        let principal = context.principal.actor.description
        let fingerprint = Self.fingerprint(of: request, body: body)
        let reservation = try await withDeadline(staleAfter) { [keys, staleAfter] in
            try await keys.reserve(principal: principal, key: key, fingerprint: fingerprint, staleAfter: staleAfter)
        }
        switch reservation {
        case .proceed(let claim):
            return try await run(request, context: context, under: claim, next: next)
        case .replay(let answer):
            return Self.response(replaying: answer)
        case .differentRequest:
            throw Problem.validation(
                "Idempotency-Key '\(key)' was used for a different request (another method, path or body); "
                    + "use a new key for a new request",
                field: "Idempotency-Key")
        case .inProgress:
            throw Problem(
                .conflict, "idempotency-key-in-use",
                "a request with Idempotency-Key '\(key)' is still being answered; retry it in a moment")
        case .committedWithoutAnswer(let claim) where repeatsSafely(request):
            return try await run(request, context: context, under: claim, next: next)
        case .committedWithoutAnswer:
            throw Problem(
                .conflict, "idempotency-key-done",
                "the request with Idempotency-Key '\(key)' was done, but its answer was lost with the database connection; "
                    + "read the resource to see the result, and do not send it again")
        }
    }

    /// Runs the route under `claim` and keeps its answer; a failure that committed nothing frees
    /// the key for a retry.
    private func run(
        _ request: Request, context: Context, under claim: IdempotencyKeys.Claim,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await IdempotencyKeys.$claim.withValue(claim) { try await next(request, context) }
        } catch {
            if let problem = Problem.from(error), problem.status < 500 {
                return try await keep(problem.response(), for: claim, context: context)
            }
            await release(claim)
            throw error
        }
        guard response.status.code < 500 else {
            await release(claim)
            return response
        }
        return try await keep(response, for: claim, context: context)
    }

    /// Frees the key for a retry; tried again a few times, since after a lost connection the pool
    /// may first hand out another connection that is already dead. If it never works, the key is
    /// taken over once `staleAfter` has passed.
    private func release(_ claim: IdempotencyKeys.Claim) async {
        for attempt in 1...3 {
            do {
                return try await withDeadline(staleAfter) { [keys] in try await keys.release(claim) }
            } catch {
                try? await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    /// Stores the answer and sends it; its body is read once, so it is sent from the copy kept. The
    /// work is done either way, so an answer that cannot be stored is still sent: a retry is then
    /// told the work was done (or, where it repeats safely, runs it again to answer).
    private func keep(_ response: Response, for claim: IdempotencyKeys.Claim, context: Context) async throws -> Response {
        let collector = BodyCollector()
        try await response.body.write(collector)
        let bytes = collector.bytes
        do {
            let answer = IdempotencyKeys.Answer(
                status: Int(response.status.code), contentType: response.headers[.contentType],
                etag: response.headers[.eTag], location: response.headers[.location], body: bytes)
            try await withDeadline(staleAfter) { [keys] in try await keys.keep(answer, for: claim) }
        } catch {
            context.logger.warning(
                "could not keep the answer of an idempotent request; it is sent all the same",
                metadata: ["steward.idempotency.key": "\(claim.key)", "steward.error": "\(String(reflecting: error))"])
        }
        var kept = response
        kept.body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        return kept
    }

    static func response(replaying answer: IdempotencyKeys.Answer) -> Response {
        var headers: HTTPFields = [Self.replayed: "true"]
        if let type = answer.contentType { headers[.contentType] = type }
        if let etag = answer.etag { headers[.eTag] = etag }
        if let location = answer.location { headers[.location] = location }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// What was asked: method, path with query, and body, as a SHA-256 digest.
    static func fingerprint(of request: Request, body: ByteBuffer) -> [UInt8] {
        var hash = SHA256()
        hash.update(data: Array("\(request.method) \(request.uri)\n".utf8))
        hash.update(data: Array(body.readableBytesView))
        return Array(hash.finalize())
    }
}

/// Gathers a response body's bytes, to keep and resend them.
private final class BodyCollector: ResponseBodyWriter {
    var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes += buffer.readableBytesView
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
