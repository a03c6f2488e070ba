import Foundation
import Hummingbird
import StewardCore
import StewardMSA
import StewardServiceDesk

/// The directory: customers and their contacts, staff, groups and the duty rota. A record is
/// changed with a JSON merge patch (`PATCH`); `{"active": false}` deactivates it.
extension APIServer {
    func addDirectoryRoutes(to v1: RouterGroup<SignedInContext>) {
        route(v1, .get, "customers") { _, context in
            try json(ItemsView(items: try await desk.customers(for: context.principal).map(CustomerView.init)))
        }
        route(v1, .post, "customers") { request, context in
            try context.principal.require(.manageDirectory)
            let customer = try await request.decode(Directory.Customer.self, context: context)
            let added = try await desk.addCustomer(customer, by: context.principal)
            return try json(CustomerView(added), status: .created, headers: [.location: "/v1/customers/\(added.id)"])
        }
        route(v1, .get, "customers/:id") { _, context in
            try json(CustomerView(try await desk.customer(try context.parameters.named("id"), for: context.principal)))
        }
        route(v1, .patch, "customers/:id") { request, context in
            try context.principal.require(.manageDirectory)
            let patch = try await request.jsonValue(context: context)
            return try json(
                CustomerView(try await desk.updateCustomer(try context.parameters.named("id"), patch: patch, by: context.principal)))
        }
        route(v1, .get, "customers/:id/contacts") { _, context in
            try json(ItemsView(items: try await desk.contacts(of: try context.parameters.named("id"), for: context.principal)))
        }
        route(v1, .post, "customers/:id/contacts") { request, context in
            let customerID = try context.parameters.named("id")
            let contact = try await request.decode(Directory.Contact.self, context: context)
            let added = try await desk.addContact(contact, to: customerID, by: context.principal)
            return try json(added, status: .created, headers: [.location: "/v1/customers/\(customerID)/contacts/\(added.id)"])
        }
        route(v1, .get, "customers/:id/contacts/:contact") { _, context in
            let contactID = try context.parameters.named("contact")
            let contacts = try await desk.contacts(of: try context.parameters.named("id"), for: context.principal)
            guard let contact = contacts.first(where: { $0.id == contactID }) else { throw Problem.notFound("contact '\(contactID)'") }
            return try json(contact)
        }
        route(v1, .patch, "customers/:id/contacts/:contact") { request, context in
            let patch = try await request.jsonValue(context: context)
            let changed = try await desk.updateContact(
                try context.parameters.named("contact"), of: try context.parameters.named("id"), patch: patch, by: context.principal)
            return try json(changed)
        }
        addStaffRoutes(to: v1)
    }

    private func addStaffRoutes(to v1: RouterGroup<SignedInContext>) {
        route(v1, .get, "staff") { _, context in
            try json(ItemsView(items: try await desk.staffDirectory(for: context.principal).staff))
        }
        route(v1, .post, "staff") { request, context in
            try context.principal.require(.manageDirectory)
            let member = try await request.decode(Directory.StaffMember.self, context: context)
            let added = try await desk.addStaff(member, by: context.principal)
            return try json(added, status: .created, headers: [.location: "/v1/staff/\(added.id)"])
        }
        route(v1, .get, "staff/:id") { _, context in
            let id = try context.parameters.named("id")
            guard let member = try await desk.staffDirectory(for: context.principal).staff.first(where: { $0.id == id }) else {
                throw Problem.notFound("staff member '\(id)'")
            }
            return try json(member)
        }
        route(v1, .patch, "staff/:id") { request, context in
            try context.principal.require(.manageDirectory)
            let patch = try await request.jsonValue(context: context)
            return try json(try await desk.updateStaff(try context.parameters.named("id"), patch: patch, by: context.principal))
        }
        route(v1, .get, "groups") { _, context in
            try json(ItemsView(items: try await desk.staffDirectory(for: context.principal).groups))
        }
        route(v1, .post, "groups") { request, context in
            try context.principal.require(.manageDirectory)
            let group = try await request.decode(Directory.Group.self, context: context)
            let added = try await desk.addGroup(group, by: context.principal)
            return try json(added, status: .created, headers: [.location: "/v1/groups/\(added.name)"])
        }
        route(v1, .get, "groups/:name") { _, context in
            let name = try context.parameters.named("name")
            guard let group = try await desk.staffDirectory(for: context.principal).groups.first(where: { $0.name == name }) else {
                throw Problem.notFound("group '\(name)'")
            }
            return try json(group)
        }
        route(v1, .patch, "groups/:name") { request, context in
            try context.principal.require(.manageDirectory)
            let patch = try await request.jsonValue(context: context)
            return try json(try await desk.updateGroup(try context.parameters.named("name"), patch: patch, by: context.principal))
        }
        route(v1, .get, "duty-rota") { _, context in
            try json(try await desk.staffDirectory(for: context.principal).dutyRota)
        }
        route(v1, .put, "duty-rota") { request, context in
            try context.principal.require(.manageDirectory)
            let rota = try await request.decode(DutyRota.self, context: context)
            return try json(try await desk.setDutyRota(rota, by: context.principal))
        }
    }
}

/// A list that is not paged: the directory is small.
struct ItemsView<Item: Encodable>: Encodable {
    var items: [Item]
}

/// A customer as the API shows it: webhook secrets are never shown back, only how many there are.
struct CustomerView: Encodable {
    struct Webhook: Encodable {
        var id: String
        var url: String
        var kinds: [String]
        var active: Bool
        var secrets: Int
    }

    var id: String
    var name: String
    var tier: SupportTier
    var supportCalendar: String
    var timeZone: String
    var contractStart: LocalDate
    var contractEnd: LocalDate?
    var tam: String?
    var dailyReportVia: String
    var active: Bool
    var contacts: [Directory.Contact]
    var webhooks: [Webhook]

    init(_ customer: Directory.Customer) {
        id = customer.id
        name = customer.name
        tier = customer.tier
        supportCalendar = customer.supportCalendar
        timeZone = customer.timeZone
        contractStart = customer.contractStart
        contractEnd = customer.contractEnd
        tam = customer.tam
        dailyReportVia = customer.dailyReportVia.rawValue
        active = customer.active
        contacts = customer.contacts
        webhooks = customer.webhooks.map { .init(id: $0.id, url: $0.url, kinds: $0.kinds, active: $0.active, secrets: $0.secrets.count) }
    }
}

extension Parameters {
    /// A path parameter the route always has.
    func named(_ name: String) throws -> String {
        guard let value = get(name), !value.contains("\0") else { throw Problem.notFound("'\(get(name) ?? "")'") }
        return value
    }
}
