using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report.Sections;

/// <summary>
/// Data selection: a timeline of the training windows (a bar per window of the margin change it caused, over a strip
/// coloured by its label), then the continuation arms' held-out general probability over their steps (one line per
/// arm), a table of their hops and final held-out general probability, and their final mode per family.
/// </summary>
internal static class DataSelectionSection
{
    public const string ProGeneral = "pro-general", ProPattern = "pro-pattern", Neutral = "neutral", Uncontrolled = "uncontrolled";

    // The timeline: bars of the margin change around a baseline, the label strip under them, then the step axis.
    static readonly ChartLayout Timeline = new(760, 58, 18, 10, 90);
    const double BarsTop = 10, BarsBottom = 80, StripTop = 86, StripHeight = 14;

    public static string LabelColour(string label) => label switch
    {
        ProGeneral => Palette.General,
        ProPattern => Palette.Parrot,
        _ => Palette.Mixed,
    };

    static string ArmColour(string arm, int index) => arm switch
    {
        ProGeneral => Palette.General,
        ProPattern => Palette.Parrot,
        Uncontrolled => Palette.Muted,
        _ => Palette.Task(index),
    };

    public static void Render(StringBuilder html, ReportDataSelection data)
    {
        SectionHtml.Open(html, "datasel", "Data selection",
            "Each training window labelled by the mean margin change over the test tasks it caused: pro-general when it raised the margin, pro-pattern when it lowered it. Then a checkpoint trained on, with uncontrolled, pro-pattern-only and pro-general-only data (same steps, same seed otherwise).");
        if (data.Windows.Count > 0)
        {
            SectionHtml.Heading(html, "Training windows");
            html.Append(WindowTimeline(data.Windows));
            var labels = new[] { ProGeneral, ProPattern, Neutral }.Where(l => data.Windows.Any(w => w.Label == l));
            html.Append(Legend.List(labels.Select(l => Legend.BoxEntry(LabelColour(l), Windows(l, data.Windows.Count(w => w.Label == l))))
                .Append(Legend.Swatch($"<rect x=\"12\" y=\"1\" width=\"6\" height=\"8\" fill=\"{Palette.Muted}\"/>") + "bar: mean margin change over the window (up: towards General)")));
        }
        if (data.Arms.Count > 0)
        {
            SectionHtml.Heading(html, "Continuation arms");
            var lines = new List<ChartLine>();
            for (int i = 0; i < data.Arms.Count; i++)
            {
                ReportDataArm arm = data.Arms[i];
                lines.Add(new ChartLine(arm.Arm, ArmColour(arm.Arm, i), arm.ArmSteps.Select(s => (double)s).ToArray(), arm.HeldOut,
                    arm.HeldOut.Select((v, k) => $"{arm.Arm} · step {Html.Int(arm.ArmSteps[k])} · held-out {Html.Value(v)}").ToArray()));
            }
            var markers = new List<ChartMarker>();
            var steps = data.Arms.SelectMany(a => a.ArmSteps).ToArray();
            long from = data.Arms[0].FromStep;
            if (steps.Length > 0 && data.Arms.All(a => a.FromStep == from) && from >= steps.Min() && from <= steps.Max())
                markers.Add(new ChartMarker(from, Palette.Muted, $"the arms branch off at step {Html.Int(from)}", $"from step {Html.Step(from)}"));
            html.Append(LineChart.Render(new LineChartSpec("Data selection: held-out general probability of each continuation arm over its steps", "training step",
                t => TokenCount.Format(t), 1, "held-out general probability", lines, markers, "datasel-chart")));
            html.Append(Legend.List(lines.Select(Legend.LineEntry)));
            SectionHtml.Table(html, "arms-table",
                [("arm", false), ("from step", true), ("steps", true), ("hops (task / control)", true), ("final modes", false), ("final held-out general prob", true)],
                data.Arms.Select(a => (IReadOnlyList<string>)
                [
                    Html.Escape(a.Arm), Html.Step(a.FromStep), Html.Int(a.Steps), $"{Html.Int(a.TaskHops)} / {Html.Int(a.ControlHops)}",
                    ModeCounts(a.FinalModes), $"<strong>{Html.Value(a.FinalHeldOut)}</strong>",
                ]));
            FinalModes(html, data.Arms);
        }
        SectionHtml.Close(html);
    }

