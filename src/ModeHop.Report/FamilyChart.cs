using System.Text;

namespace ModeHop.Report;

/// <summary>
/// A family's inline SVG: every series over tokens seen on a 0..1 axis (tasks solid, controls dashed and muted),
/// seed-spread bands, a 0.5 dashed line, a marker at every hop's end, and one mode-strip row per series.
/// </summary>
internal static class FamilyChart
{
    // Layout in px of the viewBox. The top margin holds the hop triangles, the bottom the tick labels and axis title.
    const double Width = 760, Left = 58, Right = 18, Top = 26, PlotHeight = 220;
    const double PlotLeft = Left, PlotRight = Width - Right, PlotTop = Top, PlotBottom = Top + PlotHeight;
    const double StripTop = PlotBottom + 48, RowHeight = 22, CellHeight = 8;
    static readonly double[] YTicks = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>The chart's SVG; the family must have at least one checkpoint in some series.</summary>
    public static string Render(ReportFamily family, string valueLabel, IReadOnlyList<string> colours)
    {
        LinearScale x = XScale(family), y = new(0, 1, PlotBottom, PlotTop);
        int rows = family.Series.Count(s => s.Values.Count > 0);
        double height = StripTop + rows * RowHeight + 4;

        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart\" viewBox=\"0 0 {Html.Num(Width)} {Html.Num(height)}\" width=\"{Html.Num(Width)}\" height=\"{Html.Num(height)}\" role=\"img\" aria-label=\"{Html.Escape(family.Family)}: {Html.Escape(valueLabel)} over tokens seen\">\n");
        Axes(svg, family, x, y, valueLabel);
        for (int s = 0; s < family.Series.Count; s++)
            Band(svg, family.Series[s], colours[s], x, y);
        foreach (ReportHop hop in family.Hops)
            HopMarker(svg, hop, x);
        for (int s = 0; s < family.Series.Count; s++)
            Line(svg, family.Series[s], colours[s], x, y);
        int row = 0;
        for (int s = 0; s < family.Series.Count; s++)
            if (family.Series[s].Values.Count > 0)
                StripRow(svg, family.Series[s], x, StripTop + row++ * RowHeight);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Tokens of every checkpoint and every hop end; an empty range maps everything to the middle.</summary>
    static LinearScale XScale(ReportFamily family)
    {
        var tokens = family.Series.SelectMany(s => s.Tokens).Concat(family.Hops.Select(h => h.ToTokens)).ToList();
        return new LinearScale(tokens.Min(), tokens.Max(), PlotLeft, PlotRight);
    }

    static void Axes(StringBuilder svg, ReportFamily family, LinearScale x, LinearScale y, string valueLabel)
    {
        foreach (double v in YTicks)
        {
            string py = Html.Num(y.Map(v));
            string style = v == 0.5
                ? $"stroke=\"{Palette.Axis}\" stroke-dasharray=\"4 4\""
                : $"stroke=\"{(v == 0 ? Palette.Axis : Palette.Grid)}\"";
            svg.Append($"<line x1=\"{Html.Num(PlotLeft)}\" y1=\"{py}\" x2=\"{Html.Num(PlotRight)}\" y2=\"{py}\" {style}/>\n");
            svg.Append($"<text x=\"{Html.Num(PlotLeft - 8)}\" y=\"{Html.Num(y.Map(v) + 4)}\" text-anchor=\"end\">{Html.Num(v)}</text>\n");
        }
        foreach (double t in AxisTicks.Nice(x.DomainMin, x.DomainMax, target: 6, minStep: 1))
        {
            string px = Html.Num(x.Map(t));
            svg.Append($"<line x1=\"{px}\" y1=\"{Html.Num(PlotBottom)}\" x2=\"{px}\" y2=\"{Html.Num(PlotBottom + 5)}\" stroke=\"{Palette.Axis}\"/>\n");
            svg.Append($"<text x=\"{px}\" y=\"{Html.Num(PlotBottom + 18)}\" text-anchor=\"middle\">{TokenCount.Format(t)}</text>\n");
        }
        svg.Append($"<text class=\"axis-title\" x=\"{Html.Num((PlotLeft + PlotRight) / 2)}\" y=\"{Html.Num(PlotBottom + 36)}\" text-anchor=\"middle\">tokens seen</text>\n");
        double midY = (PlotTop + PlotBottom) / 2;
        svg.Append($"<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"{Html.Num(-midY)}\" y=\"14\" text-anchor=\"middle\">{Html.Escape(valueLabel)}</text>\n");
    }

