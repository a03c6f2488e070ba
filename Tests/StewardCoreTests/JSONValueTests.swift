import Foundation
import StewardCore
import Testing

/// JSON values parsed once: the same value `Decodable` gives, booleans kept apart from 1 and 0.
@Suite struct JSONValueTests {
    @Test func parsingOnceGivesWhatDecodingGives() throws {
        let text = #"{"a": [true, false, 1, 0, 1.5, -2e3, "x", null, {"b": {"c": []}}], "d": "ü\n", "e": {}}"#
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(JSONValue(Data(text.utf8)) == decoded)
        #expect(
            JSONValue(Data("[true, 1, false, 0]".utf8)) == .array([.bool(true), .number(1), .bool(false), .number(0)]))
        #expect(JSONValue(Data("7".utf8)) == .number(7))
        #expect(JSONValue(Data("not json".utf8)) == .null)
    }

    @Test func aLargeValueParsesInOnePass() throws {
        // 20,000 objects of mixed fields: parsed without trying each kind of value at every node.
        let item = #"{"id": 1, "open": true, "name": "scan", "tags": ["a", "b"], "due": null}"#
        let text = "[" + Array(repeating: item, count: 20_000).joined(separator: ",") + "]"
        guard case .array(let items) = JSONValue(Data(text.utf8)) else {
            Issue.record("an array parses as an array")
            return
        }
        #expect(items.count == 20_000)
        #expect(items.last == (try JSONDecoder().decode(JSONValue.self, from: Data(item.utf8))))
    }
}
