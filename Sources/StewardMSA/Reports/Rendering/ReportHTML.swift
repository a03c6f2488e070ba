import Foundation

/// The building blocks of the report pages and e-mail summaries: the page, its sections, and
/// one table builder; the tables of each kind are in `ReportHTML+Tables.swift`.
enum ReportHTML {
    /// Where a table goes: a page styled by its `<style>` element, or an e-mail, whose clients
    /// drop `<style>` and SVG, so its tables carry the old presentational attributes instead.
    enum Medium: Sendable {
        case page
        case email
    }

    struct Column: Sendable {
        /// How a column's cells are set.
        enum Style: String, Sendable {
            case plain = ""
            /// Right-aligned, in figures of one width.
            case numeric = "num"
            /// An instant, kept on one line.
            case instant = "when"
            /// Free text such as a summary, wrapped.
            case prose = "text"
        }

        var header: String
        var style: Style

        init(_ header: String, _ style: Style = .plain) {
            self.header = header
            self.style = style
        }

        /// The `class` attribute of the column's cells in a page, or nothing.
        fileprivate var classAttribute: HTML {
            style == .plain ? "" : " class=\"\(style.rawValue)\""
        }

        /// The `align` attribute of the column's cells in an e-mail.
        fileprivate var alignAttribute: HTML {
            style == .numeric ? " align=\"right\"" : " align=\"left\""
        }
    }

    /// A whole HTML5 page: no script, no external resource, one `<style>` element.
    static func page(title: String, facts: [(term: String, value: String)], sections: [HTML]) -> String {
        let factList = HTML(joining: facts.map { "<div><dt>\($0.term)</dt><dd>\($0.value)</dd></div>" as HTML })
        let page: HTML = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>
            \(stylesheet)
            </style>
            </head>
            <body>
            <header>
            <h1>\(title)</h1>
            <dl class="facts">\(factList)</dl>
            </header>
            <main>
            \(HTML(joining: sections, separator: "\n"))
            </main>
            </body>
            </html>

            """
        return page.description
    }

    /// A section with a heading whose id is `id-heading`.
    static func section(id: String, title: String, _ content: [HTML]) -> HTML {
        """
        <section id="\(id)" aria-labelledby="\(id)-heading">
        <h2 id="\(id)-heading">\(title)</h2>
        \(HTML(joining: content, separator: "\n"))
        </section>
        """
    }

    static func paragraph(_ text: String, class name: String? = nil) -> HTML {
        if let name { return "<p class=\"\(name)\">\(text)</p>" }
        return "<p>\(text)</p>"
    }

    /// A chart, scrolled sideways on a screen too narrow for it.
    static func chart(_ chart: BarChart) -> HTML {
        "<div class=\"chart-scroll\">\(chart.svg)</div>"
    }

    /// A table with a caption and a header row; the first column heads its row. With no rows, a
    /// paragraph says `whenEmpty` instead.
    static func table(
        caption: String?, columns: [Column], rows: [[HTML]], whenEmpty: String, medium: Medium = .page
    ) -> HTML {
        guard !rows.isEmpty else { return paragraph(whenEmpty, class: medium == .page ? "empty" : nil) }
        let head = HTML(
            joining: columns.map { column -> HTML in
                "<th scope=\"col\"\(medium == .page ? column.classAttribute : column.alignAttribute)>\(column.header)</th>"
            })
        let body = HTML(
            joining: rows.map { row -> HTML in
                let cells = row.enumerated().map { index, cell -> HTML in
                    let column = index < columns.count ? columns[index] : Column("")
                    let attributes = medium == .page ? column.classAttribute : column.alignAttribute
                    return index == 0 ? "<th scope=\"row\"\(attributes)>\(cell)</th>" : "<td\(attributes)>\(cell)</td>"
                }
                return "<tr>\(cells)</tr>"
            },
            separator: "\n"
        )
        let captionHTML: HTML = caption.map { "<caption>\($0)</caption>" } ?? ""
        switch medium {
        case .page:
            return """
                <div class="table-scroll"><table>\(captionHTML)
                <thead><tr>\(head)</tr></thead>
                <tbody>
                \(body)
                </tbody>
                </table></div>
                """
        case .email:
            return """
                <table border="1" cellpadding="4" cellspacing="0">\(captionHTML)
                <thead><tr>\(head)</tr></thead>
                <tbody>
                \(body)
                </tbody>
                </table>
                """
        }
    }

    /// Terms and their descriptions, such as the health check's.
    static func definitions(_ items: [(term: String, value: HTML)]) -> HTML {
        let entries = items.map { "<div><dt>\($0.term)</dt><dd>\($0.value)</dd></div>" as HTML }
        return "<dl class=\"definitions\">\(HTML(joining: entries))</dl>"
    }

    /// Text as HTML, escaped.
    static func text(_ text: String) -> HTML {
        "\(text)"
    }
}
