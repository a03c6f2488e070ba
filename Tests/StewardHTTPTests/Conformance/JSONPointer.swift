import Foundation
import StewardCore

/// JSON pointers (RFC 6901) within the document, `#/paths/~1v1~1me/get`: where a `$ref` points
/// and where a violation's keyword is.
enum JSONPointer {
    static func appending(_ base: String, _ tokens: String...) -> String {
        tokens.reduce(base) { pointer, token in
            pointer + "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
    }

    /// The unescaped tokens of a pointer within this document (`#/…`); nil for any other reference.
    static func tokens(of pointer: String) -> [String]? {
        if pointer == "#" { return [] }
        guard pointer.hasPrefix("#/") else { return nil }
        return pointer.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}
