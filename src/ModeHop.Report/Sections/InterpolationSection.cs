using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report.Sections;

/// <summary>
/// Interpolation: each family's test task along the straight line between a checkpoint in one mode and one in the
/// other, ngp over λ (one line per family), and a table naming both ends and where the path crosses ½.
/// </summary>
internal static class InterpolationSection
{
    public static void Render(StringBuilder html, IReadOnlyList<ReportInterpolation> paths)
    {
        SectionHtml.Open(html, "interpolation", "Interpolation between modes",
            "Weights θ(λ) = (1 − λ)·θ(from) + λ·θ(to) between a checkpoint in one mode and a checkpoint in the other, scored on the test task at each λ. A path that stays put and then switches says the two modes are separate basins; a smooth path says they are one.");
        var lines = new List<ChartLine>();
        for (int i = 0; i < paths.Count; i++)
        {
            ReportInterpolation p = paths[i];
            string label = $"{p.Family}: step {Html.Step(p.FromStep)} ({p.FromMode}) \u2192 step {Html.Step(p.ToStep)} ({p.ToMode})";
            lines.Add(new ChartLine(label, Palette.Task(i), p.Lambdas, p.Ngp,
                p.Lambdas.Select((l, k) => $"{p.Family} · {p.Task} · λ = {Html.Num(l)} · {Html.Value(p.Ngp[k])}").ToArray()));
        }
        html.Append(LineChart.Render(new LineChartSpec("Interpolation: normalized general probability of each family's test task over λ", "λ (0: from checkpoint, 1: to checkpoint)",
            Html.Num, 0, "normalized general probability", lines, [], "interpolation-chart")));
        html.Append(Legend.List(lines.Select(Legend.LineEntry)));
        SectionHtml.Table(html, "interpolation-table",
            [("family", false), ("task", false), ("from", false), ("to", false), ("ngp at λ = 0", true), ("ngp at λ = 1", true), ("crosses ½ at λ", true)],
            paths.Select(p => (IReadOnlyList<string>)
            [
                Html.Escape(p.Family), Html.Escape(p.Task),
                $"step {Html.Step(p.FromStep)} {ModeNames.LetterSpan(p.FromMode)}", $"step {Html.Step(p.ToStep)} {ModeNames.LetterSpan(p.ToMode)}",
                Html.Value(p.Ngp[0]), Html.Value(p.Ngp[^1]), Crossing(p) is { } c ? Html.Num(c) : "\u2014",
            ]));
        SectionHtml.Close(html);
    }

    /// <summary>The first λ where ngp crosses ½, linearly interpolated between grid points; null when it never does.</summary>
    internal static double? Crossing(ReportInterpolation path)
    {
        for (int k = 1; k < path.Lambdas.Count; k++)
        {
            double a = path.Ngp[k - 1] - 0.5, b = path.Ngp[k] - 0.5;
            if (a == 0)
                return path.Lambdas[k - 1];
            if (a * b < 0)
                return path.Lambdas[k - 1] + (path.Lambdas[k] - path.Lambdas[k - 1]) * a / (a - b);
        }
        return path.Ngp.Count > 0 && path.Ngp[^1] == 0.5 ? path.Lambdas[^1] : null;
    }
}
