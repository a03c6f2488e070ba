import Foundation
import StewardCore
import Testing

/// How a test reaches one diagram edge: by starting the workflow, or by an event in a sample state.
enum EdgeReplay<W: Workflow> {
    case start(W.Input)
    case decide(W.State, W.Event)
}

/// The checks every request type's tests run against its declared diagram, so the generated
/// picture cannot drift from `decide`.
enum DiagramConformance {
    /// Replays `edge` and checks it reaches the state the diagram names.
    static func replay<W: Workflow>(
        _ edge: StateDiagram.Edge,
        of workflow: W,
        by replay: EdgeReplay<W>?,
        context: WorkflowContext
    ) throws {
        switch try #require(replay, "no replay for \(edge.from) --\(edge.event)--> \(edge.to)") {
        case .start(let input):
            #expect(try workflow.start(input, context: context).state.name == edge.to)
        case .decide(let state, let event):
            #expect(state.name == edge.from && event.name == edge.event)
            #expect(try workflow.decide(state, on: event, context: context).state.name == edge.to)
        }
    }

    /// Every event a sample state accepts is an edge, and the diagram names exactly these states.
    static func acceptedEventsAreEdges<W: Workflow>(
        of workflow: W,
        diagram: StateDiagram,
        nonTerminal: [W.State],
        terminal: [W.State],
        events: [W.Event],
        context: WorkflowContext
    ) {
        let edges = Set(diagram.edges)
        for state in nonTerminal + terminal {
            for event in events {
                guard let next = try? workflow.decide(state, on: event, context: context) else { continue }
                #expect(
                    edges.contains(.init(state.name, event.name, next.state.name)),
                    "\(state.name) --\(event.name)--> \(next.state.name)"
                )
            }
        }
        #expect(Set(diagram.states) == Set((nonTerminal + terminal).map(\.name) + [diagram.initial]))
        #expect(Set(diagram.terminal) == Set(terminal.map(\.name)))
    }

    /// The table and the Event type name the same events: every event has one row, named as its
    /// JSON is keyed. `events` holds one sample of every case.
    static func tableNamesEveryEvent<W: DeclaredWorkflow>(of _: W.Type, events: [W.Event]) throws {
        let rows = W.transitions.events.map(\.name)
        #expect(Set(rows).count == rows.count, "an event has two rows: \(rows)")
        for event in events {
            let json = try JSONSerialization.jsonObject(with: JSONCoding.encoder.encode(event)) as? [String: Any]
            #expect(json?.keys.sorted() == [event.name], "\(event) is named \(event.name)")
        }
        #expect(events.count == Set(events.map(\.name)).count, "one sample per case")
        #expect(Set(events.map(\.name)) == Set(rows))
    }
}
