import ArgumentParser
import Foundation
import StewardMSA

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Works with the policy files operators edit (SLA targets, calendars, products, groups).",
        subcommands: [PolicyCheckCommand.self]
    )
}

struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validates workflows/*.yaml without starting anything.",
        discussion: """
            Reads policy.yaml, calendars.yaml, products.yaml and groups.yaml and checks them as start-up \
            does: the first problem is printed with its file, line and field, and the command exits 1.
            """
    )

    @OptionGroup var options: PolicyOptions

    func run() throws {
        let directory = options.policyDirectory
        let policy: MSAPolicy
        do {
            policy = try MSAPolicy.load(from: URL(fileURLWithPath: directory))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(
            """
            \(directory): valid
              SLA targets     \(policy.sla.responseTimes.count) severities, warnings at \(policy.sla.warningFractions.map { "\(Int($0 * 100)) %" }.joined(separator: ", "))
              calendars       \(policy.calendars.keys.sorted().joined(separator: ", "))
              products        \(policy.products.products.keys.sorted().joined(separator: ", "))
              groups          \(policy.groups.map(\.name).joined(separator: ", "))
              staff           \(policy.staff.count), duty-rota fallback \(policy.dutyRota.fallback)
            """
        )
    }
}
