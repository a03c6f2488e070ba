import Crypto
import Foundation

/// Standard Webhooks signing: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under each secret
/// (`whsec_<base64 key>`), space-separated, so a receiver holding either secret of a rotation verifies.
public enum WebhookSignature {
    /// The `webhook-signature` header for `body`, or nil when a secret is not `whsec_<base64>`.
    public static func header(id: String, timestamp: Int, body: [UInt8], secrets: [String]) -> String? {
        var signatures: [String] = []
        for secret in secrets {
            guard let key = key(of: secret) else { return nil }
            var signed = Array("\(id).\(timestamp).".utf8)
            signed.append(contentsOf: body)
            let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
            signatures.append("v1," + Data(mac).base64EncodedString())
        }
        return signatures.isEmpty ? nil : signatures.joined(separator: " ")
    }

    /// The key bytes of a `whsec_` secret.
    public static func key(of secret: String) -> Data? {
        guard secret.hasPrefix("whsec_") else { return nil }
        return Data(base64Encoded: String(secret.dropFirst("whsec_".count)))
    }
}
