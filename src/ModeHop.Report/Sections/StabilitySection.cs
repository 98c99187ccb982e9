using System.Globalization;
using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report.Sections;

/// <summary>
/// Local stability: grouped bars, one group per learning rate (equal spacing: the rates are log-spaced), one bar per
/// batch size. A bar is the mean over the checkpoints tried of the one-step mean |Δ margin|; its whisker the largest.
/// Two dashed reference lines: the median over those checkpoints of the change to the next checkpoint, and the median
/// |margin change| of the confirmed test hops. The y axis is log₁₀ when the values span a decade or more.
/// </summary>
internal static class StabilitySection
{
    static readonly ChartLayout Layout = new(760, 64, 18, 14, 230);
    const string NeighbourColour = "#555555", HopColour = Palette.Parrot;

    /// <summary>One bar: a learning rate × batch size over the checkpoints tried.</summary>
    internal sealed record Bar(double LearningRate, int BatchSize, double Mean, double Max, int Checkpoints);

    internal static IReadOnlyList<Bar> Bars(ReportStability stability) =>
        stability.Points.GroupBy(p => (p.LearningRate, p.BatchSize)).OrderBy(g => g.Key.LearningRate).ThenBy(g => g.Key.BatchSize)
            .Select(g => new Bar(g.Key.LearningRate, g.Key.BatchSize, g.Average(p => p.MeanAbsMarginChange), g.Max(p => p.MeanAbsMarginChange), g.Select(p => p.CheckpointStep).Distinct().Count()))
            .ToArray();

    /// <summary>The median over checkpoints of the mean |Δ margin| to the next checkpoint (each checkpoint counted once).</summary>
    internal static double NeighbourMedian(ReportStability stability) =>
        SectionHtml.Median(stability.Points.GroupBy(p => p.CheckpointStep).Select(g => g.First().NeighbourMeanAbsMarginChange));

    internal static double HopMedian(ReportStability stability) => SectionHtml.Median(stability.HopMarginChanges.Select(Math.Abs));

    public static void Render(StringBuilder html, ReportStability stability)
    {
        SectionHtml.Open(html, "stability", "Local stability",
            "One optimiser step from a checkpoint (its optimiser state restored) on a random training batch: how far it moves the test tasks' log-prob margin, against how far training moves it between checkpoints and how far a hop moves it.");
        var bars = Bars(stability);
        double neighbour = NeighbourMedian(stability), hop = HopMedian(stability);
        var checkpoints = stability.Points.Select(p => p.CheckpointStep).Distinct().Order().ToArray();
        Bar largest = bars.MaxBy(b => b.Mean)!;
        var sentence = new StringBuilder($"The largest mean one-step change is {Html.Value(largest.Mean)} (learning rate {LearningRate(largest.LearningRate)}, batch {Html.Int(largest.BatchSize)})");
        if (double.IsFinite(hop))
            sentence.Append(largest.Mean > 0 ? $", {Ratio(hop / largest.Mean)} smaller than the median confirmed hop ({Html.Value(hop)})" : $"; the median confirmed hop is {Html.Value(hop)}");
        sentence.Append($"; neighbouring checkpoints differ by {Html.Value(neighbour)} (median over {Html.Int(checkpoints.Length)} checkpoint{(checkpoints.Length == 1 ? "" : "s")}: steps {string.Join(", ", checkpoints.Select(Html.Step))}).");
        SectionHtml.Paragraph(html, sentence.ToString());
        html.Append(Chart(bars, neighbour, hop));

        var batchSizes = bars.Select(b => b.BatchSize).Distinct().Order().ToArray();
        var entries = batchSizes.Select(b => Legend.BoxEntry(BatchColour(b, batchSizes), $"batch {b.ToString(CultureInfo.InvariantCulture)}")).ToList();
        entries.Add(Legend.Swatch($"<rect x=\"10\" y=\"3\" width=\"10\" height=\"7\" fill=\"{Palette.Muted}\"/><line x1=\"15\" y1=\"0\" x2=\"15\" y2=\"3\" stroke=\"{Palette.Ink}\"/>") + "bar: mean over checkpoints, whisker: largest");
        entries.Add(Legend.LineEntry(NeighbourColour, "median change between neighbouring checkpoints", 1.5, dashed: true));
        if (double.IsFinite(hop))
            entries.Add(Legend.LineEntry(HopColour, "median |margin change| of the confirmed test hops", 1.5, dashed: true));
        html.Append(Legend.List(entries));
        SectionHtml.Close(html);
    }

