import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Guards each HTTP/1.1 connection before a request reaches the routes: a request head must
/// arrive whole within ``APIServer/ConnectionLimits/headTimeout`` (else 408 and close), a body
/// declared larger than ``APIServer/maxBodyBytes`` is answered 413 at its head, and bytes that do
/// not parse as HTTP/1.1 are answered with a problem saying what was wrong. Every answer is
/// problem+json. Sits in Hummingbird's HTTP/1 pipeline between the HTTP codec and the server.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// A request head may hold this much in header fields (the parser refuses more with 431).
    static let maxHeaderBytes = 80 * 1024
    static let maxHeaderFields = 1000
    /// Declared bodies over the limit up to this size are thrown away so the connection carries on
    /// (as Go's server does with 256 KiB); larger ones close it after the 413.
    static let discardableBodyBytes = 256 * 1024
    /// How long a refused client has to read the answer and close before the server closes.
    static let lingerTimeout = Duration.seconds(2)

    private var state: StateMachine
    private let limits: APIServer.ConnectionLimits
    private let logger: Logger
    private var runningTimer: (kind: StateMachine.Timer, task: Scheduled<Void>)?
    /// Whether the socket read under way has completed a part yet.
    private var partsInThisRead = false

    init(limits: APIServer.ConnectionLimits, maxBodyBytes: Int = APIServer.maxBodyBytes, logger: Logger) {
        self.limits = limits
        self.logger = logger
        state = StateMachine(
            maxBodyBytes: maxBodyBytes, discardableBodyBytes: Self.discardableBodyBytes, headTimeout: limits.headTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { updateTimer(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    func channelActive(context: ChannelHandlerContext) {
        updateTimer(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partsInThisRead = true
        let action: StateMachine.Action
        switch unwrapInboundIn(data) {
        case .head(let head):
            let connection = head.headerFields[.connection]?.lowercased() ?? ""
            action = state.head(declaredLength: Self.declaredLength(of: head), closeRequested: connection.contains("close"))
        case .body:
            action = state.body()
        case .end:
            action = state.end()
        }
        perform(action, context) { context.fireChannelRead(data) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        state.readCompleted(partsRead: partsInThisRead)
        partsInThisRead = false
        updateTimer(context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let problem = Self.problem(for: error) else {
            context.fireErrorCaught(error)
            return
        }
        logger.debug(
            "refused a malformed request", metadata: ["steward.error": "\(error)", "steward.client.address": "\(address(context))"])
        perform(state.malformed(problem), context) { context.fireErrorCaught(error) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent, state.inputClosed() {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        if case .end = unwrapOutboundIn(data) {
            perform(state.answerEnded(), context) {}
        }
    }

    // MARK: Performing

    private func perform(_ action: StateMachine.Action, _ context: ChannelHandlerContext, forward: () -> Void) {
        switch action {
        case .forward:
            forward()
        case .drop:
            break
        case .answer(let problem, let close):
            answer(problem, close: close, context)
        case .failRequest(let problem):
            context.fireErrorCaught(problem)
        case .finish:
            context.flush()
            finish(context)
        case .close:
            context.close(promise: nil)
        }
        updateTimer(context)
    }

    private func answer(_ problem: Problem, close: Bool, _ context: ChannelHandlerContext) {
        let body = ByteBuffer(bytes: (try? APIServer.encoder.encode(problem)) ?? Data())
        var fields: HTTPFields = [
            .contentType: Problem.mediaType, .contentLength: "\(body.readableBytes)", .cacheControl: "no-store",
            .xContentTypeOptions: "nosniff",
        ]
        if close { fields[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: problem.status), headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if close {
            written.assumeIsolated().whenComplete { _ in self.finish(context) }
        }
    }

    /// Closes the output, so the client reads the answer to its end, and keeps reading (and
    /// dropping) until the client closes or the linger timer does: closing at once with bytes
    /// unread would reset the connection and could lose the answer.
    private func finish(_ context: ChannelHandlerContext) {
        let closed = context.eventLoop.makePromise(of: Void.self)
        closed.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
        context.close(mode: .output, promise: closed)
    }

    // MARK: The timer

    /// Starts the timer the state wants, if it is not the one running.
    private func updateTimer(_ context: ChannelHandlerContext) {
        let wanted = state.timer
        guard wanted != runningTimer?.kind else { return }
        cancelTimer()
        guard let wanted else { return }
        let delay =
            switch wanted {
            case .head, .discard: limits.headTimeout
            case .linger: Self.lingerTimeout
            }
        let task = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
            self.runningTimer = nil
            self.perform(self.state.timerFired(), context) {}
        }
        runningTimer = (wanted, task)
    }

    private func cancelTimer() {
        runningTimer?.task.cancel()
        runningTimer = nil
    }

    // MARK: Reading requests

    /// The body length a head declares; `Int.max` for a number too large to hold.
    static func declaredLength(of head: HTTPRequest) -> Int? {
        guard let text = head.headerFields[.contentLength] else { return nil }
        let digits = text.trimmingCharacters(in: .whitespaces)
        return Int(digits) ?? (digits.allSatisfy(\.isNumber) ? Int.max : nil)
    }

    private func address(_ context: ChannelHandlerContext) -> String {
        context.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The problem of bytes that are not HTTP/1.1; nil for an error that is not about the request.
    static func problem(for error: any Error) -> Problem? {
        switch error {
        case let error as HTTPParserError:
            return problem(parsing: error)
        case let error as HTTP1TypeConversionError:
            return error == .missingPath
                ? .malformedRequest("the request line has no path: send `METHOD /path HTTP/1.1`")
                : .malformedRequest("the request line's method is not one HTTP knows")
        case is ByteToMessageDecoderError:
            return .malformedRequest("the request is not well-formed HTTP/1.1")
        default:
            return nil
        }
    }

    static func problem(parsing error: HTTPParserError) -> Problem {
        switch error {
        case .headerOverflow:
            return Problem(
                .requestHeaderFieldsTooLarge,
                "headers-too-large",
                "the request's header fields are larger than \(maxHeaderBytes / 1024) KiB (one, or all together) "
                    + "or more than \(maxHeaderFields): send fewer or smaller ones; the connection is closed"
            )
        case .invalidHeaderToken, .invalidCharactersUsed:
            return .malformedRequest(
                "a header field's name or value holds a character HTTP does not allow there "
                    + "(a NUL byte, a control character, a space before the colon)")
        case .unexpectedContentLength:
            return .malformedRequest(
                "the request gives Content-Length twice, or beside Transfer-Encoding: send one length")
        case .invalidContentLength:
            return .malformedRequest("Content-Length is not a number of bytes")
        case .invalidChunkSize:
            return .malformedRequest("a chunk of the chunked body does not start with its size in hexadecimal")
        case .invalidMethod, .invalidURL, .invalidVersion, .invalidConstant:
            return .malformedRequest("the request line is not `METHOD /path HTTP/1.1`")
        case .unknown:
            // What llhttp does not name: chiefly Transfer-Encoding beside Content-Length, or not ending in chunked.
            return .malformedRequest(
                "the request's framing is contradictory or malformed (Transfer-Encoding beside Content-Length, "
                    + "a Transfer-Encoding that does not end in chunked, a line that does not end in CRLF)")
        case .lfExpected:
            return .malformedRequest("a line of the request head does not end in CRLF")
        case .invalidEOFState, .closedConnection:
            return .malformedRequest("the connection closed in the middle of the request")
        default:
            return .malformedRequest("the request is not well-formed HTTP/1.1 (\(error))")
        }
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}

extension Problem {
    /// 400: the bytes are not an HTTP/1.1 request; `detail` says where they go wrong.
    static func malformedRequest(_ detail: String) -> Problem {
        Problem(.badRequest, "malformed-request", "\(detail); the connection is closed")
    }

    static func declaredBodyTooLarge(_ declared: Int, limit: Int) -> Problem {
        Problem(
            .contentTooLarge,
            "body-too-large",
            "the request's Content-Length (\(declared == Int.max ? "beyond counting" : "\(declared)")) is over the limit of "
                + "\(limit) bytes: it is refused before its body is read"
        )
    }

    static func headTimeout(_ limit: Duration) -> Problem {
        Problem(
            .requestTimeout,
            "request-timeout",
            "the request head did not arrive whole within \(limit.spoken); the connection is closed"
        )
    }
}

extension Duration {
    /// `10 s`, `250 ms`: for details a person reads.
    var spoken: String {
        let (seconds, attoseconds) = components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        return milliseconds == 0 ? "\(seconds) s" : "\(seconds * 1_000 + milliseconds) ms"
    }
}
