/// The new part of a customer's reply, so a comment on a request holds what they wrote and not the
/// whole thread again.
public enum ReplyText {
    /// The text without quoted history and signature, where a marker shows where they start:
    ///
    /// - lines starting with ">" (and the attribution line above them: "On …, … wrote:", also over
    ///   two lines, and "Am … schrieb …:"). An attribution with no quoted lines after it cuts there,
    ///   because the history then follows unquoted;
    /// - Outlook's "-----Original Message-----", or its "From: … Sent: … To: … Subject:" block (with the
    ///   "________________________________" line it puts before it), which cut everything after;
    /// - the signature separator "-- " (also "--" once trailing spaces were lost), which cuts what follows.
    ///
    /// Text with no marker is kept as it is; blank lines at the end (and at the start) are trimmed.
    public static func newContent(of text: String) -> String {
        let lines = text.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var index = 0
        scan: while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingWhitespace()
            if isQuoted(line) {
                index += 1
                continue
            }
            if line == "-- " || line == "--" || isOutlookSeparator(lines, at: index) {
                break scan
            }
            if let length = attributionLength(lines, at: index) {
                let next = lines[(index + length)...].first { !$0.trimmingWhitespace().isEmpty }
                guard let next, isQuoted(next) else { break scan }
                index += length
                continue
            }
            kept.append(trimmed.isEmpty ? "" : line)
            index += 1
        }
        while let last = kept.last, last.isEmpty { kept.removeLast() }
        // Blank lines left at the top when a quote above the answer was dropped (bottom-posting).
        return kept.drop { $0.isEmpty }.joined(separator: "\n")
    }

    private static func isQuoted(_ line: Substring) -> Bool {
        line.drop { $0 == " " }.hasPrefix(">")
    }

    /// How many lines (1 or 2) the attribution at `index` takes, or nil when there is none.
    private static func attributionLength(_ lines: [Substring], at index: Int) -> Int? {
        let first = lines[index].trimmingWhitespace()
        if isAttribution(first) { return 1 }
        if index + 1 < lines.count, first.hasPrefix("On ") || first.hasPrefix("Am "),
            isAttribution(first + " " + lines[index + 1].trimmingWhitespace())
        {
            return 2
        }
        return nil
    }

    private static func isAttribution(_ line: String) -> Bool {
        guard line.count < 300 else { return false }
        if line.hasPrefix("On ") && line.hasSuffix("wrote:") { return true }
        return line.hasPrefix("Am ") && line.contains(" schrieb ") && line.hasSuffix(":")
    }

    /// Outlook's markers for the start of the quoted original.
    private static func isOutlookSeparator(_ lines: [Substring], at index: Int) -> Bool {
        let line = lines[index].trimmingWhitespace()
        let lowered = line.lowercased()
        if lowered.hasPrefix("-----") && lowered.hasSuffix("-----")
            && (lowered.contains("original message") || lowered.contains("ursprüngliche nachricht"))
        {
            return true
        }
        if line.count >= 20 && line.allSatisfy({ $0 == "_" }) {
            guard let next = lines[(index + 1)...].firstIndex(where: { !$0.trimmingWhitespace().isEmpty }) else { return false }
            return isHeaderBlockStart(lines, at: next)
        }
        return isHeaderBlockStart(lines, at: index)
    }

    /// "From: …" followed within a few lines by "Sent:" (or "Date:") and "To:" or "Subject:", in English or German.
    private static func isHeaderBlockStart(_ lines: [Substring], at index: Int) -> Bool {
        let line = lines[index].trimmingWhitespace()
        guard line.hasPrefix("From:") || line.hasPrefix("Von:") else { return false }
        let following = lines[(index + 1)..<min(lines.count, index + 6)].map { $0.trimmingWhitespace() }
        let hasSent = following.contains { $0.hasPrefix("Sent:") || $0.hasPrefix("Date:") || $0.hasPrefix("Gesendet:") }
        let hasRecipientOrSubject = following.contains {
            $0.hasPrefix("To:") || $0.hasPrefix("Subject:") || $0.hasPrefix("An:") || $0.hasPrefix("Betreff:")
        }
        return hasSent && hasRecipientOrSubject
    }
}
