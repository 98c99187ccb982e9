using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report;

/// <summary>
/// A family's inline SVG: every series over tokens seen on a 0..1 axis (tasks solid, controls dashed and muted),
/// seed-spread bands, a 0.5 dashed line, a marker at every hop's end (a triangle above the plot), a dashed line with
/// a diamond on the x axis at every change point (in its series' colour), and one mode-strip row per series.
/// </summary>
internal static class FamilyChart
{
    // Layout in px of the viewBox (ChartLayout.Standard). The top margin holds the hop triangles, the bottom the tick
    // labels and axis title, then the mode strip.
    static readonly ChartLayout Layout = ChartLayout.Standard;
    static readonly double PlotLeft = Layout.PlotLeft, PlotRight = Layout.PlotRight, PlotTop = Layout.PlotTop, PlotBottom = Layout.PlotBottom;
    static readonly double StripTop = PlotBottom + 48;
    const double RowHeight = 22, CellHeight = 8;
    static readonly double[] YTicks = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>The chart's SVG; the family must have at least one checkpoint in some series.</summary>
    public static string Render(ReportFamily family, string valueLabel, IReadOnlyList<string> colours)
    {
        LinearScale x = XScale(family), y = Layout.Y(0, 1);
        int rows = family.Series.Count(s => s.Values.Count > 0);
        double height = StripTop + rows * RowHeight + 4;

        var svg = new StringBuilder();
        SvgChart.Open(svg, Layout.Width, height, $"{family.Family}: {valueLabel} over tokens seen");
        Axes(svg, x, y, valueLabel);
        for (int s = 0; s < family.Series.Count; s++)
            Band(svg, family.Series[s], colours[s], x, y);
        foreach (ReportChangePoint change in family.ChangePoints ?? [])
            ChangePointMarker(svg, change, colours[SeriesIndex(family, change.Series)], x);
        foreach (ReportHop hop in family.Hops)
            HopMarker(svg, hop, x);
        for (int s = 0; s < family.Series.Count; s++)
            Line(svg, family.Series[s], colours[s], x, y);
        int row = 0;
        for (int s = 0; s < family.Series.Count; s++)
            if (family.Series[s].Values.Count > 0)
                StripRow(svg, family.Series[s], x, StripTop + row++ * RowHeight);
        SvgChart.Close(svg);
        return svg.ToString();
    }

    /// <summary>Tokens of every checkpoint, hop end and change point; an empty range maps everything to the middle.</summary>
    static LinearScale XScale(ReportFamily family)
    {
        var tokens = family.Series.SelectMany(s => s.Tokens).Concat(family.Hops.Select(h => h.ToTokens))
            .Concat((family.ChangePoints ?? []).Select(c => c.Tokens)).ToList();
        return Layout.X(tokens.Min(), tokens.Max());
    }

    /// <summary>The index of the series labelled <paramref name="label"/> (ReportChecks made sure there is one).</summary>
    internal static int SeriesIndex(ReportFamily family, string label)
    {
        for (int i = 0; i < family.Series.Count; i++)
            if (family.Series[i].Label == label)
                return i;
        throw new ArgumentException($"Report family '{family.Family}': no series labelled '{label}'.");
    }

    static void Axes(StringBuilder svg, LinearScale x, LinearScale y, string valueLabel)
    {
        SvgChart.YGrid(svg, Layout, y.Map, YTicks, Html.Num, baseline: 0, dashedAt: 0.5);
        SvgChart.XAxis(svg, Layout, x.Map, AxisTicks.Nice(x.DomainMin, x.DomainMax, target: 6, minStep: 1), TokenCount.Format, "tokens seen");
        SvgChart.YTitle(svg, Layout, valueLabel);
    }

    /// <summary>
    /// A dashed line through the plot in the series' colour and a diamond on the x axis: change points sit at the
    /// bottom, hops at the top, so the two never read as one another.
    /// </summary>
    static void ChangePointMarker(StringBuilder svg, ReportChangePoint change, string colour, LinearScale x)
    {
        double px = x.Map(change.Tokens), py = PlotBottom;
        svg.Append("<g class=\"changepoint\">")
           .Append($"<title>{ChangePointTitle(change)}</title>")
           .Append($"<line x1=\"{Html.Num(px)}\" y1=\"{Html.Num(PlotTop)}\" x2=\"{Html.Num(px)}\" y2=\"{Html.Num(py)}\" stroke=\"{colour}\" stroke-opacity=\"0.55\" stroke-width=\"1.2\" stroke-dasharray=\"6 3\"/>")
           .Append($"<path d=\"M{Html.Num(px)},{Html.Num(py - 5)} L{Html.Num(px + 4)},{Html.Num(py)} L{Html.Num(px)},{Html.Num(py + 5)} L{Html.Num(px - 4)},{Html.Num(py)} Z\" fill=\"{colour}\"/>")
           .Append("</g>\n");
    }

    /// <summary>"change point at step 2600 · toy · 5.3M tokens · 0.450 → 0.910 (+0.460)", escaped.</summary>
    internal static string ChangePointTitle(ReportChangePoint change) =>
        $"change point at step {Html.Int(change.Step)} · {Html.Escape(change.Series)} · {TokenCount.Format(change.Tokens)} tokens · {Html.Value(change.Before)} \u2192 {Html.Value(change.After)} ({Html.Signed(change.After - change.Before)})";

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
            SvgChart.AppendPoint(points, x.Map(series.Tokens[i]), y.Map(Clip(series.Values[i] + spread[i])));
        for (int i = n - 1; i >= 0; i--)
            SvgChart.AppendPoint(points, x.Map(series.Tokens[i]), y.Map(Clip(series.Values[i] - spread[i])));
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
            string stroke = series.Control ? "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"" : "stroke-width=\"2\"";
            SvgChart.Polyline(svg, Enumerable.Range(0, n).Select(i => (x.Map(series.Tokens[i]), y.Map(Clip(series.Values[i])))), colour, series.Control ? "control" : "task", stroke);
        }
        // one dot per checkpoint carries its tooltip; a lone checkpoint is only a dot, so it gets a larger one
        string r = n == 1 ? "4" : series.Control ? "1.6" : "2.2";
        for (int i = 0; i < n; i++)
        {
            string spread = series.Spread is { } s ? $" ± {Html.Value(s[i])}" : "";
            SvgChart.Dot(svg, x.Map(series.Tokens[i]), y.Map(Clip(series.Values[i])), r, colour,
                $"{Html.Escape(series.Label)} · step {Html.Int(series.Steps[i])} · {TokenCount.Format(series.Tokens[i])} tokens · {Html.Value(series.Values[i])}{spread} ({Html.Escape(series.Modes[i])})");
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
}
