import Foundation
import StewardCore
import StewardMail

/// What a received message asks for, read from the message alone: the rules of the mail gateway
/// that need no database (the rt-mailgate / PostMaster pattern).
public enum MailIntake {
    /// A message with no `[sevN]` tag files an incident of this severity.
    public static let defaultSeverity = 3
    /// How far before its handing-in a message may say it arrived (a relay that held it for days
    /// does not back-date the SLA clock further than this).
    public static let oldestArrival: TimeInterval = 7 * 86_400

    /// Why the message is not to be answered at all, if so: our own message come back, or mail a
    /// machine wrote (auto-replies answered by auto-replies are how mail loops start).
    public static func loopReason(of message: InboundMessage) -> String? {
        if let id = message.messageID, MessageIDs.outboxID(in: id) != nil {
            return "its Message-ID <\(id)> is one of Steward's own: a mail loop sent our notification back"
        }
        if let automatic = message.automaticReason {
            return "a machine sent it (\(automatic)); automatic mail is not filed, so mail loops cannot start"
        }
        return nil
    }

    /// The severity a `[sev1]` … `[sev4]` tag in the subject asks for (also `[sev 2]`, any letter case).
    public static func severity(in subject: String) -> Int? {
        let lowered = subject.lowercased()
        for level in 1...4 where lowered.contains("[sev\(level)]") || lowered.contains("[sev \(level)]") {
            return level
        }
        return nil
    }

    /// The subject as a summary: without reply and forward prefixes (Re:, Fwd:, AW:, WG:, SV:),
    /// the severity tag and our reference.
    public static func summary(of subject: String) -> String {
        var text = subject
        for level in 1...4 {
            for tag in ["[sev\(level)]", "[sev \(level)]"] {
                text = text.replacingOccurrences(of: tag, with: "", options: .caseInsensitive)
            }
        }
        if let reference = RequestReference.find(in: text) {
            text = text.replacingOccurrences(of: "[\(reference)]", with: "", options: .caseInsensitive)
        }
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        let prefixes = ["re:", "fw:", "fwd:", "aw:", "wg:", "sv:", "tr:"]
        while let prefix = prefixes.first(where: { trimmed.lowercased().hasPrefix($0) }) {
            trimmed = String(trimmed.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        return trimmed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// When the message reached us: the last relay's `Received` time, else its `Date`, never in
    /// the future and never more than ``oldestArrival`` before `now`.
    public static func receivedAt(of message: InboundMessage, now: Date) -> Date {
        let said = message.arrivedAt ?? message.date ?? now
        return min(now, max(now.addingTimeInterval(-oldestArrival), said))
    }

    /// The requests the message says it belongs to, strongest first: the reference in its
    /// subject, then the thread ids of ours it answers (`In-Reply-To`, then `References`).
    public static func threadHints(of message: InboundMessage) -> (references: [RequestReference], outboxIDs: [Int64]) {
        var references = RequestReference.find(in: message.subject).map { [$0] } ?? []
        var outboxIDs: [Int64] = []
        for id in message.inReplyTo + message.references.reversed() {
            if let outboxID = MessageIDs.outboxID(in: id) { outboxIDs.append(outboxID) }
            if let reference = MessageIDs.reference(in: id), !references.contains(reference) { references.append(reference) }
        }
        return (references, outboxIDs)
    }

    /// The customer's words with a list of what the message had attached, for the request's history.
    public static func text(_ words: String, attaching attachments: [MailAttachment]) -> String {
        let text = words.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !attachments.isEmpty else { return text }
        return text + "\n\nAttached (kept by Steward, not opened): " + attachments.map(\.filename).joined(separator: ", ")
    }
}
