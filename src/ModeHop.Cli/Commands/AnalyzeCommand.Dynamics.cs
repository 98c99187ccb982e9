using System.Globalization;
using System.Text.Json.Nodes;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Report;

namespace ModeHop.Cli.Commands;

// The blocks analyze prints after its task table, one per analysis of RunAnalysis.WriteFindings: a headline (the one line
// `demo` prints too), then a line per task, hop-bearing task or family. Means skip NaN; "n/a" when nothing is left.
public static partial class AnalyzeCommand
{
    /// <summary>One short line per analysis (item flips, early warning, envelope, universality): what <c>demo</c> prints of each.</summary>
    public static IEnumerable<string> Headlines(RunFindings findings)
    {
        var testFlips = findings.ItemFlips.Where(f => !f.Control).ToArray();
        int finalErrors = testFlips.Sum(f => f.FinalErrors), rightEarlier = testFlips.Sum(f => f.FinalErrorsRightEarlier);
        yield return $"item flips: {F(Mean(testFlips.Select(f => f.MeanFlipsPerItem)), "0.0")} per test item (controls {F(Mean(findings.ItemFlips.Where(f => f.Control).Select(f => f.MeanFlipsPerItem)), "0.0")}); " +
            $"{rightEarlier} of the {finalErrors} test items wrong at the end were right earlier ({Percent(rightEarlier, finalErrors)})";

        var test = findings.EarlyWarnings.Where(w => !w.Control).ToArray();
        if (test.Length == 0)
            yield return $"early warning: no confirmed test-task hop to look before (controls: {findings.EarlyWarnings.Count} hops)";
        else
            yield return $"early warning: before {test.Length} test hops τ(variance) {Signed(Mean(test.Select(w => w.VarianceTau)))}, τ(lag-1 autocorrelation) {Signed(Mean(test.Select(w => w.AutocorrelationTau)))}; " +
                $"their controls, same checkpoints: {Signed(Mean(test.Select(w => w.ControlVarianceTau)))}, {Signed(Mean(test.Select(w => w.ControlAutocorrelationTau)))} (Kendall τ, means over hops)";

        if (findings.Envelope is { } e)
        {
            string largest = e.Excursions.Count == 0 ? "" : $"; largest excursion step {e.Excursions[0].Step} {Signed(e.Excursions[0].Residual, "0.000")}";
            yield return $"envelope: broken power law of 1 − general probability, break {TokenCount.FormatApproximate(e.Break)} tokens (step {e.BreakStep}), residual rms {e.ResidualRms:F3}{largest}";
        }
        else
            yield return "envelope: n/a (fewer than three checkpoints with tokens > 0)";

        var pairs = findings.Universality.Where(u => u.Tasks.Count >= 2).ToArray();
        string within = pairs.Length == 0 ? "n/a (one test task per family)" : $"mean within-family Spearman ρ {Signed(Mean(pairs.Select(u => u.MeanOffDiagonal)))} ({pairs.Length} families)";
        yield return $"universality: {within}; ρ(test task, control) mean {Signed(Mean(findings.Universality.SelectMany(u => u.Controls).Select(c => c.Spearman)))}";
    }