    /// <summary>value ± spread, clipped to the axis: a polygon, or an error bar for a single checkpoint.</summary>
    static void Band(StringBuilder svg, ReportSeries series, string colour, LinearScale x, LinearScale y)
    {
        if (series.Spread is not { } spread || series.Values.Count == 0)
            return;
        int n = series.Values.Count;
        if (n == 1)
        {
            string px = Html.Num(x.Map(series.Tokens[0]));
            svg.Append($"<line class=\"band\" x1=\"{px}\" y1=\"{Html.Num(y.Map(Clip(series.Values[0] - spread[0])))}\" x2=\"{px}\" y2=\"{Html.Num(y.Map(Clip(series.Values[0] + spread[0])))}\" stroke=\"{colour}\" stroke-opacity=\"0.35\" stroke-width=\"6\"/>\n");
            return;
        }
        var points = new StringBuilder();
        for (int i = 0; i < n; i++)
            AppendPoint(points, x.Map(series.Tokens[i]), y.Map(Clip(series.Values[i] + spread[i])));
        for (int i = n - 1; i >= 0; i--)
            AppendPoint(points, x.Map(series.Tokens[i]), y.Map(Clip(series.Values[i] - spread[i])));
        svg.Append($"<polygon class=\"band\" points=\"{points}\" fill=\"{colour}\" fill-opacity=\"0.14\"/>\n");
    }

    /// <summary>A faint vertical tick through the plot at the hop's end and a triangle above it: ▲ to General, ▼ to Parrot.</summary>
    static void HopMarker(StringBuilder svg, ReportHop hop, LinearScale x)
    {
        double px = x.Map(hop.ToTokens);
        string colour = ModeNames.Colour(hop.To);
        double tip = hop.To == ModeNames.General ? PlotTop - 14 : PlotTop - 4, baseY = hop.To == ModeNames.General ? PlotTop - 4 : PlotTop - 14;
        string shape = hop.To == ModeNames.Mixed
            ? $"M{Html.Num(px)},{Html.Num(PlotTop - 14)} L{Html.Num(px + 5)},{Html.Num(PlotTop - 9)} L{Html.Num(px)},{Html.Num(PlotTop - 4)} L{Html.Num(px - 5)},{Html.Num(PlotTop - 9)} Z"
            : $"M{Html.Num(px)},{Html.Num(tip)} L{Html.Num(px + 5)},{Html.Num(baseY)} L{Html.Num(px - 5)},{Html.Num(baseY)} Z";
        svg.Append("<g class=\"hop\">")
           .Append($"<title>{HopTitle(hop)}</title>")
           .Append($"<line x1=\"{Html.Num(px)}\" y1=\"{Html.Num(PlotTop - 2)}\" x2=\"{Html.Num(px)}\" y2=\"{Html.Num(PlotBottom)}\" stroke=\"{colour}\" stroke-opacity=\"0.7\" stroke-dasharray=\"2 3\"/>")
           .Append($"<path d=\"{shape}\" fill=\"{colour}\"/>")
           .Append("</g>\n");
    }

