import Foundation

/// A bar chart as inline SVG: a legend, a value axis with gridlines, a category axis, and bars
/// grouped or stacked per category.
///
/// It draws without script and at any width (the SVG scales with its `viewBox`). With no data it
/// still draws the axes and says `No data`; no coordinate is ever NaN or infinite.
struct BarChart: Sendable {
    enum Layout: Sendable {
        /// One bar per series side by side in each category.
        case grouped
        /// The series' bars on top of each other in each category.
        case stacked
    }

    /// What the values count, which sets how the axis and the bars' labels write them.
    enum Values: Sendable {
        /// Whole numbers; the axis fits the largest bar.
        case counts
        /// Percentages; the axis runs from 0 to 100.
        case percentages
    }

    struct Series: Sendable {
        var name: String
        /// A fill colour, `#rrggbb`.
        var color: String
        /// One value per category; nil where there is no figure.
        var values: [Double?]
    }

    /// The element id, also its class: `chart-weeks`.
    var id: String
    var title: String
    /// A sentence or two that says what the chart shows, for a screen reader.
    var summary: String
    var categories: [String]
    var series: [Series]
    var layout: Layout
    var values: Values
    var categoryAxis: String
    var valueAxis: String
    /// Writes each grouped bar's value above it (`n/a` where there is none).
    var labelsBars = false

    // The drawing's size in SVG units; the page scales it.
    static let width = 480.0
    static let height = 280.0
    private static let left = 64.0
    private static let right = width - 12
    private static let bottom = height - 50
    private static let characterWidth = 6.6

