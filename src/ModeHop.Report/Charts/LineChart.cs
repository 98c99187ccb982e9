using System.Text;

namespace ModeHop.Report.Charts;

/// <summary>One line of a <see cref="LineChart"/>: its points in data units and a tooltip (raw text) per point.</summary>
internal sealed record ChartLine(string Label, string Colour, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<string> Tips,
    bool Dashed = false, double Width = 2);

/// <summary>A vertical marker at <paramref name="X"/>: a labelled line through the plot and, when <paramref name="Y"/> is given, a ring there.</summary>
internal sealed record ChartMarker(double X, string Colour, string Tip, string? Label = null, double? Y = null);

/// <summary>What a <see cref="LineChart"/> shows; the y axis is 0..1 with a dashed ½ line unless told otherwise.</summary>
/// <param name="XLabel">Formats an x tick (the result is escaped).</param>
/// <param name="XMinStep">The smallest x tick step (1 for counts, so 0 … 3 tokens gets no 0.5).</param>
internal sealed record LineChartSpec(string AriaLabel, string XTitle, Func<double, string> XLabel, double XMinStep, string YTitle,
    IReadOnlyList<ChartLine> Lines, IReadOnlyList<ChartMarker> Markers, string CssClass)
{
    public double YMin { get; init; }
    public double YMax { get; init; } = 1;
    public bool HalfLine { get; init; } = true;
}

/// <summary>
/// Lines over a shared x axis on the family chart's layout (<see cref="ChartLayout.Standard"/>): grid, axes, the
/// lines (values clipped to the y range) with a tooltip dot per point, and vertical markers on top.
/// </summary>
internal static class LineChart
{
    static readonly double[] UnitTicks = [0, 0.25, 0.5, 0.75, 1];

    public static string Render(LineChartSpec spec)
    {
        ChartLayout layout = ChartLayout.Standard;
        var xs = spec.Lines.SelectMany(l => l.X).Concat(spec.Markers.Select(m => m.X)).ToArray();
        LinearScale x = layout.X(xs.Length == 0 ? 0 : xs.Min(), xs.Length == 0 ? 1 : xs.Max()), y = layout.Y(spec.YMin, spec.YMax);
        double Clip(double v) => Math.Clamp(v, spec.YMin, spec.YMax);

        var svg = new StringBuilder();
        SvgChart.Open(svg, layout.Width, layout.HeightWithXAxis, spec.AriaLabel, spec.CssClass);
        var yTicks = spec.YMin == 0 && spec.YMax == 1 ? UnitTicks : AxisTicks.Nice(spec.YMin, spec.YMax);
        SvgChart.YGrid(svg, layout, y.Map, yTicks, Html.Num, baseline: spec.YMin, dashedAt: spec.HalfLine ? (spec.YMin + spec.YMax) / 2 : null);
        SvgChart.XAxis(svg, layout, x.Map, AxisTicks.Nice(x.DomainMin, x.DomainMax, target: 6, minStep: spec.XMinStep), t => Html.Escape(spec.XLabel(t)), spec.XTitle);
        SvgChart.YTitle(svg, layout, spec.YTitle);
        foreach (ChartLine line in spec.Lines)
        {
            string stroke = $"stroke-width=\"{Html.Num(line.Width)}\"{(line.Dashed ? " stroke-dasharray=\"6 4\"" : "")}";
            if (line.X.Count >= 2)
                SvgChart.Polyline(svg, line.X.Select((v, i) => (x.Map(v), y.Map(Clip(line.Y[i])))), line.Colour, "line", stroke);
            string radius = line.X.Count == 1 ? "4" : "2";
            for (int i = 0; i < line.X.Count; i++)
                SvgChart.Dot(svg, x.Map(line.X[i]), y.Map(Clip(line.Y[i])), radius, line.Colour, Html.Escape(line.Tips[i]));
        }
        foreach (ChartMarker marker in spec.Markers)
            Marker(svg, layout, marker, x.Map(marker.X), marker.Y is { } my ? y.Map(Clip(my)) : null);
        SvgChart.Close(svg);
        return svg.ToString();
    }

    static void Marker(StringBuilder svg, ChartLayout layout, ChartMarker marker, double px, double? py)
    {
        svg.Append($"<g class=\"marker\"><title>{Html.Escape(marker.Tip)}</title>")
           .Append($"<line x1=\"{Html.Num(px)}\" y1=\"{Html.Num(layout.PlotTop - 4)}\" x2=\"{Html.Num(px)}\" y2=\"{Html.Num(layout.PlotBottom)}\" stroke=\"{marker.Colour}\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>");
        if (marker.Label is { } label)
        {
            // keep the label inside the viewBox at either edge
            string anchor = px > layout.PlotRight - 40 ? "end" : px < layout.PlotLeft + 40 ? "start" : "middle";
            svg.Append($"<text class=\"marker-label\" x=\"{Html.Num(px)}\" y=\"{Html.Num(layout.PlotTop - 8)}\" text-anchor=\"{anchor}\" style=\"fill:{marker.Colour}\">{Html.Escape(label)}</text>");
        }
        if (py is { } ring)
            svg.Append($"<circle cx=\"{Html.Num(px)}\" cy=\"{Html.Num(ring)}\" r=\"6\" fill=\"none\" stroke=\"{marker.Colour}\" stroke-width=\"2.5\"/>");
        svg.Append("</g>\n");
    }
}