    /// <summary>"P→G at step 1200 · algebra · 1.4M tokens · margin +2.500", escaped.</summary>
    internal static string HopTitle(ReportHop hop) =>
        $"{ModeNames.Arrow(hop.From, hop.To)} at step {Html.Int(hop.ToStep)} · {Html.Escape(hop.Task)} · {TokenCount.Format(hop.ToTokens)} tokens · margin {Html.Signed(hop.MarginChange)}";

    static void Line(StringBuilder svg, ReportSeries series, string colour, LinearScale x, LinearScale y)
    {
        int n = series.Values.Count;
        if (n >= 2)
        {
            var points = new StringBuilder();
            for (int i = 0; i < n; i++)
                AppendPoint(points, x.Map(series.Tokens[i]), y.Map(Clip(series.Values[i])));
            string stroke = series.Control ? "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"" : "stroke-width=\"2\"";
            svg.Append($"<polyline class=\"{(series.Control ? "control" : "task")}\" points=\"{points}\" fill=\"none\" stroke=\"{colour}\" {stroke} stroke-linejoin=\"round\"/>\n");
        }
        // one dot per checkpoint carries its tooltip; a lone checkpoint is only a dot, so it gets a larger one
        string r = n == 1 ? "4" : series.Control ? "1.6" : "2.2";
        for (int i = 0; i < n; i++)
        {
            string spread = series.Spread is { } s ? $" ± {Html.Value(s[i])}" : "";
            svg.Append($"<circle cx=\"{Html.Num(x.Map(series.Tokens[i]))}\" cy=\"{Html.Num(y.Map(Clip(series.Values[i])))}\" r=\"{r}\" fill=\"{colour}\">")
               .Append($"<title>{Html.Escape(series.Label)} · step {Html.Int(series.Steps[i])} · {TokenCount.Format(series.Tokens[i])} tokens · {Html.Value(series.Values[i])}{spread} ({Html.Escape(series.Modes[i])})</title>")
               .Append("</circle>\n");
        }
    }

    /// <summary>
    /// One cell per checkpoint, from the midpoint with its left neighbour to the midpoint with its right one, cut at
    /// the plot's edges so the strip lines up with the x axis; a lone checkpoint gets an 8 px cell.
    /// </summary>
    static void StripRow(StringBuilder svg, ReportSeries series, LinearScale x, double top)
    {
        int n = series.Values.Count;
        var px = new double[n];
        for (int i = 0; i < n; i++)
            px[i] = x.Map(series.Tokens[i]);
        svg.Append($"<text class=\"strip-label\" x=\"{Html.Num(PlotLeft)}\" y=\"{Html.Num(top + 9)}\">{Html.Escape(series.Label)}</text>\n");
        for (int i = 0; i < n; i++)
        {
            double left = n == 1 ? px[0] - 4 : i == 0 ? px[0] - (px[1] - px[0]) / 2 : (px[i - 1] + px[i]) / 2;
            double right = n == 1 ? px[0] + 4 : i == n - 1 ? px[i] + (px[i] - px[i - 1]) / 2 : (px[i] + px[i + 1]) / 2;
            left = Math.Max(left, PlotLeft);
            right = Math.Min(right, PlotRight);
            svg.Append($"<rect class=\"cell\" x=\"{Html.Num(left)}\" y=\"{Html.Num(top + 12)}\" width=\"{Html.Num(Math.Max(right - left, 1))}\" height=\"{Html.Num(CellHeight)}\" fill=\"{ModeNames.Colour(series.Modes[i])}\">")
               .Append($"<title>{Html.Escape(series.Label)} · step {Html.Int(series.Steps[i])}: {Html.Escape(series.Modes[i])}</title>")
               .Append("</rect>\n");
        }
    }

    static double Clip(double value) => Math.Clamp(value, 0, 1);

    static void AppendPoint(StringBuilder points, double px, double py)
    {
        if (points.Length > 0)
            points.Append(' ');
        points.Append(Html.Num(px)).Append(',').Append(Html.Num(py));
    }
}