    static string WindowTimeline(IReadOnlyList<ReportDataWindow> windows)
    {
        LinearScale x = Timeline.X(windows.Min(w => w.FromStep), windows.Max(w => w.ToStep));
        double extent = windows.Max(w => Math.Abs(w.MarginChange));
        double baseline = (BarsTop + BarsBottom) / 2, half = (BarsBottom - BarsTop) / 2;
        double Height(double change) => extent > 0 ? change / extent * half : 0;

        var svg = new StringBuilder();
        SvgChart.Open(svg, Timeline.Width, Timeline.HeightWithXAxis, "Data selection: training windows coloured by label, with the margin change each caused", "datasel-timeline");
        svg.Append($"<line x1=\"{Html.Num(Timeline.PlotLeft)}\" y1=\"{Html.Num(baseline)}\" x2=\"{Html.Num(Timeline.PlotRight)}\" y2=\"{Html.Num(baseline)}\" stroke=\"{Palette.Axis}\"/>\n");
        svg.Append($"<text x=\"{Html.Num(Timeline.PlotLeft - 8)}\" y=\"{Html.Num(BarsTop + 8)}\" text-anchor=\"end\">{Html.Signed(extent)}</text>\n");
        svg.Append($"<text x=\"{Html.Num(Timeline.PlotLeft - 8)}\" y=\"{Html.Num(BarsBottom)}\" text-anchor=\"end\">{Html.Signed(-extent)}</text>\n");
        svg.Append($"<text x=\"{Html.Num(Timeline.PlotLeft - 8)}\" y=\"{Html.Num(StripTop + 11)}\" text-anchor=\"end\">label</text>\n");
        foreach (ReportDataWindow w in windows)
        {
            double left = x.Map(w.FromStep), right = x.Map(w.ToStep), width = Math.Max(right - left, 1);
            string colour = LabelColour(w.Label);
            double h = Height(w.MarginChange);
            string title = Html.Escape($"window {w.Index} {w.Name} · steps {Html.Step(w.FromStep)}–{Html.Step(w.ToStep)} · margin change {Html.Signed(w.MarginChange)} · {w.Label}");
            svg.Append($"<g class=\"window\"><title>{title}</title>")
               .Append($"<rect class=\"strip\" x=\"{Html.Num(left)}\" y=\"{Html.Num(StripTop)}\" width=\"{Html.Num(width)}\" height=\"{Html.Num(StripHeight)}\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\"/>")
               .Append($"<rect class=\"change\" x=\"{Html.Num(left + width * 0.15)}\" y=\"{Html.Num(h >= 0 ? baseline - h : baseline)}\" width=\"{Html.Num(Math.Max(width * 0.7, 1))}\" height=\"{Html.Num(Math.Max(Math.Abs(h), 0.5))}\" fill=\"{colour}\"/>")
               .Append("</g>\n");
        }
        SvgChart.XAxis(svg, Timeline, x.Map, AxisTicks.Nice(x.DomainMin, x.DomainMax, target: 8, minStep: 1), t => TokenCount.Format(t), "training step");
        SvgChart.Close(svg);
        return svg.ToString();
    }

    static string Windows(string label, int count) => $"{label} ({count} window{(count == 1 ? "" : "s")})";

    /// <summary>"G 5 · P 2 · M 1", each letter in its mode's colour.</summary>
    static string ModeCounts(IReadOnlyList<ReportFamilyMode> modes) =>
        string.Join(" · ", new[] { ModeNames.General, ModeNames.Parrot, ModeNames.Mixed }
            .Select(m => (Mode: m, Count: modes.Count(f => f.Mode == m))).Where(c => c.Count > 0)
            .Select(c => $"{ModeNames.LetterSpan(c.Mode)} {Html.Int(c.Count)}"));

    /// <summary>Families down, arms across, each cell the family's final mode in that arm.</summary>
    static void FinalModes(StringBuilder html, IReadOnlyList<ReportDataArm> arms)
    {
        var families = arms.SelectMany(a => a.FinalModes.Select(f => f.Family)).Distinct().ToArray();
        if (families.Length == 0)
            return;
        var columns = new List<(string, bool)> { ("final mode", false) };
        columns.AddRange(arms.Select(a => (a.Arm, false)));
        SectionHtml.Table(html, "modes-table", columns, families.Select(f =>
        {
            var row = new List<string> { Html.Escape(f) };
            row.AddRange(arms.Select(a => a.FinalModes.FirstOrDefault(m => m.Family == f) is { } m ? ModeNames.LetterSpan(m.Mode) + " " + Html.Escape(m.Mode) : "\u2014"));
            return (IReadOnlyList<string>)row;
        }));
    }
}
