import Foundation
import PostgresNIO

/// How a stored credential (an API token, a browser session) becomes a principal: the same
/// columns, the same groups and TAM assignments, and the same refusal of a deactivated contact or
/// staff member, for every kind of credential.
enum PrincipalLookup {
    /// The columns to select from the credential's table aliased `c`: id, role, customer, contact,
    /// staff member, their groups, the customers they are TAM of.
    static let columns = """
        c.role, c.customer_id, c.contact, c.staff_id,
        coalesce((SELECT array_agg(group_name ORDER BY group_name) FROM group_members m WHERE m.staff_id = c.staff_id), '{}'),
        coalesce((SELECT array_agg(customer_id ORDER BY customer_id) FROM customers k WHERE k.tam_id = c.staff_id), '{}')
        """

    /// The condition that the credential `c`'s holder is still active.
    static let holderIsActive = """
        (c.contact IS NULL OR EXISTS (SELECT 1 FROM contacts p
                                      WHERE p.customer_id = c.customer_id AND p.contact_id = c.contact AND p.active))
        AND (c.staff_id IS NULL OR EXISTS (SELECT 1 FROM staff s WHERE s.staff_id = c.staff_id AND s.active))
        """

    /// The principal from ``columns`` starting at column `offset` of a row's `cells`; nil for a
    /// role the server does not know.
    static func principal(from cells: [PostgresCell], offset: Int, tokenID: UUID?) throws -> Principal? {
        let role = try cells[offset].decode(String.self)
        let customerID = try cells[offset + 1].decode(String?.self)
        let contact = try cells[offset + 2].decode(String?.self)
        let staffID = try cells[offset + 3].decode(String?.self)
        let groups = try cells[offset + 4].decode([String].self)
        let customers = try cells[offset + 5].decode([String].self)
        guard let role = Principal.Role(rawValue: role) else { return nil }
        return Principal(
            tokenID: tokenID,
            role: role,
            customerID: customerID,
            contact: contact,
            staffID: staffID,
            groups: groups,
            // Only a TAM's assignments mean anything; another role's would only mislead.
            assignedCustomers: role == .tam ? customers : []
        )
    }
}
