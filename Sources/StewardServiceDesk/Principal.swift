import Foundation
import StewardCore

/// Who is calling the API, as their token says, and what that lets them see.
public struct Principal: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// A customer's contact: their own customer's requests only.
        case customer
        /// A member of engineering groups: the tasks of their groups and the requests behind them.
        case engineer
        /// A technical account manager: every request of the customers assigned to them.
        case tam
        /// The duty manager: every request, standing in for TAMs out of hours.
        case dutyManager = "duty-manager"
        /// An operator: every request, and the repairs (force, pause, reassign, retry).
        case `operator`
        /// A mail gateway (`steward mail receive`, `POST /v1/inbound-mail`): hands in messages
        /// received and sees nothing; the contact a message is from acts in it.
        case inboundMail = "inbound-mail"

        public var description: String { rawValue }
    }

    /// The token the principal signed in with; nil for a person at the server's shell (the CLI).
    public var tokenID: UUID?
    public var role: Role
    /// The customer a contact speaks for.
    public var customerID: String?
    /// The contact's id; `customer/contact` is recorded as the actor of what they do.
    public var contact: String?
    /// The staff member behind a staff role.
    public var staffID: String?
    /// The groups the staff member belongs to.
    public var groups: [String]
    /// The customers whose TAM the staff member is.
    public var assignedCustomers: [String]

    public init(
        tokenID: UUID?,
        role: Role,
        customerID: String? = nil,
        contact: String? = nil,
        staffID: String? = nil,
        groups: [String] = [],
        assignedCustomers: [String] = []
    ) {
        self.tokenID = tokenID
        self.role = role
        self.customerID = customerID
        self.contact = contact
        self.staffID = staffID
        self.groups = groups
        self.assignedCustomers = assignedCustomers
    }

    /// Recorded in the history as the one who sent an event.
    public var actor: Participant {
        switch role {
        case .customer: .customer([customerID, contact].compactMap { $0 }.joined(separator: "/"))
        case .engineer, .tam, .dutyManager: .staff(staffID ?? "unknown")
        case .operator: .operator(staffID ?? "unknown")
        case .inboundMail: .system
        }
    }

    /// Someone with a shell on a Steward host and its database URL: the CLI acts as this operator.
    public static func localOperator(_ name: String) -> Principal {
        Principal(tokenID: nil, role: .operator, staffID: name)
    }

    /// The mail gateway on a Steward host (`steward mail receive`, run by the MTA).
    public static let mailGateway = Principal(tokenID: nil, role: .inboundMail)

    /// The staff member behind the principal; refused for a customer's contact.
    public func requireStaff() throws(ServiceDeskError) -> String {
        guard role != .customer, role != .inboundMail, let staffID else { throw .forbidden("only staff work tasks") }
        return staffID
    }

    /// Whether the requests of `customerID` are visible without looking at their tasks.
    public func seesCustomer(_ customerID: String) -> Bool {
        switch role {
        case .customer: self.customerID == customerID
        case .tam: assignedCustomers.contains(customerID)
        case .dutyManager, .operator: true
        case .engineer, .inboundMail: false
        }
    }
}
