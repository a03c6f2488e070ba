import ArgumentParser
import Foundation
import StewardMSA

/// Where the policy files are; every command that runs workflows loads and checks them first.
struct PolicyOptions: ParsableArguments {
    @Option(help: "The folder holding policy.yaml, calendars.yaml and products.yaml (and the demo directory.yaml).")
    var policyDirectory = "workflows"

    /// The checked policy, or an error naming the file, the line and the field.
    func load() throws -> MSAPolicy {
        do {
            return try MSAPolicy.load(from: URL(fileURLWithPath: policyDirectory))
        } catch {
            throw ValidationError("the policy cannot be used: \(error)")
        }
    }
}
