import NIOCore
import NIOEmbedded
import StewardTestSupport
import Testing

@testable import StewardSMTP

@Suite struct SMTPRequestHandlerTests {
    private func connectedChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: SMTPRequestHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 25)).wait()
        return channel
    }

    private func request(
        _ channel: EmbeddedChannel, _ command: String?, timeout: TimeAmount = .seconds(5)
    ) throws
        -> EventLoopFuture<SMTPReply>
    {
        let reply = channel.eventLoop.makePromise(of: SMTPReply.self)
        try channel.writeOutbound(SMTPRequest(bytes: command.map { ByteBuffer(string: $0) }, timeout: timeout, reply: reply))
        return reply.futureResult
    }

    @Test func greetingThatArrivesBeforeTheFirstRequestIsKept() throws {
        let channel = try connectedChannel()
        try channel.writeInbound(SMTPReply(code: 220, lines: ["ready"]))
        #expect(try request(channel, nil).wait().code == 220)
        let ehlo = try request(channel, "EHLO steward.test\r\n")
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "EHLO steward.test\r\n"))
        try channel.writeInbound(SMTPReply(code: 250, lines: ["hello"]))
        #expect(try ehlo.wait().code == 250)
    }

    /// A reply no command waits for (a server talking out of turn, or plaintext injected before the TLS
    /// handshake) must not be taken as the answer to the next command.
    @Test func replyThatNoCommandWaitsForClosesTheConnection() throws {
        let channel = try connectedChannel()
        try channel.writeInbound(SMTPReply(code: 220, lines: ["ready"]))
        _ = try request(channel, nil).wait()
        try channel.writeInbound(SMTPReply(code: 250, lines: ["injected"]))
        #expect(!channel.isActive)
        #expect(throws: SMTPChannelFailure.self) { try request(channel, "EHLO steward.test\r\n").wait() }
    }

    @Test func requestWithoutReplyTimesOutAndClosesTheConnection() throws {
        let channel = try connectedChannel()
        let greeting = try request(channel, nil, timeout: .seconds(2))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(throws: SMTPChannelFailure.self) { try greeting.wait() }
        #expect(!channel.isActive)
    }

    @Test func closedConnectionFailsTheWaitingRequest() throws {
        let channel = try connectedChannel()
        let greeting = try request(channel, nil)
        channel.pipeline.fireChannelInactive()
        #expect(throws: SMTPChannelFailure.self) { try greeting.wait() }
    }
}
