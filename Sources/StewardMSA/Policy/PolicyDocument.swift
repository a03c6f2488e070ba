import Foundation
import StewardCore
import Yams

/// One parsed policy file, decoding values from any of its nodes with errors that point at a line.
struct PolicyDocument {
    /// A step into a YAML tree: a mapping key or a sequence index.
    enum Step: Hashable, CustomStringConvertible {
        case key(String)
        case index(Int)

        var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): "[\(index)]"
            }
        }
    }

    let file: String
    let root: Node

    init(file: String, yaml: String) throws(PolicyError) {
        self.file = file
        do {
            guard let root = try Yams.compose(yaml: yaml) else {
                throw PolicyError(file: file, line: 1, message: "the file is empty")
            }
            self.root = root
        } catch let error as PolicyError {
            throw error
        } catch {
            throw PolicyError(file: file, message: "not valid YAML: \(error)")
        }
    }

    /// Decodes the value at `path`, turning every kind of error into a ``PolicyError`` at its line.
    func decode<T: Decodable>(_ type: T.Type, at path: [Step]) throws(PolicyError) -> T {
        guard let node = node(at: path) else {
            let parent = deepest(along: path)
            throw PolicyError(file: file, line: parent.line, field: Self.render(path), message: "missing; add it")
        }
        do {
            // Through plain JSON values keyed by each key's text: Yams matches keys by their resolved
            // tag, so a quoted "10.1" or "1" would not be found under the key its decoder asks for.
            let json = try JSONSerialization.data(withJSONObject: Self.plainValue(of: node), options: [.fragmentsAllowed])
            return try JSONCoding.decoder.decode(T.self, from: json)
        } catch let error as DecodingError {
            throw failure(at: path + Self.steps(of: Self.codingPath(of: error)), message: JSONCoding.describe(error))
        } catch let error as SLAPolicyError {
            throw failure(at: path + Self.steps(parsing: error.field), message: error.message)
        } catch let error as BusinessCalendarError {
            throw failure(at: path + Self.steps(parsing: error.field), message: error.message)
        } catch {
            throw failure(at: path, message: "\(error)")
        }
    }

    /// How many items the sequence at `path` has (0 when it is absent or not a sequence).
    func count(at path: [Step]) -> Int {
        node(at: path)?.sequence?.count ?? 0
    }

    /// An error at `path`, with the line of the deepest node that exists along it.
    func failure(at path: [Step], message: String) -> PolicyError {
        PolicyError(file: file, line: deepest(along: path).line, field: Self.render(path), message: message)
    }

    private func node(at path: [Step]) -> Node? {
        var node: Node? = root
        for step in path {
            switch step {
            case .key(let key): node = node?.mapping?.first { $0.key.string == key }?.value
            case .index(let index): node = node?.sequence.flatMap { index < $0.count ? $0[index] : nil }
            }
        }
        return node
    }

    /// The node as JSON-compatible values: mappings keyed by their keys' text, scalars by their
    /// resolved tag (a quoted "09:00-18:00" stays text, an unquoted 30 is a number).
    private static func plainValue(of node: Node) -> Any {
        switch node {
        case .mapping(let mapping):
            return Dictionary(mapping.map { ($0.key.string ?? "", plainValue(of: $0.value)) }, uniquingKeysWith: { _, last in last })
        case .sequence(let sequence):
            return sequence.map(plainValue(of:))
        case .scalar(let scalar):
            let resolved = Node.scalar(scalar)
            if resolved.null != nil { return NSNull() }
            if let bool = resolved.bool { return bool }
            if let int = resolved.int { return int }
            if let float = resolved.float { return float }
            return scalar.string
        case .alias:
            return NSNull()
        }
    }

    private func deepest(along path: [Step]) -> (node: Node, line: Int?) {
        var found = root
        for length in stride(from: path.count, through: 1, by: -1) {
            if let node = node(at: Array(path.prefix(length))) {
                found = node
                break
            }
        }
        return (found, found.mark?.line)
    }

    static func render(_ path: [Step]) -> String {
        var text = ""
        for step in path {
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index: text += step.description
            }
        }
        return text
    }

    /// `weeklyHours.mon[1].end` as steps.
    static func steps(parsing field: String) -> [Step] {
        var steps: [Step] = []
        for part in field.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { steps.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) { steps.append(.index(index)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                steps.append(.key(String(rest)))
            }
        }
        return steps
    }

    /// Array positions come as keys named "Index N"; dictionary keys like "1" carry an intValue too,
    /// but they are keys.
    private static func steps(of codingPath: [any CodingKey]) -> [Step] {
        codingPath.map { key in
            if let index = key.intValue, key.stringValue == "Index \(index)" { return .index(index) }
            return .key(key.stringValue)
        }
    }

    private static func codingPath(of error: DecodingError) -> [any CodingKey] {
        switch error {
        case .keyNotFound(let key, let context): context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath
        @unknown default: []
        }
    }
}
