using System.Text;

namespace ModeHop.Report.Charts;

/// <summary>
/// The pieces every chart is drawn from: the &lt;svg&gt; element, gridded axes, axis titles, polylines, dots and
/// vertical markers. Numbers go through <see cref="Html.Num"/> and text through <see cref="Html.Escape"/>, so any
/// chart made of them is well-formed XML with the same bytes for the same data.
/// </summary>
internal static class SvgChart
{
    /// <summary>&lt;svg class="chart"&gt; of the given size, an image for screen readers labelled <paramref name="ariaLabel"/> (escaped here).</summary>
    public static void Open(StringBuilder svg, double width, double height, string ariaLabel, string? cssClass = null) =>
        svg.Append($"<svg class=\"chart{(cssClass is null ? "" : " " + cssClass)}\" viewBox=\"0 0 {Html.Num(width)} {Html.Num(height)}\" width=\"{Html.Num(width)}\" height=\"{Html.Num(height)}\" role=\"img\" aria-label=\"{Html.Escape(ariaLabel)}\">\n");

    public static void Close(StringBuilder svg) => svg.Append("</svg>\n");

    /// <summary>
    /// A horizontal grid line and a label left of the plot at each tick: the line at <paramref name="baseline"/> in
    /// the axis colour, one at <paramref name="dashedAt"/> dashed, the others in the grid colour.
    /// </summary>
    public static void YGrid(StringBuilder svg, ChartLayout layout, Func<double, double> map, IEnumerable<double> ticks, Func<double, string> label,
        double? baseline = null, double? dashedAt = null)
    {
        foreach (double v in ticks)
        {
            string py = Html.Num(map(v));
            string style = v == dashedAt
                ? $"stroke=\"{Palette.Axis}\" stroke-dasharray=\"4 4\""
                : $"stroke=\"{(v == baseline ? Palette.Axis : Palette.Grid)}\"";
            svg.Append($"<line x1=\"{Html.Num(layout.PlotLeft)}\" y1=\"{py}\" x2=\"{Html.Num(layout.PlotRight)}\" y2=\"{py}\" {style}/>\n");
            svg.Append($"<text x=\"{Html.Num(layout.PlotLeft - 8)}\" y=\"{Html.Num(map(v) + 4)}\" text-anchor=\"end\">{label(v)}</text>\n");
        }
    }

    /// <summary>A 5 px tick under the plot and its label (already escaped) at each x tick, then the axis title.</summary>
    public static void XAxis(StringBuilder svg, ChartLayout layout, Func<double, double> map, IEnumerable<double> ticks, Func<double, string> label, string title)
    {
        foreach (double t in ticks)
        {
            string px = Html.Num(map(t));
            svg.Append($"<line x1=\"{px}\" y1=\"{Html.Num(layout.PlotBottom)}\" x2=\"{px}\" y2=\"{Html.Num(layout.PlotBottom + 5)}\" stroke=\"{Palette.Axis}\"/>\n");
            svg.Append($"<text x=\"{px}\" y=\"{Html.Num(layout.PlotBottom + 18)}\" text-anchor=\"middle\">{label(t)}</text>\n");
        }
        svg.Append($"<text class=\"axis-title\" x=\"{Html.Num((layout.PlotLeft + layout.PlotRight) / 2)}\" y=\"{Html.Num(layout.PlotBottom + 36)}\" text-anchor=\"middle\">{Html.Escape(title)}</text>\n");
    }

    /// <summary>The y axis title, turned to read bottom-up along the left edge.</summary>
    public static void YTitle(StringBuilder svg, ChartLayout layout, string title)
    {
        double midY = (layout.PlotTop + layout.PlotBottom) / 2;
        svg.Append($"<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"{Html.Num(-midY)}\" y=\"14\" text-anchor=\"middle\">{Html.Escape(title)}</text>\n");
    }

    /// <summary>A polyline through the points (px, py); <paramref name="stroke"/> holds its stroke attributes (width, dashes).</summary>
    public static void Polyline(StringBuilder svg, IEnumerable<(double X, double Y)> points, string colour, string cssClass, string stroke)
    {
        var text = new StringBuilder();
        foreach (var (x, y) in points)
            AppendPoint(text, x, y);
        svg.Append($"<polyline class=\"{cssClass}\" points=\"{text}\" fill=\"none\" stroke=\"{colour}\" {stroke} stroke-linejoin=\"round\"/>\n");
    }

    /// <summary>A dot carrying a tooltip (<paramref name="title"/>, already escaped).</summary>
    public static void Dot(StringBuilder svg, double x, double y, string radius, string colour, string title, string extra = "") =>
        svg.Append($"<circle cx=\"{Html.Num(x)}\" cy=\"{Html.Num(y)}\" r=\"{radius}\" fill=\"{colour}\"{extra}><title>{title}</title></circle>\n");

    /// <summary>
    /// A labelled horizontal reference line across the plot; the label (escaped here) sits above its left end (or, with
    /// <paramref name="labelAtRight"/>, its right end, so two close lines keep their labels apart) (where
    /// charts of growing values are lowest), coloured by a style attribute (the stylesheet's text fill would beat a
    /// fill attribute) and haloed in white by the stylesheet so it stays legible over bars.
    /// </summary>
    public static void Reference(StringBuilder svg, ChartLayout layout, double y, string colour, string label, string cssClass, bool labelAtRight = false)
    {
        double x = labelAtRight ? layout.PlotRight - 6 : layout.PlotLeft + 6;
        svg.Append($"<g class=\"{cssClass}\"><title>{Html.Escape(label)}</title>")
           .Append($"<line x1=\"{Html.Num(layout.PlotLeft)}\" y1=\"{Html.Num(y)}\" x2=\"{Html.Num(layout.PlotRight)}\" y2=\"{Html.Num(y)}\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"7 4\"/>")
           .Append($"<text class=\"ref-label\" x=\"{Html.Num(x)}\" y=\"{Html.Num(y - 5)}\" text-anchor=\"{(labelAtRight ? "end" : "start")}\" style=\"fill:{colour}\">{Html.Escape(label)}</text>")
           .Append("</g>\n");
    }

    /// <summary>"x,y" appended to an SVG points list, space-separated.</summary>
    public static void AppendPoint(StringBuilder points, double px, double py)
    {
        if (points.Length > 0)
            points.Append(' ');
        points.Append(Html.Num(px)).Append(',').Append(Html.Num(py));
    }
}
