import Foundation

/// A workflow definition seen through JSON, so the engine can run any request type by its name.
public struct AnyWorkflow: Sendable {
    public let type: String
    public let version: Int
    private let startBody: @Sendable (Data, WorkflowContext) throws(TransitionError) -> RecordedTransition
    private let decideBody: @Sendable (Data, Data, WorkflowContext) throws(TransitionError) -> RecordedTransition
    private let eventNameBody: @Sendable (Data) -> String?
    private let checkInputBody: @Sendable (Data) throws(TransitionError) -> Void
    private let checkEventBody: @Sendable (Data) throws(TransitionError) -> String
    private let slaStatusBody: @Sendable (Data, Date) -> SLAStatus?
    private let slaFiguresStatusBody: @Sendable (SLAFigures, Date) -> SLAStatus
    /// See ``Workflow/customerEvents``.
    public let customerEvents: Set<String>
    /// See ``Workflow/timerEvents``.
    public let timerEvents: Set<String>
    /// See ``Workflow/slaBreachEvents``.
    public let slaBreachEvents: Set<String>
    /// See ``Workflow/staffOnlyEvents``.
    public let staffOnlyEvents: Set<String>
    /// See ``Workflow/customerView``.
    public let customerView: CustomerView
    /// See ``Workflow/forms``.
    public let forms: WorkflowForms

    public init<W: Workflow>(_ workflow: W) {
        type = W.type
        version = workflow.version
        customerEvents = W.customerEvents
        timerEvents = W.timerEvents
        slaBreachEvents = W.slaBreachEvents
        staffOnlyEvents = W.staffOnlyEvents
        customerView = W.customerView
        forms = workflow.forms
        checkInputBody = { input throws(TransitionError) in
            let _: W.Input = try JSONCoding.decodeStrictly(input, as: "input", workflowType: W.type)
        }
        checkEventBody = { event throws(TransitionError) in
            let decoded: W.Event = try JSONCoding.decodeStrictly(event, as: "event", workflowType: W.type)
            return decoded.name
        }
        slaStatusBody = { stateData, now in
            guard let state = try? JSONCoding.decoder.decode(W.State.self, from: stateData) else { return nil }
            return workflow.slaStatus(of: state, at: now)
        }
        slaFiguresStatusBody = { figures, now in workflow.slaStatus(of: figures, at: now) }
        startBody = { (input, context) throws(TransitionError) in
            let decoded: W.Input = try JSONCoding.decode(input, as: "input", workflowType: W.type)
            let transition = try workflow.start(decoded, context: context)
            return try RecordedTransition(transition, of: workflow, event: "start")
        }
        decideBody = { (stateData, eventData, context) throws(TransitionError) in
            let state: W.State = try JSONCoding.decode(stateData, as: "state", workflowType: W.type)
            let event: W.Event = try JSONCoding.decode(eventData, as: "event", workflowType: W.type)
            let transition = try workflow.decide(state, on: event, context: context)
            return try RecordedTransition(transition, of: workflow, event: event.name)
        }
        eventNameBody = { data in (try? JSONCoding.decoder.decode(W.Event.self, from: data))?.name }
    }

    /// The first state of a new workflow from its JSON input.
    public func start(input: Data, context: WorkflowContext) throws(TransitionError) -> RecordedTransition {
        try startBody(input, context)
    }

    /// The next state from the stored JSON state and a JSON event.
    public func decide(
        state: Data, event: Data, context: WorkflowContext
    ) throws(TransitionError)
        -> RecordedTransition
    {
        try decideBody(state, event, context)
    }

    /// The name of a JSON event, or nil when it does not decode.
    public func eventName(of event: Data) -> String? {
        eventNameBody(event)
    }

    /// Refuses an input from outside that does not decode or carries a field the type does not
    /// know, naming the field; what passes decodes to exactly what the caller meant.
    public func check(input: Data) throws(TransitionError) {
        try checkInputBody(input)
    }

    /// Like ``check(input:)`` for an event; returns the event's name.
    public func check(event: Data) throws(TransitionError) -> String {
        try checkEventBody(event)
    }

    /// Where the SLA of a workflow in the stored `state` stands at `now`; nil for a type without one.
    public func slaStatus(state: Data, at now: Date) -> SLAStatus? {
        slaStatusBody(state, now)
    }

    /// Where a target with the stored `figures` stands at `now`, without the state they came from.
    public func slaStatus(figures: SLAFigures, at now: Date) -> SLAStatus {
        slaFiguresStatusBody(figures, now)
    }
}

/// A transition in the form the store writes: names, JSON and effects with encoded events.
public struct RecordedTransition: Sendable {
    public var event: String
    public var stateName: String
    public var state: Data
    public var isTerminal: Bool
    public var mover: Mover
    /// The response-time target's figures in `state`, for a workflow that has one.
    public var slaFigures: SLAFigures?
    public var effects: [RecordedEffect]

    init<W: Workflow>(
        _ transition: Transition<W.State, W.Event>, of workflow: W, event: String
    )
        throws(TransitionError)
    {
        self.event = event
        stateName = transition.state.name
        state = try JSONCoding.encode(transition.state, workflowType: W.type)
        isTerminal = transition.state.isTerminal
        mover = transition.state.isTerminal ? .nobody : workflow.mover(of: transition.state)
        slaFigures = workflow.slaFigures(of: transition.state)
        var effects: [RecordedEffect] = []
        for effect in transition.effects {
            switch effect {
            case .createTask(let task): effects.append(.createTask(task))
            case .cancelTask(let name): effects.append(.cancelTask(name: name))
            case .scheduleTimer(let name, let at, let event):
                let encoded = try JSONCoding.encode(event, workflowType: W.type)
                effects.append(.scheduleTimer(name: name, at: at, event: encoded))
            case .cancelTimer(let name): effects.append(.cancelTimer(name: name))
            case .notify(let notification): effects.append(.notify(notification))
            }
        }
        self.effects = effects
    }
}

