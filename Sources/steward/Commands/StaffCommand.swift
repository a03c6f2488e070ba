import ArgumentParser
import Foundation
import StewardCore
import StewardMSA
import StewardServiceDesk

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Adds, lists and updates staff and their away periods (every change audited).",
        subcommands: [List.self, Add.self, Update.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists staff with their calendars, groups and away periods.")
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let directory = try await desk.run("steward.staff") { desk, principal in try await desk.staffDirectory(for: principal) }
            for member in directory.staff {
                let groups = directory.groups.filter { $0.members.contains(member.id) }.map(\.name).joined(separator: ",")
                let away = member.away.map { "away \($0.start.formatted(.iso8601))–\($0.end.formatted(.iso8601))" }.joined(separator: " ")
                print("\(member.id)  \(member.calendar)  [\(groups)]  \(member.active ? "active" : "deactivated")  \(member.name) \(away)")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds a staff member; put them in groups with `steward directory import` or PATCH /v1/groups.")
        @Argument(help: "The new staff id.") var id: String
        @Option(help: "Their name.") var name: String
        @Option(help: "Their e-mail address.") var email: String
        @Option(help: "The calendar of their working hours (calendars.yaml).") var calendar: String
        @Option(help: "Their phone number.") var phone: String?
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let member = try decodeEntry(
                Directory.StaffMember.self,
                from: patch([
                    "id": .string(id), "name": .string(name), "email": .string(email), "calendar": .string(calendar),
                    "phone": phone.map(JSONValue.string),
                ])
            )
            try printYAML(try await desk.run("steward.staff") { desk, principal in try await desk.addStaff(member, by: principal) })
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Changes a staff member; --away records leave (a TAM away is stood in for by the duty manager).",
            discussion: "Example: steward staff update tom --away 2026-12-07T00:00:00Z/2026-12-12T00:00:00Z (replaces their away periods)."
        )
        @Argument(help: "The staff id.") var id: String
        @Option(help: "Their name.") var name: String?
        @Option(help: "Their e-mail address.") var email: String?
        @Option(help: "Their calendar.") var calendar: String?
        @Option(help: "An away period FROM/TO in ISO 8601; repeat for more; replaces the recorded ones.") var away: [String] = []
        @Flag(help: "Clear every away period.") var back = false
        @Flag(help: "Deactivate them: their tokens stop working; their history stays.") var deactivate = false
        @OptionGroup var desk: DeskOptions

        func validate() throws {
            for period in away {
                let ends = period.split(separator: "/")
                guard ends.count == 2, ends.allSatisfy({ (try? Date(String($0), strategy: .iso8601)) != nil }) else {
                    throw ValidationError("--away \(period) is not FROM/TO such as 2026-12-07T00:00:00Z/2026-12-12T00:00:00Z")
                }
            }
        }

        func run() async throws {
            let periods: JSONValue? =
                back
                ? .array([])
                : away.isEmpty
                    ? nil
                    : .array(
                        away.map { period in
                            let ends = period.split(separator: "/").map { JSONValue.string(String($0)) }
                            return .object(["start": ends[0], "end": ends[1]])
                        })
            let changes = patch([
                "name": name.map(JSONValue.string), "email": email.map(JSONValue.string), "calendar": calendar.map(JSONValue.string),
                "away": periods, "active": deactivate ? .bool(false) : nil,
            ])
            let changed = try await desk.run("steward.staff") { [id] desk, principal in
                try await desk.updateStaff(id, patch: changes, by: principal)
            }
            try printYAML(changed)
        }
    }
}
