import Foundation
import StewardCore
import StewardMSA

/// Staff, groups and the duty rota: staff read them, operators change them.
extension ServiceDesk {
    /// The directory's staff side, for staff to read; customers' contacts see none of it.
    public func staffDirectory(for principal: Principal) async throws -> Directory {
        guard principal.role != .customer else {
            throw ServiceDeskError.forbidden("a customer's contact does not read the staff directory")
        }
        var directory = try await directory.load()
        directory.customers = []
        return directory
    }

    public func addStaff(_ member: Directory.StaffMember, by principal: Principal) async throws -> Directory.StaffMember {
        try principal.require(.manageDirectory)
        return try await changeDirectory(by: principal) { current in
            guard !current.staff.contains(where: { $0.id == member.id }) else {
                throw ServiceDeskError(.conflict, "staff member '\(member.id)' exists already; update them instead", field: "id")
            }
            try Self.rule(try directoryRules.check(member))
            return ([.staff(before: nil, after: member)], member)
        }
    }

    /// Changes a staff member by a JSON merge patch: `{"away": [{"start": …, "end": …}]}` records
    /// leave, `{"active": false}` deactivates them.
    public func updateStaff(_ id: String, patch: JSONValue, by principal: Principal) async throws -> Directory.StaffMember {
        try principal.require(.manageDirectory)
        return try await changeDirectory(by: principal) { current in
            guard let before = current.staff.first(where: { $0.id == id }) else { throw ServiceDeskError.notFound("staff member '\(id)'") }
            let after: Directory.StaffMember = try Self.patched(before, by: patch)
            try Self.rule(try directoryRules.check(after))
            return ([.staff(before: before, after: after)], after)
        }
    }

    public func addGroup(_ group: Directory.Group, by principal: Principal) async throws -> Directory.Group {
        try principal.require(.manageDirectory)
        return try await changeDirectory(by: principal) { current in
            guard !current.groups.contains(where: { $0.name == group.name }) else {
                throw ServiceDeskError(.conflict, "group '\(group.name)' exists already; update it instead", field: "name")
            }
            try Self.rule(try directoryRules.check(group, staff: Set(current.staff.map(\.id))))
            return ([.group(before: nil, after: group)], group)
        }
    }

    /// Changes a group's title, members or activity by a JSON merge patch.
    public func updateGroup(_ name: String, patch: JSONValue, by principal: Principal) async throws -> Directory.Group {
        try principal.require(.manageDirectory)
        return try await changeDirectory(by: principal) { current in
            guard let before = current.groups.first(where: { $0.name == name }) else { throw ServiceDeskError.notFound("group '\(name)'") }
            let after: Directory.Group = try Self.patched(before, by: patch, without: ["name"])
            try Self.rule(try directoryRules.check(after, staff: Set(current.staff.map(\.id))))
            return ([.group(before: before, after: after)], after)
        }
    }

    /// Replaces the duty rota; every shift and the fallback are held by duty managers.
    public func setDutyRota(_ rota: DutyRota, by principal: Principal) async throws -> DutyRota {
        try principal.require(.manageDirectory)
        return try await changeDirectory(by: principal) { current in
            let dutyManagers = Set(current.groups.first { $0.name == Directory.dutyManagers }?.members ?? [])
            try Self.rule(try directoryRules.check(rota, dutyManagers: dutyManagers))
            return (rota == current.dutyRota ? [] : [.dutyRota(before: current.dutyRota, after: rota)], rota)
        }
    }
}
