import ArgumentParser
import Foundation
import StewardCore
import StewardMSA
import StewardServiceDesk

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Adds, lists, shows and updates customers and their contracts (every change audited).",
        subcommands: [List.self, Show.self, Add.self, Update.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists customers: id, tier, TAM, contract, active or not.")
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            for customer in try await desk.run("steward.customer", { desk, principal in try await desk.customers(for: principal) }) {
                let contract = "\(customer.contractStart) to \(customer.contractEnd.map(String.init(describing:)) ?? "open end")"
                print(
                    "\(customer.id)  \(customer.tier.rawValue)  TAM \(customer.tam ?? "none")  \(contract)  \(customer.active ? "active" : "deactivated")  \(customer.name)"
                )
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints a customer with contacts and webhooks, as directory YAML.")
        @Argument(help: "The customer's id.") var id: String
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            try printYAML(try await desk.run("steward.customer") { [id] desk, principal in try await desk.customer(id, for: principal) })
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds a customer; add their contacts with `steward contact add`.",
            discussion:
                "Example: steward customer add umbrella --name 'Umbrella Research' --support-calendar berlin-support --time-zone Europe/Paris --contract-start 2027-01-01 --tam tom"
        )
        @Argument(help: "The new customer's id: lower-case letters, digits, dots, dashes.") var id: String
        @Option(help: "The customer's name.") var name: String
        @Option(help: "enterprise or standard.") var tier = "enterprise"
        @Option(help: "The support calendar (calendars.yaml) severity 3 and 4 targets count in.") var supportCalendar: String
        @Option(help: "The customer's own IANA time zone, for reports and the portal.") var timeZone: String
        @Option(help: "The contract's first day, YYYY-MM-DD.") var contractStart: String
        @Option(help: "The contract's last day, YYYY-MM-DD (none: it runs on).") var contractEnd: String?
        @Option(help: "The staff id of the customer's TAM.") var tam: String?
        @Option(help: "How the daily severity-1 report goes: email or phone.") var dailyReportVia = "email"
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let fields: [String: JSONValue?] = [
                "id": .string(id), "name": .string(name), "tier": .string(tier), "supportCalendar": .string(supportCalendar),
                "timeZone": .string(timeZone), "contractStart": .string(contractStart), "contractEnd": contractEnd.map(JSONValue.string),
                "tam": tam.map(JSONValue.string), "dailyReportVia": .string(dailyReportVia),
            ]
            let customer = try decodeEntry(Directory.Customer.self, from: patch(fields))
            let added = try await desk.run("steward.customer") { desk, principal in try await desk.addCustomer(customer, by: principal) }
            try printYAML(added)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Changes a customer; a new tier or calendar applies to requests filed after it.")
        @Argument(help: "The customer's id.") var id: String
        @Option(help: "The customer's name.") var name: String?
        @Option(help: "enterprise or standard.") var tier: String?
        @Option(help: "The support calendar.") var supportCalendar: String?
        @Option(help: "The customer's own IANA time zone.") var timeZone: String?
        @Option(help: "The contract's last day, YYYY-MM-DD; an ended contract refuses new requests.") var contractEnd: String?
        @Option(help: "The staff id of the customer's TAM.") var tam: String?
        @Option(help: "email or phone.") var dailyReportVia: String?
        @Flag(help: "Deactivate the customer (its history stays readable).") var deactivate = false
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let changes = patch([
                "name": name.map(JSONValue.string), "tier": tier.map(JSONValue.string),
                "supportCalendar": supportCalendar.map(JSONValue.string), "timeZone": timeZone.map(JSONValue.string),
                "contractEnd": contractEnd.map(JSONValue.string), "tam": tam.map(JSONValue.string),
                "dailyReportVia": dailyReportVia.map(JSONValue.string), "active": deactivate ? .bool(false) : nil,
            ])
            let changed = try await desk.run("steward.customer") { [id] desk, principal in
                try await desk.updateCustomer(id, patch: changes, by: principal)
            }
            try printYAML(changed)
        }
    }
}

/// An entry from the fields a person gave on the command line, refused naming the field.
func decodeEntry<Entry: Codable>(_ type: Entry.Type, from fields: JSONValue) throws -> Entry {
    do {
        return try JSONCoding.decodeStrictly(try JSONCoding.encoder.encode(fields), as: Entry.self)
    } catch let refusal as JSONRefusal {
        throw ValidationError(refusal.field.map { "--\($0): \(refusal.reason)" } ?? refusal.reason)
    }
}
