import NIOCore
import Synchronization

/// A command to write (or none, for the greeting) and the promise for the reply to it.
struct SMTPRequest: Sendable {
    /// The command line with its CRLF, or the message data; nil to only wait for a reply.
    var bytes: ByteBuffer?
    var timeout: TimeAmount
    var reply: EventLoopPromise<SMTPReply>
}

/// Why a request got no reply.
enum SMTPChannelFailure: Error {
    case timedOut
    case closed
    /// A reply arrived when no command was waiting: a server that talks out of turn (or plaintext injected
    /// after STARTTLS) must not be answered, so the connection is closed.
    case unexpectedReply(SMTPReply)
    /// A second request while one waits; the client sends one command at a time (no PIPELINING).
    case busy
}

/// Matches each reply to the one command waiting for it, with a timeout per command.
///
/// SMTP without PIPELINING is strictly one command, one reply, so one waiting promise is enough. The
/// greeting comes unasked, so one reply that arrives before the first request is kept for it. Any other
/// reply that no command waits for closes the connection. The first failure (a TLS error, a decoding
/// error, a timeout, the connection closing) is kept and fails every later request at once, so nothing
/// waits on a dead connection.
final class SMTPRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var reply: EventLoopPromise<SMTPReply>
        var timer: Scheduled<Void>
    }

    private var waiting: Waiting?
    private var hasRequested = false
    private var greeting: SMTPReply?
    /// The first failure, readable off the event loop too: once the connection has closed, NIO removes this
    /// handler, and a command written after that never reaches it.
    let failure = SMTPFailureRecord()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure = failure.error {
            request.reply.fail(failure)
            promise?.fail(failure)
            return
        }
        guard waiting == nil else {
            request.reply.fail(SMTPChannelFailure.busy)
            promise?.fail(SMTPChannelFailure.busy)
            return
        }
        let isFirstRequest = !hasRequested
        hasRequested = true
        if let greeting {
            self.greeting = nil
            guard isFirstRequest, request.bytes == nil else {
                let unexpected = SMTPChannelFailure.unexpectedReply(greeting)
                fail(unexpected, context: context)
                request.reply.fail(unexpected)
                promise?.fail(unexpected)
                return
            }
            request.reply.succeed(greeting)
            promise?.succeed()
            return
        }
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: request.timeout) { [self] in
            fail(SMTPChannelFailure.timedOut, context: context)
        }
        waiting = Waiting(reply: request.reply, timer: timer)
        if let bytes = request.bytes {
            context.write(wrapOutboundOut(bytes), promise: promise)
        } else {
            promise?.succeed()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let current = waiting {
            waiting = nil
            current.timer.cancel()
            current.reply.succeed(reply)
        } else if !hasRequested && greeting == nil {
            greeting = reply
        } else {
            fail(SMTPChannelFailure.unexpectedReply(reply), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPChannelFailure.closed, context: context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(SMTPChannelFailure.closed, context: context)
    }

    /// Keeps the first failure, fails the waiting request with it, and closes the connection.
    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        let reason = failure.record(error)
        if let current = waiting {
            waiting = nil
            current.timer.cancel()
            current.reply.fail(reason)
        }
        if context.channel.isActive {
            context.close(promise: nil)
        }
    }
}

/// The first reason a connection failed, shared by its handler and ``SMTPConnection``.
final class SMTPFailureRecord: Sendable {
    private let first = Mutex<(any Error)?>(nil)

    /// Keeps `error` unless an earlier one is kept, and returns the one kept.
    func record(_ error: any Error) -> any Error {
        first.withLock { kept in
            let reason = kept ?? error
            kept = reason
            return reason
        }
    }

    var error: (any Error)? {
        first.withLock { $0 }
    }
}