    var svg: HTML {
        let legend = legendItems()
        let top = (legend.last?.y ?? 0) + 22
        let maximum = axisMaximum()
        let ticks = tickValues(maximum: maximum)
        let hasData = self.hasData
        var body: HTML = ""
        body += HTML(joining: legend.map(\.html))
        body += gridAndValueAxis(ticks: ticks, maximum: maximum, top: top)
        if hasData { body += bars(maximum: maximum, top: top) }
        body += categoryAxis(top: top)
        if !hasData {
            let x = (Self.left + Self.right) / 2
            let y = (top + Self.bottom) / 2
            body += """
                <rect x="\(c(x - 44))" y="\(c(y - 17))" width="88" height="24" fill="#fff"/>\
                <text class="no-data" x="\(c(x))" y="\(c(y))" text-anchor="middle" font-size="15" fill="#555">No data</text>
                """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" id="\(id)" class="chart \(id)" role="img" \
            aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(c(Self.width)) \(c(Self.height))" \
            font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12" fill="#222">\
            <title id="\(id)-title">\(title)</title><desc id="\(id)-desc">\(summary)</desc>\(body)</svg>
            """
    }

    /// Whether any bar has something to show.
    var hasData: Bool {
        let known = series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
        guard !categories.isEmpty, !known.isEmpty else { return false }
        return values == .percentages || known.contains { $0 > 0 }
    }

    // MARK: Parts

    private struct LegendItem {
        var y: Double
        var html: HTML
    }

    private func legendItems() -> [LegendItem] {
        var items: [LegendItem] = []
        var x = 12.0
        var y = 16.0
        for entry in series {
            let advance = 18 + Double(entry.name.count) * Self.characterWidth + 16
            if x > 12, x + advance - 16 > Self.right {
                x = 12
                y += 18
            }
            items.append(
                LegendItem(
                    y: y,
                    html: """
                        <rect x="\(c(x))" y="\(c(y - 10))" width="12" height="12" fill="\(entry.color)"/>\
                        <text x="\(c(x + 17))" y="\(c(y))">\(entry.name)</text>
                        """
                )
            )
            x += advance
        }
        return items
    }

    private func gridAndValueAxis(ticks: [Double], maximum: Double, top: Double) -> HTML {
        var html: HTML = ""
        for tick in ticks {
            let y = yPosition(tick, maximum: maximum, top: top)
            html += """
                <line x1="\(c(Self.left))" y1="\(c(y))" x2="\(c(Self.right))" y2="\(c(y))" stroke="#ddd"/>\
                <text x="\(c(Self.left - 6))" y="\(c(y + 4))" text-anchor="end">\(tickText(tick))</text>
                """
        }
        let middle = (top + Self.bottom) / 2
        html += """
            <line x1="\(c(Self.left))" y1="\(c(top))" x2="\(c(Self.left))" y2="\(c(Self.bottom))" stroke="#444"/>\
            <text class="axis-label" x="14" y="\(c(middle))" text-anchor="middle" \
            transform="rotate(-90 14 \(c(middle)))">\(valueAxis)</text>
            """
        return html
    }

    private func categoryAxis(top: Double) -> HTML {
        var html: HTML = """
            <line x1="\(c(Self.left))" y1="\(c(Self.bottom))" x2="\(c(Self.right))" y2="\(c(Self.bottom))" stroke="#444"/>
            """
        let band = bandWidth
        let widest = Double(categories.map(\.count).max() ?? 0) * Self.characterWidth + 8
        let every = max(1, Int((widest / band).rounded(.up)))
        for (index, category) in categories.enumerated() where index % every == 0 {
            let x = Self.left + band * (Double(index) + 0.5)
            html += """
                <text x="\(c(x))" y="\(c(Self.bottom + 16))" text-anchor="middle">\(category)</text>
                """
        }
        html += """
            <text class="axis-label" x="\(c((Self.left + Self.right) / 2))" y="\(c(Self.height - 8))" \
            text-anchor="middle">\(categoryAxis)</text>
            """
        return html
    }

    private func bars(maximum: Double, top: Double) -> HTML {
        var html: HTML = ""
        let band = bandWidth
        let seriesCount = Double(max(1, series.count))
        for (index, category) in categories.enumerated() {
            let bandStart = Self.left + band * Double(index)
            var stackedTop = 0.0
            for (number, entry) in series.enumerated() {
                let value = index < entry.values.count ? entry.values[index] : nil
                let x: Double
                let width: Double
                let from: Double
                switch layout {
                case .grouped:
                    width = band * 0.8 / seriesCount
                    x = bandStart + band * 0.1 + width * Double(number)
                    from = 0
                case .stacked:
                    width = band * 0.6
                    x = bandStart + band * 0.2
                    from = stackedTop
                }
                guard let value, value.isFinite else {
                    if labelsBars, layout == .grouped { html += barLabel("n/a", x: x + width / 2, y: Self.bottom - 4) }
                    continue
                }
                let to = from + max(0, value)
                stackedTop = to
                let yTop = yPosition(to, maximum: maximum, top: top)
                let yBottom = yPosition(from, maximum: maximum, top: top)
                html += """
                    <rect x="\(c(x))" y="\(c(yTop))" width="\(c(width))" height="\(c(max(0, yBottom - yTop)))" \
                    fill="\(entry.color)"><title>\(entry.name), \(category): \(valueText(value))</title></rect>
                    """
                if labelsBars, layout == .grouped { html += barLabel(valueText(value), x: x + width / 2, y: yTop - 4) }
            }
        }
        return html
    }

    private func barLabel(_ text: String, x: Double, y: Double) -> HTML {
        """
        <text x="\(c(x))" y="\(c(y))" text-anchor="middle" font-size="10">\(text)</text>
        """
    }

    // MARK: Scale

    private var bandWidth: Double {
        (Self.right - Self.left) / Double(max(1, categories.count))
    }

    private func yPosition(_ value: Double, maximum: Double, top: Double) -> Double {
        guard maximum > 0, value.isFinite else { return Self.bottom }
        return Self.bottom - (Self.bottom - top) * min(value, maximum) / maximum
    }

    /// The top of the value axis: 100 for percentages, else the largest bar (or stack) rounded up
    /// to a whole step; 0 with no data.
    private func axisMaximum() -> Double {
        if values == .percentages { return 100 }
        let largest =
            categories.indices.map { index in
                let values = series.map { index < $0.values.count ? max(0, $0.values[index] ?? 0) : 0 }.filter(\.isFinite)
                return layout == .stacked ? values.reduce(0, +) : values.max() ?? 0
            }.max() ?? 0
        guard largest > 0 else { return 0 }
        let step = Self.step(for: largest)
        return (largest / step).rounded(.up) * step
    }

    private func tickValues(maximum: Double) -> [Double] {
        guard maximum > 0 else { return [0] }
        let step = values == .percentages ? 25 : Self.step(for: maximum)
        return stride(from: 0, through: maximum + step / 2, by: step).map { $0 }
    }

    /// A step of 1, 2 or 5 times a power of ten that cuts `maximum` into at most five.
    private static func step(for maximum: Double) -> Double {
        let raw = max(1, maximum / 5)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    }

    /// A tick of the value axis: whole numbers, `25 %` for percentages.
    private func tickText(_ value: Double) -> String {
        String(Int(value.rounded())) + (values == .percentages ? " %" : "")
    }

    private func valueText(_ value: Double) -> String {
        switch values {
        case .counts: String(Int(value.rounded()))
        case .percentages: ReportFormat.percent(value)
        }
    }

    private func c(_ value: Double) -> String {
        ReportFormat.coordinate(value)
    }
}