    /// <summary>The four blocks, each its headline and its detail lines.</summary>
    static void PrintFindings(RunFindings findings)
    {
        string[] headlines = Headlines(findings).ToArray();

        Console.WriteLine();
        Console.WriteLine(headlines[0]);
        Console.WriteLine("  (an item is right when its seed-mean Pg > Pp; flips between consecutive checkpoints)");
        foreach (var f in findings.ItemFlips)
            Console.WriteLine($"  {Name(f.Family, f.Task, f.Control),-34} flips {f.RightToWrong + f.WrongToRight,4} (R→W {f.RightToWrong,4}, W→R {f.WrongToRight,4})  {f.MeanFlipsPerItem,5:F2}/item  " +
                $"wrong at the end {f.FinalErrors,3} of {f.Items}, right earlier {f.FinalErrorsRightEarlier,3} ({Percent(f.FinalErrorsRightEarlier, f.FinalErrors)})");

        Console.WriteLine();
        Console.WriteLine(headlines[1]);
        var first = findings.EarlyWarnings.FirstOrDefault();
        if (first is not null)
            Console.WriteLine($"  (ngp over the {first.Window} checkpoints up to each hop's start, rolling window {first.RollingWindow}; τ var / τ ac: mean over the task's hops; the control over the same checkpoints)");
        foreach (var task in findings.EarlyWarnings.GroupBy(w => (w.Family, w.Task, w.Control)))
        {
            var w = task.ToArray();
            string control = task.Key.Control ? "" : $"   control τ var {Signed(Mean(w.Select(x => x.ControlVarianceTau)))}  ac {Signed(Mean(w.Select(x => x.ControlAutocorrelationTau)))}";
            int crowded = w.Count(x => x.EarlierHopsInWindow > 0);
            Console.WriteLine($"  {Name(task.Key.Family, task.Key.Task, task.Key.Control),-34} {w.Length,2} hop{(w.Length == 1 ? " " : "s")}  τ var {Signed(Mean(w.Select(x => x.VarianceTau)))}  ac {Signed(Mean(w.Select(x => x.AutocorrelationTau)))}{control}" +
                (crowded > 0 ? $"   ({crowded} window{(crowded == 1 ? " holds" : "s hold")} earlier hops)" : ""));
        }

        Console.WriteLine();
        Console.WriteLine(headlines[2]);
        if (findings.Envelope is { } e)
        {
            Console.WriteLine($"  1 − general probability ≈ a·tokens^(−b1) before the break, exponent −b2 after it: a = {e.Amplitude.ToString("G3", CultureInfo.InvariantCulture)}, " +
                $"b1 = {Signed(e.SlopeBefore, "0.000")}, b2 = {Signed(e.SlopeAfter, "0.000")}; fitted on the {e.Steps.Count} checkpoints with tokens > 0");
            Console.WriteLine("  largest excursions from it (general probability − envelope), and the test-task hops each lies in:");
            foreach (var x in e.Excursions)
                Console.WriteLine($"    step {x.Step,-7} {Signed(x.Residual, "0.000")}  {(x.Hops.Count > 0 ? string.Join(", ", x.Hops) : "no hop")}");
            foreach (var direction in e.Hops.GroupBy(h => (h.From, h.To)))
                Console.WriteLine($"  {direction.Key.From[0]}→{direction.Key.To[0]} hops ({direction.Count()}): residual at the start {Signed(Mean(direction.Select(h => h.ResidualAtFrom)), "0.000")}, at the end {Signed(Mean(direction.Select(h => h.ResidualAtTo)), "0.000")} (means)");
        }

        Console.WriteLine();
        Console.WriteLine(headlines[3]);
        foreach (var u in findings.Universality)
        {
            string within = u.Tasks.Count >= 2 ? $"{u.Tasks.Count} test tasks, mean ρ {Signed(u.MeanOffDiagonal)}" : $"{u.Tasks.Count} test task: n/a";
            Console.WriteLine($"  {u.Family,-15} {within,-32} with its control: {string.Join(", ", u.Controls.Select(c => $"{c.Task} {Signed(c.Spearman)}"))}");
        }
    }

    /// <summary>The findings under their keys, as the DB's json column holds them.</summary>
    static void AddFindings(JsonObject json, RunFindings findings)
    {
        json["item_flips"] = Array(findings.ItemFlips);
        json["early_warning"] = Array(findings.EarlyWarnings);
        json["envelope"] = findings.Envelope is null ? null : JsonNode.Parse(FindingJson.Write(findings.Envelope));
        json["universality"] = Array(findings.Universality);
    }

    static JsonArray Array<T>(IEnumerable<T> findings) => new(findings.Select(f => JsonNode.Parse(FindingJson.Write(f))).ToArray());

    static string Name(string family, string task, bool control) => $"{family}/{task}{(control ? " (control)" : "")}";

    static double Mean(IEnumerable<double> values) => FindingValue.DefinedMean(values);

    static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    static string Signed(double value, string format = "0.00") =>
        double.IsNaN(value) ? "n/a" : value.ToString($"+{format};-{format};{format}", CultureInfo.InvariantCulture);

    static string Percent(int part, int whole) => whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";
}
