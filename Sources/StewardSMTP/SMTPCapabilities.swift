/// The ESMTP extensions a server announced in its EHLO reply (RFC 5321 section 4.1.1.1).
struct SMTPCapabilities: Sendable, Hashable {
    var startTLS = false
    /// Upper-cased mechanism names, in the server's order.
    var authenticationMechanisms: [String] = []
    /// The largest message the server accepts, when it said so (SIZE, RFC 1870); nil or 0 means no limit given.
    var sizeLimit: Int?
    var eightBitMIME = false

    /// What a server that answered HELO (no extensions) supports.
    init() {}

    /// Reads the keyword lines after the greeting line of a 250 reply to EHLO.
    init(ehloReply: SMTPReply) {
        for line in ehloReply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS":
                startTLS = true
            case "AUTH":
                // "AUTH=PLAIN LOGIN" is an old form some servers still send next to "AUTH PLAIN LOGIN".
                for mechanism in words.dropFirst() where !authenticationMechanisms.contains(mechanism) {
                    authenticationMechanisms.append(mechanism)
                }
            case "SIZE":
                sizeLimit = words.dropFirst().first.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            case "8BITMIME":
                eightBitMIME = true
            default:
                continue
            }
        }
    }
}