    static string Chart(IReadOnlyList<Bar> bars, double neighbour, double hop)
    {
        var rates = bars.Select(b => b.LearningRate).Distinct().Order().ToArray();
        var batchSizes = bars.Select(b => b.BatchSize).Distinct().Order().ToArray();
        var values = bars.SelectMany(b => new[] { b.Mean, b.Max }).Append(neighbour).Append(hop).Where(double.IsFinite).ToArray();
        var positive = values.Where(v => v > 0).ToArray();
        bool log = positive.Length > 0 && positive.Max() / positive.Min() >= 10;
        Func<double, double> map;
        IReadOnlyList<double> ticks;
        Func<double, string> tickLabel;
        double bottom = Layout.PlotBottom;
        if (log)
        {
            var scale = LogScale.Spanning(positive, Layout.PlotBottom, Layout.PlotTop);
            map = scale.Map;
            ticks = scale.Ticks();
            tickLabel = Decade;
        }
        else
        {
            double max = values.Length == 0 || values.Max() <= 0 ? 1 : values.Max() * 1.1;
            ticks = AxisTicks.Nice(0, max);
            var scale = Layout.Y(0, Math.Max(max, ticks[^1]));
            map = scale.Map;
            tickLabel = Html.Num;
        }

        var svg = new StringBuilder();
        SvgChart.Open(svg, Layout.Width, Layout.HeightWithXAxis, "Local stability: mean absolute margin change of one optimiser step per learning rate and batch size", "stability-chart");
        SvgChart.YGrid(svg, Layout, map, ticks, tickLabel, baseline: ticks[0]);
        double band = (Layout.PlotRight - Layout.PlotLeft) / rates.Length, barWidth = band * 0.8 / batchSizes.Length;
        double Centre(int r) => Layout.PlotLeft + band * (r + 0.5);
        SvgChart.XAxis(svg, Layout, v => Centre((int)v), Enumerable.Range(0, rates.Length).Select(r => (double)r), r => Html.Escape(LearningRate(rates[(int)r])), "learning rate of the one step");
        SvgChart.YTitle(svg, Layout, $"mean |Δ margin|{(log ? " (log scale)" : "")}");
        foreach (Bar bar in bars)
        {
            int r = Array.IndexOf(rates, bar.LearningRate), b = Array.IndexOf(batchSizes, bar.BatchSize);
            double left = Centre(r) - band * 0.4 + b * barWidth, top = Math.Min(map(bar.Mean), bottom), whisker = Math.Min(map(bar.Max), bottom);
            string title = $"learning rate {LearningRate(bar.LearningRate)} · batch {Html.Int(bar.BatchSize)} · mean |Δ margin| {Html.Value(bar.Mean)} over {Html.Int(bar.Checkpoints)} checkpoint{(bar.Checkpoints == 1 ? "" : "s")} (largest {Html.Value(bar.Max)})";
            double mid = left + barWidth / 2;
            svg.Append($"<g class=\"bar\"><title>{Html.Escape(title)}</title>")
               .Append($"<rect x=\"{Html.Num(left + 0.5)}\" y=\"{Html.Num(top)}\" width=\"{Html.Num(Math.Max(barWidth - 1, 1))}\" height=\"{Html.Num(Math.Max(bottom - top, 0.5))}\" fill=\"{BatchColour(bar.BatchSize, batchSizes)}\"/>")
               .Append($"<line x1=\"{Html.Num(mid)}\" y1=\"{Html.Num(top)}\" x2=\"{Html.Num(mid)}\" y2=\"{Html.Num(whisker)}\" stroke=\"{Palette.Ink}\"/>")
               .Append($"<line x1=\"{Html.Num(mid - barWidth / 4)}\" y1=\"{Html.Num(whisker)}\" x2=\"{Html.Num(mid + barWidth / 4)}\" y2=\"{Html.Num(whisker)}\" stroke=\"{Palette.Ink}\"/>")
               .Append("</g>\n");
        }
        if (double.IsFinite(neighbour))
            SvgChart.Reference(svg, Layout, map(neighbour), NeighbourColour, $"neighbouring checkpoints {Html.Value(neighbour)}", "reference neighbour");
        if (double.IsFinite(hop))
            SvgChart.Reference(svg, Layout, map(hop), HopColour, $"confirmed hops {Html.Value(hop)}", "reference hop", labelAtRight: true);
        SvgChart.Close(svg);
        return svg.ToString();
    }

    /// <summary>Light for the smallest batch, the full task blue for the largest: batch size reads as a sequence.</summary>
    static string BatchColour(int batchSize, int[] all)
    {
        int rank = Array.IndexOf(all, batchSize);
        double fraction = all.Length == 1 ? 0 : 0.7 * (all.Length - 1 - rank) / (all.Length - 1);
        return Palette.Lighten(Palette.Task(0), fraction);
    }

    /// <summary>1e-5, 3e-4, 0.01 → "1e-2": a mantissa of at most two significant digits and the decade.</summary>
    internal static string LearningRate(double rate)
    {
        if (!(rate > 0))
            return Html.Num(rate);
        int decade = (int)Math.Floor(Math.Log10(rate) + 1e-9);
        double mantissa = Math.Round(rate / Math.Pow(10, decade), 1);
        return $"{mantissa.ToString("0.#", CultureInfo.InvariantCulture)}e{decade.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>A decade tick: 0.001 … 1000 written out, beyond that 1e6.</summary>
    static string Decade(double value) =>
        value >= 1e-3 && value <= 1e3 ? value.ToString("0.###", CultureInfo.InvariantCulture) : LearningRate(value);

    /// <summary>"46×", "3.2×".</summary>
    static string Ratio(double ratio) => (ratio >= 10 ? Math.Round(ratio).ToString("0", CultureInfo.InvariantCulture) : ratio.ToString("0.0", CultureInfo.InvariantCulture)) + "\u00d7";
}
