/// Recognises machine-generated mail, so Steward never answers an auto-reply with an auto-reply.
enum AutomaticMail {
    /// The header that shows the message was machine-generated, as "Name: value", or nil.
    ///
    /// X-Auto-Response-Suppress is deliberately not a signal: Outlook sets it on mail people write.
    /// A null Return-Path and a delivery report count too: RFC 3834 and RFC 5321 section 4.5.5 reserve
    /// the null sender for bounces and automatic responses.
    static func reason(headers: MailHeaders, isDeliveryReport: Bool) -> String? {
        if let value = headers["Auto-Submitted"], token(value) != "no" {
            return "Auto-Submitted: \(value)"
        }
        for name in ["X-Autoreply", "X-Autorespond"] {
            if let value = headers[name] { return "\(name): \(value)" }
        }
        if let value = headers["Precedence"], ["bulk", "junk", "list", "auto_reply"].contains(token(value)) {
            return "Precedence: \(value)"
        }
        if let value = headers["List-Id"] {
            return "List-Id: \(value)"
        }
        if isDeliveryReport {
            return "Content-Type: multipart/report; report-type=delivery-status"
        }
        if let value = headers["Return-Path"], value.filter({ !$0.isWhitespace }) == "<>" {
            return "Return-Path: <>"
        }
        return nil
    }

    /// The value's first word, lowercased: "auto-replied" from "auto-replied; owner-email=…".
    private static func token(_ value: String) -> String {
        String(value.prefix { $0 != ";" && $0 != "(" }).trimmingWhitespace().lowercased()
    }
}
