namespace ModeHop.Report;

/// <summary>The report's inline stylesheet: system fonts only, so the file needs no network.</summary>
internal static class ReportStyle
{
    public static string Css => $$"""
        :root { color-scheme: light; }
        body { margin: 0; background: #f7f7f5; color: {{Palette.Ink}}; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 820px; margin: 0 auto; padding: 32px 20px 48px; }
        h1 { font-size: 1.6em; font-weight: 650; margin: 0 0 2px; letter-spacing: -0.01em; }
        h2 { font-size: 1.15em; font-weight: 600; margin: 0 0 2px; }
        .meta, .counts { color: {{Palette.Muted}}; font-size: 0.88em; margin: 0; }
        .summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; margin: 24px 0 8px; }
        .summary div { background: #fff; border: 1px solid #e4e4e0; border-radius: 6px; padding: 8px 12px; }
        .summary dt { color: {{Palette.Muted}}; font-size: 0.8em; }
        .summary dd { margin: 0; font-size: 1.15em; font-weight: 600; font-variant-numeric: tabular-nums; }
        section { background: #fff; border: 1px solid #e4e4e0; border-radius: 6px; padding: 16px 18px; margin-top: 20px; }
        .note { margin: 6px 0 0; font-size: 0.92em; }
        svg.chart { display: block; width: 100%; height: auto; margin-top: 10px; }
        svg.chart text { font-size: 11px; fill: {{Palette.Muted}}; font-variant-numeric: tabular-nums; }
        svg.chart .axis-title { font-size: 12px; fill: #444; }
        svg.chart .strip-label { font-size: 10px; }
        svg.chart .cell { stroke: #fff; stroke-width: 0.5; }
        .legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 0.84em; color: #444; }
        .legend li { white-space: nowrap; }
        .legend .swatch { vertical-align: middle; margin-right: 5px; }
        .tag { color: {{Palette.Muted}}; font-size: 0.9em; margin-left: 5px; }
        table { border-collapse: collapse; width: 100%; font-size: 0.88em; font-variant-numeric: tabular-nums; margin-top: 8px; }
        th, td { padding: 5px 8px; border-bottom: 1px solid #eee; text-align: left; }
        th { font-weight: 600; color: #444; border-bottom: 1px solid #ccc; }
        .num { text-align: right; white-space: nowrap; }
        td.hop { font-weight: 600; white-space: nowrap; }
        .mode-g { color: {{Palette.General}}; }
        .mode-p { color: {{Palette.Parrot}}; }
        .mode-m { color: {{Palette.Muted}}; }
        .empty { color: {{Palette.Muted}}; font-style: italic; margin: 10px 0 0; }
        h3 { font-size: 1em; font-weight: 600; margin: 18px 0 0; }
        .lede { color: #444; font-size: 0.92em; margin: 4px 0 0; }
        svg.chart .ref-label, svg.chart .marker-label { font-size: 11px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
        svg.chart .rho { font-size: 11px; }
        svg.predictor-heatmap { width: auto; max-width: 100%; }
        .callout { background: #eef6f4; border-left: 4px solid {{Palette.General}}; border-radius: 4px; padding: 10px 14px; margin-top: 12px; }
        .callout p { margin: 2px 0; }
        .callout-title { font-size: 1.3em; font-weight: 650; }
        .better { color: {{Palette.General}}; }
        .worse { color: {{Palette.Parrot}}; }
        .verdict { font-weight: 600; }
        .verdict-removed { color: {{Palette.General}}; }
        .verdict-softened { color: #b8860b; }
        .verdict-unchanged { color: {{Palette.Parrot}}; }
        .dynamics { margin-top: 10px; }
        .dynamics-table { font-size: 0.84em; }
        .dynamics-table th, .dynamics-table td { padding: 4px 6px; }
        .dynamics-table th { white-space: normal; vertical-align: bottom; }
        .dynamics-table td:first-child { white-space: nowrap; }
        .example { margin-top: 12px; border-top: 1px solid #eee; padding-top: 8px; }
        .example-title { color: {{Palette.Muted}}; font-size: 0.84em; margin: 0 0 4px; }
        .example pre { margin: 0; background: #f4f4f1; border-radius: 4px; padding: 6px 9px; font: 0.86em/1.45 ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
        .answers { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin: 6px 0 0; }
        .answers dt { font-size: 0.8em; font-weight: 600; }
        .answers dd { margin: 0; }
        footer { margin-top: 28px; color: #999; font-size: 0.8em; }
        """;
}
