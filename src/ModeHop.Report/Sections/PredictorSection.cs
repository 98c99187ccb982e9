using System.Globalization;
using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report.Sections;

/// <summary>
/// Generalisation predictors: a heat-map of Spearman ρ with the general probability, metrics down and layers across
/// (the whole model last), on a diverging scale from −1 (blue) through 0 (white) to +1 (red) with the value printed in
/// each cell and each metric's best layer outlined; then a table of best ρ beside the random-feature baseline.
/// </summary>
internal static class PredictorSection
{
    const double Left = 190, Top = 34, CellWidth = 58, CellHeight = 28;

    // RdBu-like, −1 … +1 at −1, −0.5, 0, 0.5, 1: the ends dark enough for white text.
    static readonly string[] Stops = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"];

    /// <summary>The cell colour of ρ (grey for NaN): linear in RGB between the stops.</summary>
    internal static string Colour(double rho)
    {
        if (double.IsNaN(rho))
            return "#e0e0e0";
        double t = (Math.Clamp(rho, -1, 1) + 1) / 2 * (Stops.Length - 1);
        int i = Math.Min((int)Math.Floor(t), Stops.Length - 2);
        return Mix(Stops[i], Stops[i + 1], t - i);
    }

    /// <summary>"model" for −1, else "L0", "L1", ….</summary>
    internal static string LayerName(int layer) => layer < 0 ? "model" : $"L{layer.ToString(CultureInfo.InvariantCulture)}";

    public static void Render(StringBuilder html, ReportPredictors predictors)
    {
        SectionHtml.Open(html, "predictors", "Generalisation predictors",
            "Per layer and checkpoint, each metric of the activations, gradients or weights, correlated (Spearman ρ across checkpoints) with the general probability. A metric predicts generalisation when its best layer's |ρ| stands clear of the random-feature baseline put through the same best-layer selection.");
        if (predictors.Cells.Count > 0)
        {
            html.Append(HeatMap(predictors));
            html.Append(Legend.List(
            [
                ScaleSwatch() + "Spearman ρ from −1 to +1",
                Legend.Swatch($"<rect x=\"8\" y=\"1\" width=\"14\" height=\"8\" fill=\"#ffffff\" stroke=\"{Palette.Ink}\" stroke-width=\"2\"/>") + "best layer of the metric",
            ]));
        }
        if (predictors.Best.Count > 0)
            SectionHtml.Table(html, "predictor-table",
                [("metric", false), ("best layer", false), ("ρ", true), ("random best |ρ|: mean", true), ("random: 95th pct", true), ("beyond the baseline", false)],
                predictors.Best.Select(b => (IReadOnlyList<string>)
                [
                    Html.Escape(b.Metric), LayerName(b.BestLayer), $"<strong>{Html.Rho(b.Spearman)}</strong>", Html.Value(b.RandomMeanBestAbsSpearman), Html.Value(b.RandomP95BestAbsSpearman),
                    Math.Abs(b.Spearman) > b.RandomP95BestAbsSpearman ? $"<span class=\"better\">yes</span> (over {Html.Int(b.RandomDraws)} draws)" : $"no (over {Html.Int(b.RandomDraws)} draws)",
                ]));
        SectionHtml.Close(html);
    }

    static string HeatMap(ReportPredictors predictors)
    {
        var metrics = predictors.Cells.Select(c => c.Metric).Distinct().ToArray();
        // layers in order, the whole model (−1) after them
        var layers = predictors.Cells.Select(c => c.Layer).Distinct().OrderBy(l => l < 0 ? int.MaxValue : l).ToArray();
        var cells = predictors.Cells.GroupBy(c => (c.Metric, c.Layer)).ToDictionary(g => g.Key, g => g.Last().Spearman);
        var best = predictors.Best.GroupBy(b => b.Metric).ToDictionary(g => g.Key, g => g.Last().BestLayer);
        double width = Math.Max(Left + layers.Length * CellWidth + 20, 360), height = Top + metrics.Length * CellHeight + 8;

        var svg = new StringBuilder();
        SvgChart.Open(svg, width, height, "Generalisation predictors: Spearman correlation of each metric at each layer with the general probability", "predictor-heatmap");
        for (int l = 0; l < layers.Length; l++)
            svg.Append($"<text class=\"axis-title\" x=\"{Html.Num(Left + (l + 0.5) * CellWidth)}\" y=\"{Html.Num(Top - 10)}\" text-anchor=\"middle\">{LayerName(layers[l])}</text>\n");
        for (int m = 0; m < metrics.Length; m++)
        {
            double y = Top + m * CellHeight;
            svg.Append($"<text class=\"axis-title\" x=\"{Html.Num(Left - 10)}\" y=\"{Html.Num(y + CellHeight / 2 + 4)}\" text-anchor=\"end\">{Html.Escape(metrics[m])}</text>\n");
            for (int l = 0; l < layers.Length; l++)
            {
                if (!cells.TryGetValue((metrics[m], layers[l]), out double rho))
                    continue;
                double x = Left + l * CellWidth;
                string ink = !double.IsNaN(rho) && Math.Abs(rho) > 0.6 ? "#ffffff" : Palette.Ink;
                svg.Append($"<g class=\"heat-cell\"><title>{Html.Escape($"{metrics[m]} · {LayerName(layers[l])} · ρ = {Html.Rho(rho)}")}</title>")
                   .Append($"<rect x=\"{Html.Num(x + 1)}\" y=\"{Html.Num(y + 1)}\" width=\"{Html.Num(CellWidth - 2)}\" height=\"{Html.Num(CellHeight - 2)}\" fill=\"{Colour(rho)}\"/>")
                   .Append($"<text class=\"rho\" x=\"{Html.Num(x + CellWidth / 2)}\" y=\"{Html.Num(y + CellHeight / 2 + 4)}\" text-anchor=\"middle\" style=\"fill:{ink}\">{Html.Rho(rho)}</text>")
                   .Append("</g>\n");
            }
            if (best.TryGetValue(metrics[m], out int bestLayer) && Array.IndexOf(layers, bestLayer) is var b and >= 0)
                svg.Append($"<rect class=\"best\" x=\"{Html.Num(Left + b * CellWidth + 1)}\" y=\"{Html.Num(y + 1)}\" width=\"{Html.Num(CellWidth - 2)}\" height=\"{Html.Num(CellHeight - 2)}\" fill=\"none\" stroke=\"{Palette.Ink}\" stroke-width=\"2.5\"><title>{Html.Escape($"best layer of {metrics[m]}: {LayerName(bestLayer)}")}</title></rect>\n");
        }
        SvgChart.Close(svg);
        return svg.ToString();
    }

    /// <summary>The colour scale as a legend swatch, 11 steps from −1 to +1.</summary>
    static string ScaleSwatch()
    {
        var shape = new StringBuilder();
        for (int i = 0; i < 11; i++)
            shape.Append($"<rect x=\"{Html.Num(1 + i * 2.6)}\" y=\"1\" width=\"2.7\" height=\"8\" fill=\"{Colour(-1 + i * 0.2)}\"/>");
        return Legend.Swatch(shape.ToString());
    }

    static string Mix(string from, string to, double t)
    {
        int a = int.Parse(from.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture), b = int.Parse(to.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int Channel(int shift) => (int)Math.Round(((a >> shift) & 0xFF) * (1 - t) + ((b >> shift) & 0xFF) * t);
        return string.Create(CultureInfo.InvariantCulture, $"#{Channel(16):x2}{Channel(8):x2}{Channel(0):x2}");
    }
}
