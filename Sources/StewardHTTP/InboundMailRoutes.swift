import Foundation
import HTTPTypes
import Hummingbird
import StewardMail
import StewardServiceDesk

/// Mail in for providers that post messages (the HTTP twin of `steward mail receive`).
extension APIServer {
    func addInboundMailRoutes(to v1: RouterGroup<SignedInContext>) {
        route(v1, .post, "inbound-mail") { request, context in try await receive(request, context) }
    }

    /// `POST /v1/inbound-mail` with one RFC 5322 message as `message/rfc822`: what became of it.
    private func receive(_ request: Request, _ context: SignedInContext) async throws -> Response {
        try context.principal.require(.receiveMail)
        if let type = request.headers[.contentType]?.lowercased(), !type.hasPrefix("message/rfc822"),
            !type.hasPrefix("application/octet-stream")
        {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", "send the message as message/rfc822, not \(type)")
        }
        let limit = MailParseLimits().maxMessageBytes
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem(
                .contentTooLarge, "message-too-large", "the message is larger than \(limit / (1 << 20)) MiB, the most Steward takes in")
        }
        guard buffer.readableBytes > 0 else { throw Problem.badRequest("send the message as the body") }
        let receipt = try await desk.receiveMail(Array(buffer: buffer), by: context.principal)
        return try json(MailReceiptView(receipt))
    }
}

struct MailReceiptView: Encodable {
    var outcome: String
    var reason: String
    var inbound: Int64
    var request: UUID?
    var duplicate: Bool

    init(_ receipt: MailReceipt) {
        outcome = receipt.outcome.rawValue
        reason = receipt.reason
        inbound = receipt.inboundID
        request = receipt.requestID
        duplicate = receipt.duplicate
    }
}
