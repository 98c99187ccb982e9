using ModeHop.Store;
using ModeHop.Suite;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>A model's general probability at one checkpoint on the two item splits (<see cref="ItemSplit"/>).</summary>
public sealed record SplitPoint(long Step, long Tokens, double Selection, double HeldOut);

/// <summary>
/// A model's split general probability: the mean over the test tasks (controls left out) of each task's split general
/// probability (<see cref="ItemSplit.GeneralProbability(IEnumerable{ItemProbabilities}, ItemSplitPart)"/>), from the
/// per-item rows of the results DB or from a suite scored in memory. Both paths feed the same formula.
/// </summary>
public static class SplitScores
{
    /// <summary>
    /// Every checkpoint of <paramref name="run"/> at which all of its prompted families' test tasks have item scores, in
    /// step order (the fine-tuning families, scored after a fine-tune, are left out).
    /// </summary>
    /// <exception cref="InvalidDataException">The run has no scored test task.</exception>
    public static IReadOnlyList<SplitPoint> ForRun(ResultsStore store, RunRow run)
    {
        var tests = store.Tasks(run.Id).Where(t => !t.Control && !Families.IsFineTuning(t.Family)).ToArray();
        if (tests.Length == 0)
            throw new InvalidDataException($"{store.Path}: run '{run.Name}' has no scored test task; score its checkpoints first (modehop scan or train --recipe).");
        var perTask = tests.Select(t => store.ItemScores(run.Id, t.Id).GroupBy(r => r.Step).ToDictionary(g => g.Key, g =>
        {
            var rows = g.Select(Read).ToArray();
            return (Selection: ItemSplit.GeneralProbability(rows, ItemSplitPart.Selection), HeldOut: ItemSplit.GeneralProbability(rows, ItemSplitPart.HeldOut));
        })).ToArray();
        var points = new List<SplitPoint>();
        foreach (var c in store.Checkpoints(run.Id))
        {
            if (!perTask.All(t => t.ContainsKey(c.Step))) continue;
            points.Add(new SplitPoint(c.Step, c.Tokens, perTask.Average(t => t[c.Step].Selection), perTask.Average(t => t[c.Step].HeldOut)));
        }
        return points;
    }

    /// <summary>The split general probabilities of a suite scored in memory (<see cref="SuiteMonitor.Evaluate"/>).</summary>
    /// <exception cref="ArgumentException">The results hold no test task.</exception>
    public static (double Selection, double HeldOut) ForResults(IReadOnlyList<TaskResult> results)
    {
        var tests = results.Where(r => !r.Task.Control).ToArray();
        if (tests.Length == 0) throw new ArgumentException("No test task among the results; the split general probability averages test tasks.", nameof(results));
        return (tests.Average(t => ItemSplit.GeneralProbability(t.Items, ItemSplitPart.Selection)),
                tests.Average(t => ItemSplit.GeneralProbability(t.Items, ItemSplitPart.HeldOut)));
    }

    /// <summary>The split general probability of one task's stored rows at one checkpoint.</summary>
    public static double ForTask(IEnumerable<ItemScoreRow> rows, ItemSplitPart part) => ItemSplit.GeneralProbability(rows.Select(Read), part);

    static ItemProbabilities Read(ItemScoreRow r) => new(r.ItemIndex, r.Seed, r.GeneralMeanProb, r.ParrotMeanProb);
}
