import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Gives health-check inputs and date proposals the customer's other bookings from the database,
/// whatever the caller sent, so the one-per-contract-year quota holds.
public struct HealthCheckBookings: FactProvider {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func complete(
        _ payload: Data,
        type: String,
        customerID: String,
        workflowID: UUID?,
        on connection: PostgresConnection
    ) async throws -> Data {
        guard type == HealthCheckWorkflow.type else { return payload }
        if workflowID == nil {
            guard let input = try? JSONCoding.decoder.decode(HealthCheckWorkflow.Input.self, from: payload) else { return payload }
            return try JSONCoding.encoder.encode(input.booking(try await bookedDates(customerID, excluding: nil, on: connection)))
        }
        guard let event = try? JSONCoding.decoder.decode(HealthCheckWorkflow.Event.self, from: payload) else { return payload }
        switch event {
        case .proposeDate, .reschedule:
            return try JSONCoding.encoder.encode(event.booking(try await bookedDates(customerID, excluding: workflowID, on: connection)))
        default:
            return payload
        }
    }

    /// The dates the customer's other health checks hold.
    private func bookedDates(
        _ customerID: String, excluding workflowID: UUID?, on connection: PostgresConnection
    ) async throws
        -> [LocalDate]
    {
        // One booking at a time per customer: two health checks cannot take one year's quota together.
        try await connection.query("SELECT 1 FROM customers WHERE customer_id = \(customerID) FOR UPDATE", logger: logger)
        let rows = try await connection.query(
            """
            SELECT workflow_id, state::text FROM workflows
            WHERE customer_id = \(customerID) AND type = \(HealthCheckWorkflow.type) AND state_name <> 'cancelled'
            """,
            logger: logger
        )
        var dates: [LocalDate] = []
        for try await (id, state) in rows.decode((UUID, String).self) where id != workflowID {
            let decoded = try JSONCoding.decoder.decode(HealthCheckWorkflow.State.self, from: Data(state.utf8))
            if let date = decoded.heldDate { dates.append(date) }
        }
        return dates.sorted()
    }
}
