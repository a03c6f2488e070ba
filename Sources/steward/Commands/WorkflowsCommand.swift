import ArgumentParser
import Foundation
import StewardMSA

struct WorkflowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflows",
        abstract: "Describes the request types.",
        subcommands: [DiagramCommand.self]
    )
}

struct DiagramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Writes one Mermaid state diagram per request type, generated from its Swift definition.",
        discussion: "A test fails when a committed diagram no longer matches the code: run this and commit the result."
    )

    @Option(help: "The folder to write <type>.mmd files into.")
    var directory = "workflows"

    func run() throws {
        for (type, title, diagram) in RequestTypes.diagrams {
            let path = "\(directory)/\(type).mmd"
            try diagram.mermaid(title: title).write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path) (\(diagram.states.count) states, \(diagram.edges.count) transitions)")
        }
    }
}
