extension DirectoryRules {
    /// Checks a whole directory as imported: every entry, and that everyone it names exists.
    public func check(_ directory: Directory) throws(DirectoryError) {
        try Self.unique(directory.staff.map(\.id), what: "staff member", field: "staff")
        try Self.unique(directory.groups.map(\.name), what: "group", field: "groups")
        try Self.unique(directory.customers.map(\.id), what: "customer", field: "customers")
        let staff = Set(directory.staff.map(\.id))
        for (index, member) in directory.staff.enumerated() {
            do throws(DirectoryError) { try check(member) } catch { throw error.within("staff[\(index)]") }
        }
        for (index, group) in directory.groups.enumerated() {
            do throws(DirectoryError) { try check(group, staff: staff) } catch { throw error.within("groups[\(index)]") }
        }
        let dutyManagers = Set(directory.groups.first { $0.name == Directory.dutyManagers }?.members ?? [])
        do throws(DirectoryError) { try check(directory.dutyRota, dutyManagers: dutyManagers) } catch { throw error.within("dutyRota") }
        for (index, customer) in directory.customers.enumerated() {
            do throws(DirectoryError) { try check(customer, staff: staff) } catch { throw error.within("customers[\(index)]") }
        }
    }

    public func check(_ group: Directory.Group, staff: Set<String>) throws(DirectoryError) {
        try Self.requireID(group.name)
        try Self.requireText(group.title, field: "title", what: "what the group does")
        for (index, member) in group.members.enumerated() where !staff.contains(member) {
            throw DirectoryError(field: "members[\(index)]", "'\(member)' is not a member of staff; add them first")
        }
    }

    /// Every shift and the fallback must be held by a member of the `duty-managers` group.
    public func check(_ rota: DutyRota, dutyManagers: Set<String>) throws(DirectoryError) {
        guard dutyManagers.contains(rota.fallback) else {
            throw DirectoryError(
                field: "fallback", "'\(rota.fallback)' is not a duty manager; add them to group \(Directory.dutyManagers) first")
        }
        for (index, shift) in rota.shifts.enumerated() {
            guard dutyManagers.contains(shift.manager) else {
                throw DirectoryError(
                    field: "shifts[\(index)].manager",
                    "'\(shift.manager)' is not a duty manager; add them to group \(Directory.dutyManagers) first")
            }
            guard shift.end > shift.start else {
                throw DirectoryError(field: "shifts[\(index)].end", "a shift must end after it starts")
            }
        }
    }
}
