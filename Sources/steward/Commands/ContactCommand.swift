import ArgumentParser
import Foundation
import StewardCore
import StewardMSA
import StewardServiceDesk

struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Adds, lists and updates a customer's contacts (every change audited).",
        subcommands: [List.self, Add.self, Update.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists a customer's contacts.")
        @Option(help: "The customer's id.") var customer: String
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let contacts = try await desk.run("steward.contact") { [customer] desk, principal in
                try await desk.contacts(of: customer, for: principal)
            }
            for contact in contacts {
                let acceptor = contact.licenceAcceptor ? "  licence acceptor" : ""
                print(
                    "\(contact.id)  \(contact.email)  \(contact.language)  \(contact.active ? "active" : "deactivated")\(acceptor)  \(contact.name)"
                )
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds a contact; `steward token create --role customer --customer C --contact ID` gives them a token.")
        @Option(help: "The customer's id.") var customer: String
        @Argument(help: "The new contact's id, unique within the customer.") var id: String
        @Option(help: "Their name.") var name: String
        @Option(help: "Their e-mail address.") var email: String
        @Option(help: "Their phone number.") var phone: String?
        @Option(help: "Their language, an IETF tag such as en or de.") var language = "en"
        @Flag(help: "They may accept a private-patch licence for the customer.") var licenceAcceptor = false
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let contact = try decodeEntry(
                Directory.Contact.self,
                from: patch([
                    "id": .string(id), "name": .string(name), "email": .string(email), "phone": phone.map(JSONValue.string),
                    "language": .string(language), "licenceAcceptor": .bool(licenceAcceptor),
                ])
            )
            let added = try await desk.run("steward.contact") { [customer] desk, principal in
                try await desk.addContact(contact, to: customer, by: principal)
            }
            try printYAML(added)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Changes or deactivates a contact.")
        @Option(help: "The customer's id.") var customer: String
        @Argument(help: "The contact's id.") var id: String
        @Option(help: "Their name.") var name: String?
        @Option(help: "Their e-mail address.") var email: String?
        @Option(help: "Their phone number.") var phone: String?
        @Option(help: "Their language.") var language: String?
        @Option(help: "true or false: may they accept a private-patch licence?") var licenceAcceptor: Bool?
        @Flag(help: "Deactivate the contact: their tokens stop working; their history stays.") var deactivate = false
        @OptionGroup var desk: DeskOptions

        func run() async throws {
            let changes = patch([
                "name": name.map(JSONValue.string), "email": email.map(JSONValue.string), "phone": phone.map(JSONValue.string),
                "language": language.map(JSONValue.string), "licenceAcceptor": licenceAcceptor.map(JSONValue.bool),
                "active": deactivate ? .bool(false) : nil,
            ])
            let changed = try await desk.run("steward.contact") { [customer, id] desk, principal in
                try await desk.updateContact(id, of: customer, patch: changes, by: principal)
            }
            try printYAML(changed)
        }
    }
}
