import Foundation
import StewardCore
import Testing

/// The customer's view is an allow-list: what it lists is kept, everything else is left out.
@Suite struct CustomerViewTests {
    static func json(_ text: String) -> JSONValue {
        JSONValue(Data(text.utf8))
    }

    static let view = CustomerView(
        state: [.object("ticket", ["title", .object("steps", ["done"])]), "reason"],
        input: ["title"],
        events: ["answer": ["message"]]
    )

    @Test func aStateKeepsItsCaseAndOnlyTheListedFieldsInsideIt() {
        let stored = Self.json(
            #"{"open": {"ticket": {"title": "Scanner hangs", "assignee": "sam", "steps": [{"done": true, "by": "sam"}]}, "note": "x"}}"#
        )
        #expect(Self.view.state(stored) == Self.json(#"{"open": {"ticket": {"title": "Scanner hangs", "steps": [{"done": true}]}}}"#))
    }

    @Test func aFieldNobodyListedIsHiddenWhereverItIs() {
        // A field added to a state later, at the top or inside a listed object, stays staff's.
        let stored = Self.json(#"{"closed": {"reason": "fixed", "qaNotes": "flaky", "ticket": {"title": "t", "build": "b-7"}}}"#)
        #expect(Self.view.state(stored) == Self.json(#"{"closed": {"reason": "fixed", "ticket": {"title": "t"}}}"#))
        #expect(CustomerView.nothing.state(stored) == Self.json(#"{"closed": {}}"#))
    }

    @Test func aHistoryPayloadKeepsTheFilingsAndEachEventsListedFields() {
        let view = Self.view
        #expect(view.payload(Self.json(#"{"title": "t", "tier": "gold"}"#), ofEvent: "start") == Self.json(#"{"title": "t"}"#))
        #expect(
            view.payload(Self.json(#"{"answer": {"message": "On it", "by": "sam"}}"#), ofEvent: "answer")
                == Self.json(#"{"answer": {"message": "On it"}}"#))
        // An event the view does not list shows its name only.
        #expect(view.payload(Self.json(#"{"assign": {"to": "sam"}}"#), ofEvent: "assign") == Self.json(#"{"assign": {}}"#))
    }
}
