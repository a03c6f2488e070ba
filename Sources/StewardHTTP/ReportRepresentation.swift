import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StewardMSA

/// How a report is answered: a self-contained HTML page, one CSV table, or JSON.
enum ReportRepresentation: String, CaseIterable {
    case html, csv, json

    /// `format` (`?format=csv`, for links) when given, otherwise the first of `Accept`'s types that
    /// names one (`text/html`, `text/csv`, `application/json`); JSON when it names none.
    init(accept: String?, format: String?) throws {
        if let format {
            guard let chosen = ReportRepresentation(rawValue: format.lowercased()) else {
                throw Problem.badRequest("format must be html, csv or json, not '\(format)'", field: "format")
            }
            self = chosen
            return
        }
        let types = (accept ?? "").split(separator: ",").map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        self =
            types.lazy.compactMap { type -> ReportRepresentation? in
                switch type {
                case "text/html": .html
                case "text/csv": .csv
                case "application/json": .json
                default: nil
                }
            }.first ?? .json
    }

    /// The answer: the page, the table named `table` (default the first) as an attachment named
    /// after `fileName`, or the JSON.
    func response(for report: some RenderedReport, table: String?, fileName: String) throws -> Response {
        switch self {
        case .json:
            return try StewardHTTP.json(report)
        case .html:
            return Self.text(report.html(), type: "text/html; charset=utf-8", headers: [:])
        case .csv:
            let tables = report.csvTables()
            let names = tables.map { $0.name.replacingOccurrences(of: ".csv", with: "") }
            guard let index = table.map({ names.firstIndex(of: $0) }) ?? (tables.isEmpty ? nil : 0) else {
                throw Problem.badRequest(
                    "table must be one of \(names.joined(separator: ", ")), not '\(table ?? "")'", field: "table")
            }
            let disposition = "attachment; filename=\"\(fileName)-\(tables[index].name)\""
            return Self.text(
                tables[index].text, type: "text/csv; charset=utf-8; header=present", headers: [.contentDisposition: disposition])
        }
    }

    private static func text(_ text: String, type: String, headers extra: HTTPFields) -> Response {
        var headers: HTTPFields = [.contentType: type]
        headers.append(contentsOf: extra)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
