import Foundation

/// Any JSON: how stored states, events and history payloads travel inside an answer as they are.
public enum JSONValue: Sendable, Hashable, Codable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// The JSON in `data`, or null when it is not JSON: parsed once, in time linear in its size
    /// (decoding it as `Decodable` would try each kind of value in turn at every node).
    public init(_ data: Data) {
        guard let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            self = .null
            return
        }
        self.init(parsed: parsed)
    }

    /// A value as `JSONSerialization` parsed it.
    public init(parsed value: Any) {
        switch value {
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            // true and false parse as the boolean subclass of NSNumber, 1 and 0 as plain numbers.
            self = ObjectIdentifier(type(of: number)) == Self.booleanClass ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            self = .array(array.map(JSONValue.init(parsed:)))
        case let object as [String: Any]:
            self = .object(object.mapValues(JSONValue.init(parsed:)))
        default:
            self = .null
        }
    }

    private static let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .object(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
