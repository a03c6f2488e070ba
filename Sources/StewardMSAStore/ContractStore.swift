import Foundation
import Logging
import PostgresNIO
import StewardCore
import StewardMSA
import StewardPostgres

/// Reads what a customer's contract fixes about the requests they file.
public struct ContractStore: Sendable {
    public let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// What the customer's contract fixes about their requests; nil for an unknown customer.
    public func terms(of customerID: String) async throws -> ContractTerms? {
        let rows = try await client.query(
            """
            SELECT tier, support_calendar, contract_start::text, contract_end::text, daily_report_via, time_zone
            FROM customers WHERE customer_id = \(customerID)
            """,
            logger: logger
        ).all()
        guard let row = rows.first else { return nil }
        let (tier, calendar, start, end, via, zone) = try row.decode(
            (String, String, String, String?, String, String).self, context: .default)
        guard let tier = SupportTier(rawValue: tier), let start = LocalDate(start),
            let via = IncidentWorkflow.DailyReportVia(rawValue: via)
        else { return nil }
        return ContractTerms(
            customerID: customerID, tier: tier, supportCalendar: calendar, contractStart: start, contractEnd: end.flatMap(LocalDate.init),
            dailyReportVia: via, timeZone: TimeZone(identifier: zone) ?? .gmt)
    }
}
