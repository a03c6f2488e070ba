import Foundation
import StewardCore
import StewardMSA

/// What every directory change shares: built from the directory as locked, written with its
/// audit rows, refused with the field at fault.
extension ServiceDesk {
    /// Runs `change` on the directory as it stands, locked against other changes, and writes what
    /// it returns with the principal as the actor.
    func changeDirectory<Result: Sendable>(
        by principal: Principal,
        reason: String = "",
        _ change: (Directory) throws -> ([DirectoryChange], Result)
    ) async throws -> Result {
        try await directory.update(by: principal.actor, reason: reason, at: engine.clock.now, change)
    }

    /// `record` with a JSON merge patch applied, decoded strictly: an unknown field, the id, or a
    /// field in `without` (a group's name) is refused naming it.
    static func patched<Record: Codable>(_ record: Record, by patch: JSONValue, without: Set<String> = []) throws -> Record {
        guard case .object(let changes) = patch else { throw ServiceDeskError.invalid("send the changes as a JSON object", field: nil) }
        if let field = changes.keys.sorted().first(where: { $0 == "id" || without.contains($0) }) {
            throw ServiceDeskError.invalid("field '\(field)' cannot be changed here; leave it out", field: field)
        }
        let merged = try JSONCoding.encoder.encode(JSONValue(try JSONCoding.encoder.encode(record)).merging(patch))
        do {
            return try JSONCoding.decodeStrictly(merged, as: Record.self)
        } catch {
            throw ServiceDeskError.invalid(error.reason, field: error.field)
        }
    }

    /// Runs a directory rule, refusing with its field.
    static func rule(_ check: @autoclosure () throws(DirectoryError) -> Void) throws(ServiceDeskError) {
        do { try check() } catch { throw .invalid(error.message, field: error.field) }
    }
}