/// An ``Effect`` whose timer event is already JSON.
public enum RecordedEffect: Sendable, Equatable {
    case createTask(TaskSpec)
    case cancelTask(name: String)
    case scheduleTimer(name: String, at: Date, event: Data)
    case cancelTimer(name: String)
    case notify(Notification)
}

/// The one JSON form of inputs, states and events: sorted keys and ISO-8601 dates, so stored JSON is readable.
public enum JSONCoding {
    public static let encoder = makeEncoder()

    /// An encoder of this form; `prettyPrinted` for people reading it (the API's answers).
    public static func makeEncoder(prettyPrinted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            prettyPrinted ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(InstantText.text(of: date))
        }
        return encoder
    }

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = InstantText.date(text) {
                return date
            }
            // Other ISO-8601 shapes (an offset instead of Z) go through Foundation, which rolls an
            // impossible day over (2026-02-30 would be 2 March): refuse it instead.
            guard LocalDate(String(text.prefix(10))) != nil else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an ISO-8601 instant on a day that exists, such as 2026-03-27T16:00:00Z"
                )
            }
            if let date = try? Date(
                text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
            {
                return date
            }
            if let date = try? Date(text, strategy: .iso8601) {
                return date
            }
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not an ISO-8601 instant such as 2026-03-27T16:00:00Z"
            )
        }
        return decoder
    }()

    static func decode<T: Decodable>(_ data: Data, as what: String, workflowType: String) throws(TransitionError) -> T {
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            throw TransitionError(
                code: .undecodable,
                workflowType: workflowType,
                reason: "the \(what) is not a valid \(workflowType) \(what): \(describe(error))",
                field: fieldPath(of: error)
            )
        }
    }

    /// Decodes like ``decode(_:as:workflowType:)`` and refuses fields the type does not know.
    static func decodeStrictly<T: Codable>(_ data: Data, as what: String, workflowType: String) throws(TransitionError) -> T {
        do {
            return try decodeStrictly(data)
        } catch {
            throw TransitionError(
                code: .undecodable,
                workflowType: workflowType,
                reason: "the \(what) is not a valid \(workflowType) \(what): \(error.reason)",
                field: error.field
            )
        }
    }

    /// Decodes JSON from outside and refuses fields `T` does not know: every key with a value must
    /// come back when the decoded value is encoded again.
    public static func decodeStrictly<T: Codable>(_ data: Data, as type: T.Type = T.self) throws(JSONRefusal) -> T {
        let value: T
        do {
            value = try decoder.decode(T.self, from: data)
        } catch {
            throw JSONRefusal(reason: describe(error), field: fieldPath(of: error))
        }
        guard let original = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let encoded = try? encoder.encode(value),
            let again = try? JSONSerialization.jsonObject(with: encoded, options: [.fragmentsAllowed]),
            let unknown = unknownFields(in: original, comparedTo: again).first
        else { return value }
        throw JSONRefusal(reason: "field '\(unknown)' is not part of it; leave it out", field: unknown)
    }

    /// The paths of keys in `original` that `known` lacks; null values count as absent.
    public static func unknownFields(in original: Any, comparedTo known: Any, path: String = "") -> [String] {
        switch (original, known) {
        case (let original as [String: Any], let known as [String: Any]):
            return original.keys.sorted().flatMap { key -> [String] in
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                guard let value = original[key], !(value is NSNull) else { return [] }
                guard let counterpart = known[key] else { return [keyPath] }
                return unknownFields(in: value, comparedTo: counterpart, path: keyPath)
            }
        case (let original as [Any], let known as [Any]):
            return zip(original, known).enumerated().flatMap { index, pair in
                unknownFields(in: pair.0, comparedTo: pair.1, path: "\(path)[\(index)]")
            }
        default:
            return []
        }
    }

    static func encode<T: Encodable>(_ value: T, workflowType: String) throws(TransitionError) -> Data {
        do {
            return try encoder.encode(value)
        } catch {
            throw TransitionError(
                code: .undecodable,
                workflowType: workflowType,
                reason: "could not encode \(T.self): \(error)"
            )
        }
    }

    /// A decoding error in plain words, naming the field.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            // At the top the decoder's own words say more than the type's name ("expected one key").
            return context.codingPath.isEmpty
                ? "it does not have the expected shape: \(context.debugDescription)"
                : "field '\(path(context.codingPath))' must be \(type)"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(type), not null"
        case .dataCorrupted(let context):
            let at = context.codingPath.isEmpty ? "" : "field '\(path(context.codingPath))': "
            return at + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    /// The field a decoding error names, as `a.b[2].c`.
    public static func fieldPath(of error: any Error) -> String? {
        guard let error = error as? DecodingError else { return nil }
        switch error {
        case .keyNotFound(let key, let context): return path(context.codingPath + [key])
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.isEmpty ? nil : path(context.codingPath)
        @unknown default: return nil
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }
}

/// Why JSON from outside was refused, in plain words, naming the field at fault.
public struct JSONRefusal: Error, Sendable, Equatable {
    public var reason: String
    public var field: String?

    public init(reason: String, field: String? = nil) {
        self.reason = reason
        self.field = field
    }
}
