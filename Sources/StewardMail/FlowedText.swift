/// RFC 3676 format=flowed, as Thunderbird and Apple Mail send plain text: a line ending in a space
/// continues on the next line. Decoding rejoins the paragraphs so quotes and signatures can be found
/// line by line.
enum FlowedText {
    static func decode(_ text: String, deleteSpace: Bool) -> String {
        var lines: [String] = []
        var paragraph: String?
        var paragraphDepth = 0

        func quoted(_ content: String, depth: Int) -> String {
            depth == 0 ? content : String(repeating: ">", count: depth) + " " + content
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let depth = rawLine.prefix { $0 == ">" }.count
            var content = rawLine.dropFirst(depth)
            if content.hasPrefix(" ") { content = content.dropFirst() }  // space-stuffing
            let isSignatureSeparator = content == "-- "
            if let current = paragraph, depth != paragraphDepth {
                // A flowed line followed by a different quote depth is ended as it is (RFC 3676 section 4.5).
                lines.append(quoted(current, depth: paragraphDepth))
                paragraph = nil
            }
            var joined = (paragraph ?? "") + content
            paragraphDepth = depth
            if content.hasSuffix(" ") && !isSignatureSeparator {
                if deleteSpace { joined.removeLast() }
                paragraph = joined
            } else {
                lines.append(quoted(joined, depth: depth))
                paragraph = nil
            }
        }
        if let paragraph { lines.append(quoted(paragraph, depth: paragraphDepth)) }
        return lines.joined(separator: "\n")
    }
}
