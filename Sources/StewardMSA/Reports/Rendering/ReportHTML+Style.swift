extension ReportHTML {
    /// The pages' one stylesheet: readable from 320 px wide up, and on paper.
    static let stylesheet: HTML = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d0d7de; --band: #f6f8fa; --accent: #0b5cad; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0 auto; max-width: 64rem; padding: 1rem 1rem 3rem;
          font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: #fff;
        }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.25rem; margin: 2.25rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--accent); }
        h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
        p { margin: 0.5rem 0; }
        .facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin: 0; color: var(--muted); }
        .facts div { display: flex; gap: 0.4rem; }
        .facts dt::after, .definitions dt::after { content: ":"; }
        .facts dd, .definitions dd { margin: 0; color: var(--ink); }
        .definitions { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
        .definitions div { display: contents; }
        .definitions dt { font-weight: 600; }
        .note, .empty { color: var(--muted); font-size: 0.9rem; }
        .table-scroll { overflow-x: auto; margin: 0.75rem 0 1rem; }
        table { border-collapse: collapse; min-width: 100%; font-size: 0.9rem; }
        caption { text-align: left; font-weight: 600; padding: 0 0 0.35rem; }
        th, td { padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
        tbody th { font-weight: 600; }
        tbody tr:nth-child(even) { background: var(--band); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.when { white-space: nowrap; }
        td.text { min-width: 12rem; overflow-wrap: anywhere; }
        .summary-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0 1.5rem; }
        .unanswered { font-weight: 600; color: #a40e26; }
        .chart-scroll { overflow-x: auto; margin: 1rem 0 1.5rem; }
        svg.chart { display: block; width: 100%; min-width: 23rem; max-width: 40rem; height: auto; }
        svg.chart .axis-label { font-weight: 600; }
        @media (max-width: 30rem) {
          body { padding: 0.75rem 0.75rem 2rem; }
          h1 { font-size: 1.35rem; }
          table { font-size: 0.85rem; }
          th, td { padding: 0.3rem 0.45rem; }
          .definitions { grid-template-columns: 1fr; gap: 0 0; }
          .definitions dd { margin-bottom: 0.4rem; }
        }
        @media print {
          @page { margin: 15mm; }
          body { max-width: none; padding: 0; font-size: 10pt; }
          h2 { break-after: avoid; }
          tr, svg.chart, .definitions { break-inside: avoid; }
          thead { display: table-header-group; }
          .table-scroll, .chart-scroll { overflow: visible; }
          svg.chart { max-width: 16cm; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """
}
