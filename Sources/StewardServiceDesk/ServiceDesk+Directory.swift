import Foundation
import StewardMSA

/// The directory: staff, groups, the duty rota, customers and their contacts, each change audited.
extension ServiceDesk {
    /// Adds and updates what `wanted` holds and the database does not; a second import of the same
    /// file changes nothing (and says so: the list is empty).
    public func importDirectory(_ wanted: Directory, by principal: Principal) async throws -> [DirectoryChange] {
        try principal.require(.manageDirectory)
        do {
            try directoryRules.check(wanted)
        } catch {
            throw ServiceDeskError.invalid(error.message, field: error.field)
        }
        return try await changeDirectory(by: principal, reason: "directory import") { current in
            let changes = current.changes(to: wanted)
            return (changes, changes)
        }
    }

    /// The whole directory, in the form an import reads back.
    public func exportDirectory(for principal: Principal) async throws -> Directory {
        try principal.require(.manageDirectory)
        return try await directory.load()
    }
}
