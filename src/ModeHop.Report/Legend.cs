using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report;

/// <summary>
/// The key under a chart. A family's: one entry per series, then the spread band, hop and change-point markers and
/// mode cells in use. Other charts build theirs from <see cref="List"/> and the swatches.
/// </summary>
internal static class Legend
{
    public static string Render(ReportFamily family, IReadOnlyList<string> colours)
    {
        var html = new StringBuilder("<ul class=\"legend\">\n");
        for (int i = 0; i < family.Series.Count; i++)
        {
            ReportSeries s = family.Series[i];
            // the family chart draws a control 1.5 px dashed, a task 2 px solid
            html.Append("<li>").Append(LineEntry(colours[i], s.Label, s.Control ? 1.5 : 2, dashed: s.Control));
            // the dashed swatch already says "control"; the tag spells it out unless the label does
            if (s.Control && !s.Label.Contains("control", StringComparison.OrdinalIgnoreCase))
                html.Append("<span class=\"tag\">control</span>");
            if (s.Values.Count == 0)
                html.Append("<span class=\"tag\">no checkpoints</span>");
            html.Append("</li>\n");
        }
        if (family.Series.Any(s => s.Spread is not null && s.Values.Count > 0))
            html.Append($"<li>{Swatch($"<rect x=\"1\" y=\"1\" width=\"28\" height=\"8\" fill=\"{Palette.Muted}\" fill-opacity=\"0.2\"/>")}± seed spread</li>\n");
        if (family.ChangePoints is { Count: > 0 })
            html.Append($"<li>{Swatch($"<line x1=\"15\" y1=\"0\" x2=\"15\" y2=\"5\" stroke=\"{Palette.Muted}\" stroke-width=\"1.2\" stroke-dasharray=\"2 1\"/><path d=\"M15,1 L20,5.5 L15,10 L10,5.5 Z\" fill=\"{Palette.Muted}\"/>")}change point (in its series' colour)</li>\n");
        if (family.Hops.Any(h => h.To == ModeNames.General))
            html.Append($"<li>{Swatch($"<path d=\"M15,0 L20,9 L10,9 Z\" fill=\"{Palette.General}\"/>")}hop to General</li>\n");
        if (family.Hops.Any(h => h.To == ModeNames.Parrot))
            html.Append($"<li>{Swatch($"<path d=\"M15,9 L20,0 L10,0 Z\" fill=\"{Palette.Parrot}\"/>")}hop to Parrot</li>\n");
        html.Append("<li class=\"modes\">modes ");
        foreach (string mode in new[] { ModeNames.General, ModeNames.Mixed, ModeNames.Parrot })
            html.Append(BoxEntry(ModeNames.Colour(mode), mode)).Append(' ');
        html.Append("</li>\n</ul>\n");
        return html.ToString();
    }

    /// <summary>A legend of the given entries (each already HTML: a swatch and escaped text).</summary>
    public static string List(IEnumerable<string> entries)
    {
        var html = new StringBuilder("<ul class=\"legend\">\n");
        foreach (string entry in entries)
            html.Append("<li>").Append(entry).Append("</li>\n");
        return html.Append("</ul>\n").ToString();
    }

    /// <summary>A line swatch and its label (escaped here).</summary>
    public static string LineEntry(string colour, string label, double width = 2, bool dashed = false) =>
        Swatch($"<line x1=\"1\" y1=\"5\" x2=\"29\" y2=\"5\" stroke=\"{colour}\" stroke-width=\"{Html.Num(width)}\"{(dashed ? " stroke-dasharray=\"6 4\"" : "")}/>") + Html.Escape(label);

    /// <summary>The swatch and label of one line of a <see cref="LineChart"/>, drawn as the chart draws it.</summary>
    public static string LineEntry(ChartLine line) => LineEntry(line.Colour, line.Label, line.Width, line.Dashed);

    /// <summary>A ring swatch (a <see cref="ChartMarker"/>'s ring at a point) and its label (escaped here).</summary>
    public static string RingEntry(string colour, string label) =>
        Swatch($"<circle cx=\"15\" cy=\"5\" r=\"4\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>") + Html.Escape(label);

    /// <summary>A filled box swatch and its label (escaped here).</summary>
    public static string BoxEntry(string colour, string label) =>
        Swatch($"<rect x=\"8\" y=\"1\" width=\"14\" height=\"8\" fill=\"{colour}\"/>") + Html.Escape(label);

    /// <summary>A 30 × 10 inline SVG around <paramref name="shape"/>, hidden from screen readers (the text says it).</summary>
    public static string Swatch(string shape) =>
        $"<svg class=\"swatch\" width=\"30\" height=\"10\" viewBox=\"0 0 30 10\" aria-hidden=\"true\">{shape}</svg>";
}
