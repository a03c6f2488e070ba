import Foundation
import StewardCore

/// A request's timeline as an SVG strip: every event on one time axis (coloured by who sent it,
/// timers as diamonds, breaches as crosses), the first-response target's window and due line, the
/// first response, and now. Each mark carries a `<title>` with the event, its actor, the state it
/// led to and when; the page lists the same events in words beside it. Pure: the page hands it
/// the history and the SLA.
struct TimelineDrawing: Sendable {
    struct Mark: Sendable {
        enum Kind: String, Sendable {
            case customer, staff, `operator`, system, timer, breach
        }

        var seq: Int64
        var at: Date
        var event: String
        var actor: String
        var toState: String
        var kind: Kind
    }

    var marks: [Mark]
    var sla: SLAStatus?
    var now: Date
    /// Whether the request is still open: then the axis runs to now.
    var open: Bool
    var zone: TimeZone?

    static let width = 720.0
    static let left = 24.0
    static let right = 696.0
    static let axis = 70.0
    static let lane = 18.0

    /// The kind of mark for an event: breaches and timers by the type's own lists, the rest by actor.
    static func kind(event: String, actor: String, timerEvents: Set<String>, breachEvents: Set<String>) -> Mark.Kind {
        if breachEvents.contains(event) { return .breach }
        if timerEvents.contains(event) { return .timer }
        if actor.hasPrefix("customer:") { return .customer }
        if actor.hasPrefix("operator:") { return .operator }
        if actor.hasPrefix("staff:") { return .staff }
        return .system
    }

    var svg: String {
        guard let first = marks.first else { return "" }
        let instants = marks.map(\.at) + [sla?.receivedAt, sla?.dueAt, sla?.firstResponseAt, open ? now : nil].compactMap { $0 }
        let start = instants.min() ?? first.at
        var end = instants.max() ?? first.at
        if end.timeIntervalSince(start) < 60 { end = start.addingTimeInterval(60) }
        let span = end.timeIntervalSince(start)
        func x(_ date: Date) -> Double { Self.left + date.timeIntervalSince(start) / span * (Self.right - Self.left) }

        // Marks closer than a mark's width go to the next lane up, so none hides another.
        var lanes: [Double] = []
        var placed: [(mark: Mark, x: Double, y: Double)] = []
        for mark in marks {
            let markX = x(mark.at)
            let laneIndex = lanes.firstIndex { markX - $0 >= 16 } ?? lanes.count
            if laneIndex == lanes.count { lanes.append(markX) } else { lanes[laneIndex] = markX }
            placed.append((mark, markX, Self.axis - Double(laneIndex) * Self.lane))
        }
        let top = Self.axis - Double(max(0, lanes.count - 1)) * Self.lane - 30
        let height = Self.axis + 40 - top
        var parts: [String] = []
        parts.append(
            #"<svg class="timeline-strip" xmlns="http://www.w3.org/2000/svg" viewBox="0 \#(f(top)) \#(f(Self.width)) \#(f(height))" "#
                + #"role="img" aria-labelledby="timeline-title"><title id="timeline-title">\#(escape(summary))</title>"#)
        if let sla {
            let from = x(sla.receivedAt)
            let due = x(sla.dueAt)
            parts.append(
                #"<rect class="sla-window band-\#(sla.band.rawValue)" x="\#(f(from))" y="\#(f(Self.axis - 7))" width="\#(f(max(1, due - from)))" height="14" rx="3"><title>First-response target: received \#(escape(text(sla.receivedAt))), due \#(escape(text(sla.dueAt)))</title></rect>"#
            )
            parts.append(
                #"<line class="due" x1="\#(f(due))" x2="\#(f(due))" y1="\#(f(top + 14))" y2="\#(f(Self.axis + 22))"></line>"#
                    + #"<text class="label" x="\#(f(due))" y="\#(f(top + 10))" text-anchor="middle">due</text>"#)
            if let response = sla.firstResponseAt {
                let at = x(response)
                parts.append(
                    #"<circle class="first-response" cx="\#(f(at))" cy="\#(f(Self.axis))" r="10"><title>First response \#(escape(text(response)))</title></circle>"#
                        + #"<text class="label" x="\#(f(at))" y="\#(f(Self.axis + 24))" text-anchor="middle">first response</text>"#)
            }
        }
        parts.append(
            #"<line class="axis" x1="\#(f(Self.left))" x2="\#(f(Self.right))" y1="\#(f(Self.axis))" y2="\#(f(Self.axis))"></line>"#)
        if open {
            let at = x(now)
            parts.append(
                #"<line class="now" x1="\#(f(at))" x2="\#(f(at))" y1="\#(f(top + 14))" y2="\#(f(Self.axis + 22))"></line>"#
                    + #"<text class="label" x="\#(f(at))" y="\#(f(top + 10))" text-anchor="middle">now</text>"#)
        }
        for (mark, markX, y) in placed {
            let title = "#\(mark.seq) \(mark.event) by \(mark.actor) → \(mark.toState), \(text(mark.at))"
            let shape: String =
                switch mark.kind {
                case .timer:
                    #"<path d="M \#(f(markX)) \#(f(y - 7)) l 7 7 l -7 7 l -7 -7 z"></path>"#
                case .breach:
                    #"<path d="M \#(f(markX - 6)) \#(f(y - 6)) l 12 12 m 0 -12 l -12 12"></path>"#
                default:
                    #"<circle cx="\#(f(markX))" cy="\#(f(y))" r="6"></circle>"#
                }
            parts.append(#"<g class="mark \#(mark.kind.rawValue)"><title>\#(escape(title))</title>\#(shape)</g>"#)
        }
        parts.append(
            #"<text class="label" x="\#(f(Self.left))" y="\#(f(Self.axis + 34))">\#(escape(text(start)))</text>"#
                + #"<text class="label" x="\#(f(Self.right))" y="\#(f(Self.axis + 34))" text-anchor="end">\#(escape(text(end)))</text>"#)
        parts.append("</svg>")
        return parts.joined()
    }

    /// What the drawing shows, for a screen reader.
    var summary: String {
        var words = "Timeline of \(marks.count) event\(marks.count == 1 ? "" : "s")"
        if let sla {
            words += "; first response due \(text(sla.dueAt))"
            if let response = sla.firstResponseAt { words += ", given \(text(response))" }
            if sla.standing == .breached { words += "; the target was breached" }
        }
        return words
    }

    private func text(_ date: Date) -> String { PageText.instant(date, zone: zone).text }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text and attribute values in SVG: the five characters XML reserves.
    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
