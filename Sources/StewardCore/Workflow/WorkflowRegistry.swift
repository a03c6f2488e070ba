/// The request types an engine runs, by their stored type name.
public struct WorkflowRegistry: Sendable {
    private var definitions: [String: AnyWorkflow] = [:]

    public init() {}

    public init(_ workflows: [AnyWorkflow]) {
        for workflow in workflows { register(workflow) }
    }

    public mutating func register(_ workflow: AnyWorkflow) {
        definitions[workflow.type] = workflow
    }

    public mutating func register<W: Workflow>(_ workflow: W) {
        register(AnyWorkflow(workflow))
    }

    /// Every registered type name, sorted.
    public var types: [String] { definitions.keys.sorted() }

    /// The definition for `type`, or an error listing the types that exist.
    public func definition(for type: String) throws(UnknownWorkflowType) -> AnyWorkflow {
        guard let definition = definitions[type] else { throw UnknownWorkflowType(type: type, known: types) }
        return definition
    }
}

/// A request type that no definition is registered for.
public struct UnknownWorkflowType: Error, Sendable, CustomStringConvertible {
    public var type: String
    public var known: [String]

    public var description: String {
        "unknown workflow type '\(type)': use one of \(known.isEmpty ? "(none registered)" : known.joined(separator: ", "))"
    }
}
