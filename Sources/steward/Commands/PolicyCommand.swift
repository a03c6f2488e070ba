import ArgumentParser
import Foundation
import StewardMSA
import StewardRuntime

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Works with the policy files operators edit (SLA targets, calendars, products) and the directory file.",
        subcommands: [PolicyCheckCommand.self]
    )
}

struct PolicyCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validates workflows/*.yaml without starting anything.",
        discussion: """
            Reads policy.yaml, calendars.yaml and products.yaml and checks them as start-up does, and \
            directory.yaml (the demo directory `steward dev` imports) when the folder has one, as \
            `steward directory import` would, and the notification templates of templates/ (every kind has \
            its subject, text and html, and names only its kind's fields): the first problem is printed with \
            its file, line and field, and the command exits 1.
            """
    )

    @OptionGroup var options: PolicyOptions

    func run() throws {
        let directory = options.policyDirectory
        let policy: MSAPolicy
        let people: Directory?
        let templates: NotificationTemplates
        do {
            policy = try MSAPolicy.load(from: URL(fileURLWithPath: directory))
            let file = URL(fileURLWithPath: directory).appendingPathComponent("directory.yaml")
            people =
                FileManager.default.fileExists(atPath: file.path)
                ? try Directory.read(from: file, rules: DirectoryRules(calendars: Set(policy.calendars.keys))) : nil
            templates = try NotificationTemplates(
                folder: URL(fileURLWithPath: directory).appendingPathComponent("templates"), fields: NotificationKind.templateFields,
                commonFields: Set(NotificationKind.commonFields))
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
              templates       \(templates.kinds.count) notification kinds, each with subject, text and html
            """
        )
        guard let people else { return }
        print(
            """
              directory.yaml  \(people.staff.count) staff, \(people.groups.count) groups, \(people.customers.count) customers, \
            duty-rota fallback \(people.dutyRota.fallback)
            """
        )
    }
}
