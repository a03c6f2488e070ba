/// Message-ID, In-Reply-To and References values: ids are kept without their angle brackets.
enum MessageID {
    /// Every `<id>` in the text, in order; bare ids (`id@host` without brackets, as some mailers
    /// write them) when there are no brackets at all.
    static func parseList(_ text: String) -> [String] {
        var ids: [String] = []
        var current: String?
        for character in text {
            switch character {
            case "<": current = ""
            case ">":
                if let id = current?.filter({ !$0.isWhitespace }), !id.isEmpty { ids.append(id) }
                current = nil
            default: current?.append(character)
            }
        }
        if ids.isEmpty && !text.contains("<") {
            ids = text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).filter { $0.contains("@") }.map(String.init)
        }
        return ids
    }

    /// The id without brackets or surrounding whitespace, whether or not the caller wrote them.
    static func bare(_ id: String) -> String {
        var id = id.trimmingWhitespace()
        if id.hasPrefix("<") { id.removeFirst() }
        if id.hasSuffix(">") { id.removeLast() }
        return id
    }
}
