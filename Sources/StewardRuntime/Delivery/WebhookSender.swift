import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import StewardCore
import StewardPostgres

#if canImport(Glibc)
import Glibc
#endif

/// Posts notifications to customers' endpoints per the Standard Webhooks spec: `webhook-id` is
/// the outbox row's id (the same on every retry, so the receiver drops repeats), the body is
/// `{type, timestamp, data}`, and every current secret signs it.
public struct WebhookSender: NotificationSender {
    public struct Configuration: Sendable {
        /// A 2xx must arrive within this; later counts as a timeout and is tried again.
        public var timeout: Duration
        /// Loopback and private addresses are refused unless this is set (`--allow-private-webhooks`).
        public var allowsPrivateAddresses: Bool

        public init(timeout: Duration = .seconds(15), allowsPrivateAddresses: Bool = false) {
            self.timeout = timeout
            self.allowsPrivateAddresses = allowsPrivateAddresses
        }
    }

    let client: HTTPClient
    let addressBook: any AddressBook
    let clock: any WallClock
    let configuration: Configuration
    let logger: Logger

    public init(
        client: HTTPClient, addressBook: any AddressBook, clock: any WallClock = SystemClock(),
        configuration: Configuration = Configuration(), logger: Logger
    ) {
        self.client = client
        self.addressBook = addressBook
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
    }

    /// The id a receiver deduplicates by: one per outbox row, whatever the attempt.
    public static func webhookID(of message: OutboxMessage) -> String { "msg_steward_\(message.id)" }

    public func deliver(_ message: OutboxMessage) async -> DeliveryOutcome {
        guard case .webhook(let endpointID) = message.recipient else {
            return .failed("a webhook delivery must name an endpoint, not \(message.recipient)")
        }
        let endpoint: WebhookEndpoint
        do {
            guard let found = try await addressBook.endpoint(endpointID, customerID: message.customerID) else {
                return .skipped("the endpoint \(endpointID) no longer exists")
            }
            endpoint = found
        } catch {
            return .retry("cannot read the endpoint: \(error)", retryAfter: nil)
        }
        guard endpoint.active else {
            return .skipped("the endpoint \(endpointID) is off\(endpoint.disabledReason.map { ": \($0)" } ?? "")")
        }
        guard let url = URL(string: endpoint.url), let host = url.host else {
            return .failed("the endpoint's URL '\(endpoint.url)' is not a URL; correct it in the directory")
        }
        if !configuration.allowsPrivateAddresses, let address = Self.privateAddress(of: host) {
            return .failed(
                "\(host) resolves to \(address), a loopback or private address; webhooks do not go there unless the server is started with --allow-private-webhooks"
            )
        }
        let now = clock.now
        let timestamp = Int(now.timeIntervalSince1970)
        let body: [UInt8]
        do {
            body = try Self.body(of: message, at: now, customerName: try await addressBook.customerName(message.customerID))
        } catch {
            return .retry("cannot build the body: \(error)", retryAfter: nil)
        }
        let id = Self.webhookID(of: message)
        guard let signature = WebhookSignature.header(id: id, timestamp: timestamp, body: body, secrets: endpoint.secrets) else {
            return .failed("the endpoint's secrets are not whsec_<base64>; set new ones in the directory")
        }
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Steward-Webhooks/1")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: "\(timestamp)")
        request.headers.add(name: "webhook-signature", value: signature)
        request.body = .bytes(ByteBuffer(bytes: body))
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(
                request, timeout: .nanoseconds(Int64(configuration.timeout.timeInterval * 1e9)), logger: logger)
            // The answer's body is read only for the record, and only its start.
            let answer = (try? await response.body.collect(upTo: 4_096)).map { String(buffer: $0) } ?? ""
            let status = Int(response.status.code)
            let said = "HTTP \(status)\(answer.isEmpty ? "" : ": \(answer.prefix(200))")"
            Timer(label: "steward_webhook_request_seconds").recordSeconds((ContinuousClock.now - started).timeInterval)
            switch WebhookAnswer(status: status, retryAfter: response.headers.first(name: "retry-after"), now: clock.now) {
            case .delivered:
                return .sent(said)
            case .gone:
                let reason = "the endpoint answered 410 Gone"
                await disable(endpointID, message: message, reason: reason)
                return .failed("\(said); the endpoint is disabled until an operator turns it on again")
            case .retry(let after):
                return .retry(said, retryAfter: after)
            case .refused:
                return .failed("\(said); a 4xx answer is not tried again")
            }
        } catch {
            return .retry("no answer from \(host): \(error)", retryAfter: nil)
        }
    }

    /// An endpoint that never answered within the horizon is turned off, and the TAM told.
    public func gaveUp(on message: OutboxMessage, reason: String) async {
        guard case .webhook(let endpointID) = message.recipient else { return }
        await disable(endpointID, message: message, reason: "deliveries failed past the retry horizon: \(reason)")
    }

    private func disable(_ endpointID: String, message: OutboxMessage, reason: String) async {
        do {
            try await addressBook.disable(
                endpoint: endpointID, customerID: message.customerID, reason: reason, workflowID: message.workflowID)
            logger.warning(
                "webhook endpoint disabled",
                metadata: [
                    "steward.customer.id": "\(message.customerID)", "steward.webhook.endpoint": "\(endpointID)",
                    "steward.reason": "\(reason)",
                ]
            )
        } catch {
            logger.error(
                "cannot disable a webhook endpoint", metadata: ["steward.webhook.endpoint": "\(endpointID)", "steward.error": "\(error)"])
        }
    }

    /// `{type, timestamp, data}`: the kind, when it was sent, and the notification's fields with
    /// the request's reference and id.
    static func body(of message: OutboxMessage, at now: Date, customerName: String?) throws -> [UInt8] {
        var data = message.fields
        data["customerID"] = message.customerID
        data["customerName"] = customerName
        data["reference"] = message.reference?.description
        data["requestID"] = message.workflowID?.uuidString.lowercased()
        data["requestType"] = message.requestType
        struct Envelope: Encodable {
            var type: String
            var timestamp: String
            var data: [String: String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(Envelope(type: message.template, timestamp: now.formatted(.iso8601), data: data)))
    }

    /// The first loopback or private address `host` is or resolves to, if any.
    static func privateAddress(of host: String) -> String? {
        if HostAddress.isPrivate(host) { return host }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &results) == 0, let first = results else { return nil }
        defer { freeaddrinfo(first) }
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let entry = next {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let address = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if HostAddress.isPrivate(address) { return address }
            }
            next = entry.pointee.ai_next
        }
        return nil
    }
}
