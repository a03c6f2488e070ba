import Foundation
import StewardCore
import StewardMSA

/// Customers and their contacts: operators manage them; a TAM reads their customers and manages
/// their contacts; a contact reads their own customer.
extension ServiceDesk {
    /// The customers `principal` may read, by id.
    public func customers(for principal: Principal) async throws -> [Directory.Customer] {
        guard principal.role != .engineer else { throw ServiceDeskError.forbidden("engineers do not read customers' contracts") }
        return try await directory.load().customers.filter { principal.seesCustomer($0.id) }
    }

    /// The time zone of each customer the principal reads (for showing instants on their clock);
    /// engineers read no contracts, so their pages show UTC.
    public func customerTimeZones(for principal: Principal) async throws -> [String: TimeZone] {
        guard principal.role != .engineer, principal.role != .inboundMail else { return [:] }
        var zones: [String: TimeZone] = [:]
        for customer in try await customers(for: principal) { zones[customer.id] = TimeZone(identifier: customer.timeZone) }
        return zones
    }

    public func customer(_ id: String, for principal: Principal) async throws -> Directory.Customer {
        guard principal.seesCustomer(id), let customer = try await directory.load().customers.first(where: { $0.id == id }) else {
            throw ServiceDeskError.notFound("customer '\(id)'")
        }
        return customer
    }

    /// Adds a customer and their contract (and contacts given with it).
    public func addCustomer(_ customer: Directory.Customer, by principal: Principal) async throws -> Directory.Customer {
        try principal.require(.manageDirectory)
        return try await changeDirectory(by: principal) { current in
            guard !current.customers.contains(where: { $0.id == customer.id }) else {
                throw ServiceDeskError(.conflict, "customer '\(customer.id)' exists already; update it instead", field: "id")
            }
            try checkCustomer(customer, in: current)
            var wanted = current
            wanted.customers.append(customer)
            return (current.changes(to: wanted), customer)
        }
    }

    /// Changes a customer's contract by a JSON merge patch (`{"tier": "standard"}`); a change of
    /// tier or calendar applies to requests filed after it.
    public func updateCustomer(_ id: String, patch: JSONValue, by principal: Principal) async throws -> Directory.Customer {
        try principal.require(.manageDirectory)
        return try await changeDirectory(by: principal) { current in
            guard let before = current.customers.first(where: { $0.id == id }) else { throw ServiceDeskError.notFound("customer '\(id)'") }
            var after: Directory.Customer = try Self.patched(before, by: patch, without: ["contacts"])
            after.contacts = before.contacts
            try checkCustomer(after, in: current)
            return ([.customer(before: before.withoutContacts, after: after.withoutContacts)], after)
        }
    }

    /// The contacts of a customer `principal` may read.
    public func contacts(of customerID: String, for principal: Principal) async throws -> [Directory.Contact] {
        try await customer(customerID, for: principal).contacts
    }

    /// Adds a contact to a customer: an operator, or the customer's TAM.
    public func addContact(_ contact: Directory.Contact, to customerID: String, by principal: Principal) async throws -> Directory.Contact {
        try requireContactManager(principal, of: customerID)
        return try await changeDirectory(by: principal) { current in
            guard let customer = current.customers.first(where: { $0.id == customerID }) else {
                throw ServiceDeskError.notFound("customer '\(customerID)'")
            }
            guard !customer.contacts.contains(where: { $0.id == contact.id }) else {
                throw ServiceDeskError(.conflict, "\(customerID) has a contact '\(contact.id)' already; update it instead", field: "id")
            }
            try Self.rule(try directoryRules.check(contact))
            return ([.contact(customerID: customerID, before: nil, after: contact)], contact)
        }
    }

    /// Changes a contact by a JSON merge patch; `{"active": false}` deactivates them.
    public func updateContact(
        _ id: String, of customerID: String, patch: JSONValue, by principal: Principal
    ) async throws -> Directory.Contact {
        try requireContactManager(principal, of: customerID)
        return try await changeDirectory(by: principal) { current in
            guard let before = current.customers.first(where: { $0.id == customerID })?.contacts.first(where: { $0.id == id }) else {
                throw ServiceDeskError.notFound("contact '\(id)' of customer '\(customerID)'")
            }
            let after: Directory.Contact = try Self.patched(before, by: patch)
            try Self.rule(try directoryRules.check(after))
            return ([.contact(customerID: customerID, before: before, after: after)], after)
        }
    }

    private func requireContactManager(_ principal: Principal, of customerID: String) throws(ServiceDeskError) {
        switch principal.role {
        case .operator: return
        case .tam where principal.assignedCustomers.contains(customerID): return
        case .tam: throw .notFound("customer '\(customerID)'")
        default: throw .forbidden("a \(principal.role) may not change contacts; the customer's TAM or an operator may")
        }
    }

    private func checkCustomer(_ customer: Directory.Customer, in current: Directory) throws(ServiceDeskError) {
        try Self.rule(try directoryRules.check(customer, staff: Set(current.staff.map(\.id))))
    }
}

extension Directory.Customer {
    /// The contract alone: contacts change on their own.
    var withoutContacts: Directory.Customer {
        var contract = self
        contract.contacts = []
        return contract
    }
}
