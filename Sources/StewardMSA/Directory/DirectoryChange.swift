/// One entry an import or an operator adds or changes; the store writes each with its audit row.
public enum DirectoryChange: Sendable, Hashable {
    case staff(before: Directory.StaffMember?, after: Directory.StaffMember)
    case group(before: Directory.Group?, after: Directory.Group)
    case dutyRota(before: DutyRota?, after: DutyRota)
    /// A customer's contract and webhooks; its contacts change on their own.
    case customer(before: Directory.Customer?, after: Directory.Customer)
    case contact(customerID: String, before: Directory.Contact?, after: Directory.Contact)

    /// `created staff alice`, `updated contact acme/bob`: for the import's report.
    public var summary: String {
        switch self {
        case .staff(let before, let after): "\(before == nil ? "added" : "updated") staff \(after.id)"
        case .group(let before, let after): "\(before == nil ? "added" : "updated") group \(after.name)"
        case .dutyRota: "updated the duty rota"
        case .customer(let before, let after): "\(before == nil ? "added" : "updated") customer \(after.id)"
        case .contact(let customerID, let before, let after): "\(before == nil ? "added" : "updated") contact \(customerID)/\(after.id)"
        }
    }
}

extension Directory {
    /// What importing `wanted` into this directory adds or changes, in the order the store writes
    /// them (people before the groups and customers naming them). Nothing is removed: an entry
    /// the file leaves out stays as it is; people are deactivated (`active: false`), never deleted.
    public func changes(to wanted: Directory) -> [DirectoryChange] {
        let (current, wanted) = (normalized, wanted.normalized)
        let (staff, groups, dutyRota, customers) = (current.staff, current.groups, current.dutyRota, current.customers)
        var changes: [DirectoryChange] = []
        let staffByID = Dictionary(staff.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for member in wanted.staff where staffByID[member.id] != member {
            changes.append(.staff(before: staffByID[member.id], after: member))
        }
        let groupsByName = Dictionary(groups.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for group in wanted.groups where groupsByName[group.name] != group {
            changes.append(.group(before: groupsByName[group.name], after: group))
        }
        if wanted.dutyRota != dutyRota { changes.append(.dutyRota(before: dutyRota, after: wanted.dutyRota)) }
        let customersByID = Dictionary(customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for customer in wanted.customers {
            let current = customersByID[customer.id]
            var contract = customer
            contract.contacts = []
            var currentContract = current
            currentContract?.contacts = []
            if currentContract != contract { changes.append(.customer(before: currentContract, after: contract)) }
            let contactsByID = Dictionary((current?.contacts ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for contact in customer.contacts where contactsByID[contact.id] != contact {
                changes.append(.contact(customerID: customer.id, before: contactsByID[contact.id], after: contact))
            }
        }
        return changes
    }
}

extension Directory {
    /// The same directory with every list in one order, so two that differ only in order are equal.
    public var normalized: Directory {
        var directory = self
        directory.staff = staff.map { member in
            var member = member
            member.away.sort { $0.start < $1.start }
            return member
        }.sorted { $0.id < $1.id }
        directory.groups = groups.map { group in
            var group = group
            group.members = Array(Set(group.members)).sorted()
            return group
        }.sorted { $0.name < $1.name }
        directory.dutyRota.shifts.sort { ($0.start, $0.manager) < ($1.start, $1.manager) }
        directory.customers = customers.map { customer in
            var customer = customer
            customer.contacts.sort { $0.id < $1.id }
            customer.webhooks.sort { $0.id < $1.id }
            return customer
        }.sorted { $0.id < $1.id }
        return directory
    }
}
