using System.Globalization;
using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report.Sections;

/// <summary>
/// The recommended checkpoint: a highlighted box with the pick and its held-out general probability against the
/// final checkpoint's and its neighbours'; a chart of both splits over checkpoints with the pick and the final marked;
/// and the fine-tune table (held-out before and after) when there was one.
/// </summary>
internal static class SelectionSection
{
    public const string Pick = "pick", Final = "final", Neighbour = "neighbour", Other = "other";
    const string SelectionColour = "#7a7a7a";

    public static void Render(StringBuilder html, ReportSelection selection)
    {
        SectionHtml.Open(html, "selection", "Recommended checkpoint",
            $"Checkpoints ranked by {selection.Criterion} on the selection split ({selection.Split}); the pick is judged on the held-out split, against the final checkpoint and its own neighbours.");
        double gain = selection.PickHeldOut - selection.FinalHeldOut;
        var byStep = selection.Checkpoints.GroupBy(c => c.Step).ToDictionary(g => g.Key, g => g.First());
        html.Append("<div class=\"callout\">\n")
            .Append($"<p class=\"callout-title\">recommended checkpoint: step {Html.Step(selection.PickStep)}</p>\n")
            .Append($"<p>held-out general probability <strong>{Html.Value(selection.PickHeldOut)}</strong> against {Html.Value(selection.FinalHeldOut)} at the final checkpoint (step {Html.Step(selection.FinalStep)}): <strong class=\"{(gain > 0 ? "better" : gain < 0 ? "worse" : "same")}\">{Html.Signed(gain)}</strong></p>\n");
        if (selection.NeighbourSteps.Count > 0)
        {
            var neighbours = selection.NeighbourSteps.Order().Select(s => byStep.TryGetValue(s, out var c)
                ? $"step {Html.Step(s)}: {Html.Value(c.HeldOut)}"
                : $"step {Html.Step(s)}");
            html.Append($"<p>its neighbours on the held-out split: {string.Join(" · ", neighbours)}</p>\n");
        }
        html.Append("</div>\n");

        var ordered = selection.Checkpoints.OrderBy(c => c.Step).ToArray();
        if (ordered.Length > 0)
        {
            double[] x = ordered.Select(c => (double)c.Tokens).ToArray();
            string Tip(ReportSelectionCheckpoint c, string split, double v) => $"{split} · step {Html.Int(c.Step)} · {TokenCount.Format(c.Tokens)} tokens · {Html.Value(v)}{(c.Role == Other ? "" : $" ({c.Role})")}";
            var lines = new List<ChartLine>
            {
                new("selection split", SelectionColour, x, ordered.Select(c => c.Selection).ToArray(), ordered.Select(c => Tip(c, "selection split", c.Selection)).ToArray(), Dashed: true, Width: 1.6),
                new("held-out split", Palette.General, x, ordered.Select(c => c.HeldOut).ToArray(), ordered.Select(c => Tip(c, "held-out split", c.HeldOut)).ToArray()),
            };
            var markers = new List<ChartMarker>();
            if (byStep.TryGetValue(selection.FinalStep, out var final) && selection.FinalStep != selection.PickStep)
                markers.Add(new ChartMarker(final.Tokens, Palette.Muted, $"final checkpoint: step {Html.Int(final.Step)}, held-out {Html.Value(final.HeldOut)}", "final", final.HeldOut));
            if (byStep.TryGetValue(selection.PickStep, out var pick))
                markers.Add(new ChartMarker(pick.Tokens, Palette.Ink, $"recommended checkpoint: step {Html.Int(pick.Step)}, held-out {Html.Value(pick.HeldOut)}", $"pick: step {Html.Step(pick.Step)}", pick.HeldOut));
            html.Append(LineChart.Render(new LineChartSpec("Recommended checkpoint: general probability on the selection and the held-out split over tokens seen", "tokens seen",
                t => TokenCount.Format(t), 1, "general probability", lines, markers, "selection-chart")));
            var entries = lines.Select(Legend.LineEntry).ToList();
            entries.Add(Legend.RingEntry(Palette.Ink, "the pick (and the final checkpoint, in grey)"));
            html.Append(Legend.List(entries));
        }

        if (selection.FineTuneFamily is { } family && selection.FineTune.Count > 0)
        {
            SectionHtml.Heading(html, "After a narrow fine-tune");
            SectionHtml.Paragraph(html, Html.Escape($"Each checkpoint fine-tuned for {selection.FineTuneSteps.ToString(CultureInfo.InvariantCulture)} steps on {family} only (learning rate {StabilitySection.LearningRate(selection.FineTuneLearningRate)}), then scored on the held-out split: does the pick keep its lead?"));
            SectionHtml.Table(html, "finetune-table", [("checkpoint", false), ("role", false), ("held-out before", true), ("held-out after", true), ("change", true)],
                selection.FineTune.Select(f => (IReadOnlyList<string>)
                [
                    $"step {Html.Step(f.Step)}", Html.Escape(f.Role), Html.Value(f.HeldOutBefore), Html.Value(f.HeldOutAfter), Html.Signed(f.HeldOutAfter - f.HeldOutBefore),
                ]));
        }
        SectionHtml.Close(html);
    }
}
