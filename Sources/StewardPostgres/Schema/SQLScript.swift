/// Splits a migration file into statements: PostgresNIO sends one statement per query.
///
/// Semicolons inside quoted strings, quoted identifiers, dollar-quoted bodies (`$$ … $$`,
/// `$fn$ … $fn$`) and comments do not end a statement.
public enum SQLScript {
    public static func statements(in script: String) -> [String] {
        let characters = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0

        func flush() {
            let statement = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !statement.isEmpty, !isOnlyComments(statement) { statements.append(statement) }
            current.removeAll()
        }

        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "-" where next == "-":
                let end = characters[index...].firstIndex(of: "\n") ?? characters.count
                current.append(contentsOf: characters[index..<end])
                index = end
            case "/" where next == "*":
                let end = closing(of: ["*", "/"], in: characters, from: index + 2)
                current.append(contentsOf: characters[index..<end])
                index = end
            case "'", "\"":
                let end = closing(of: [character], in: characters, from: index + 1)
                current.append(contentsOf: characters[index..<end])
                index = end
            case "$":
                if let tag = dollarTag(in: characters, at: index) {
                    let end = closing(of: tag, in: characters, from: index + tag.count)
                    current.append(contentsOf: characters[index..<end])
                    index = end
                } else {
                    current.append(character)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                current.append(character)
                index += 1
            }
        }
        flush()
        return statements
    }

    /// The index just past the first `terminator` at or after `start` (the end when there is none).
    private static func closing(of terminator: [Unicode.Scalar], in characters: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index + terminator.count <= characters.count {
            if Array(characters[index..<index + terminator.count]) == terminator { return index + terminator.count }
            index += 1
        }
        return characters.count
    }

    /// `$$` or `$tag$` starting at `index`, if one does.
    private static func dollarTag(in characters: [Unicode.Scalar], at index: Int) -> [Unicode.Scalar]? {
        var end = index + 1
        while end < characters.count, characters[end] == "_" || characters[end].properties.isAlphabetic {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return Array(characters[index...end])
    }

    private static func isOnlyComments(_ statement: String) -> Bool {
        statement.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
    }
}
