import Foundation

/// The Message-IDs Steward writes, and reading them back from replies and bounces:
/// `outbox-<row>@<domain>` for one delivery, `request-<year>-<number>@<domain>` for a request's thread.
public enum MessageIDs {
    public static func delivery(outboxID: Int64, domain: String) -> String { "outbox-\(outboxID)@\(domain)" }

    public static func thread(of reference: RequestReference, domain: String) -> String {
        "request-\(reference.year)-\(reference.number)@\(domain)"
    }

    /// The outbox row a Message-ID of ours names, if it is one.
    public static func outboxID(in messageID: String) -> Int64? {
        guard let local = localPart(of: messageID, prefix: "outbox-") else { return nil }
        // Anything after a dot is a relay's or a client's addition; the row is the number before it.
        return Int64(local.prefix { $0 != "." })
    }

    /// The request a thread id of ours names, if it is one.
    public static func reference(in messageID: String) -> RequestReference? {
        guard let local = localPart(of: messageID, prefix: "request-") else { return nil }
        let parts = local.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int64(parts[1]) else { return nil }
        return RequestReference(year: year, number: number)
    }

    /// The domain Message-IDs are made in: the sender address's.
    public static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "steward.invalid"
    }

    private static func localPart(of messageID: String, prefix: String) -> String? {
        let id = messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        guard let at = id.firstIndex(of: "@"), id.hasPrefix(prefix) else { return nil }
        return String(id[id.index(id.startIndex, offsetBy: prefix.count)..<at])
    }
}
