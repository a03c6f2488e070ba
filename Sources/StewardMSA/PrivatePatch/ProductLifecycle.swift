import Foundation
import StewardCore

/// The product support lifecycle: each product's versions and the last day each is supported.
///
/// The contract builds private patches only "per the product support lifecycle", so a private patch
/// request is checked against this table when it is filed. An end-of-support date is the last local
/// date a version is supported on: a request filed on that date is eligible, one filed the day after
/// is not. Encoded as the `workflows/products.yaml` form:
/// ```json
/// {"products": {"endpoint-security": {"10.1": "2026-02-28", "11.0": "2027-06-30"}}}
/// ```
public struct ProductLifecycle: Sendable, Hashable, Codable {
    /// End-of-support dates by product name, then by version.
    public var products: [String: [String: LocalDate]]

    public init(products: [String: [String: LocalDate]] = [:]) {
        self.products = products
    }

    /// Whether a private patch may be built for `version` of `product` on the local date `date`.
    ///
    /// Names and versions match exactly; a rejection names the known products or versions so the
    /// customer can correct a typing mistake.
    public func eligibility(product: String, version: String, on date: LocalDate) -> Eligibility {
        guard let versions = products[product] else {
            return .rejected(.unknownProduct(product: product, known: Self.sorted(products.keys)))
        }
        guard let endOfSupport = versions[version] else {
            return .rejected(.unknownVersion(product: product, version: version, known: Self.sorted(versions.keys)))
        }
        guard date <= endOfSupport else {
            return .rejected(.supportEnded(product: product, version: version, on: endOfSupport))
        }
        return .eligible(endOfSupport: endOfSupport)
    }

    /// Names in reading order, numbers compared by value (`9.0` before `10.0`).
    private static func sorted(_ names: some Sequence<String>) -> [String] {
        names.sorted { $0.compare($1, options: [.numeric]) == .orderedAscending }
    }
}
