using ModeHop.Cli.Findings;
using ModeHop.Dynamics.Items;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>One task's items right or wrong at each checkpoint: <c>Right[item][checkpoint]</c>, rows in <see cref="Items"/> order.</summary>
public sealed record ItemCorrectness(IReadOnlyList<long> Steps, IReadOnlyList<int> Items, bool[][] Right);

/// <summary>
/// Item-level flips of every task (<see cref="ItemFlips"/>), stored as findings of kind <c>item_flips</c>
/// (<see cref="ItemFlipFinding"/>): task-level accuracy can stand still while items trade places.
/// </summary>
/// <remarks>
/// An item is right at a checkpoint when its seed-mean general mean per-token probability beats the seed-mean parrot
/// one, mean(Pg) &gt; mean(Pp) (with the same seeds on both sides, Σ Pg &gt; Σ Pp): the comparison hard_acc makes per
/// seed, made once on the seed average. A tie is not right (hard_acc would count it ½). A generative item is stored as
/// Pg = m/n, Pp = (n − m)/n (<c>ItemResult.FromMatches</c>), so it is right exactly when its seed-mean match rate is
/// above ½, i.e. when most of its samples match.
/// </remarks>
public static class ItemFlipAnalysis
{
    /// <summary>
    /// Right or wrong per item and checkpoint from a task's item scores (any order). Checkpoints at which some item has
    /// no score are left out, so every row covers the same checkpoints.
    /// </summary>
    public static ItemCorrectness Correctness(IReadOnlyList<ItemScoreRow> scores)
    {
        long[] steps = scores.Select(s => s.Step).Distinct().Order().ToArray();
        int[] items = scores.Select(s => s.ItemIndex).Distinct().Order().ToArray();
        var stepAt = steps.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var itemAt = items.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var general = new double[items.Length, steps.Length];
        var parrot = new double[items.Length, steps.Length];
        var seeds = new int[items.Length, steps.Length];
        foreach (var s in scores)
        {
            int i = itemAt[s.ItemIndex], c = stepAt[s.Step];
            general[i, c] += s.GeneralMeanProb;
            parrot[i, c] += s.ParrotMeanProb;
            seeds[i, c]++;
        }
        int[] kept = Enumerable.Range(0, steps.Length).Where(c => Enumerable.Range(0, items.Length).All(i => seeds[i, c] > 0)).ToArray();
        var right = new bool[items.Length][];
        for (int i = 0; i < items.Length; i++)
            right[i] = kept.Select(c => general[i, c] > parrot[i, c]).ToArray();
        return new ItemCorrectness(kept.Select(c => steps[c]).ToArray(), items, right);
    }

    /// <summary>The flips of one task from its correctness; null when it has no item or no checkpoint.</summary>
    public static ItemFlipFinding? Detect(TaskRow task, ItemCorrectness correctness)
    {
        if (correctness.Items.Count == 0 || correctness.Steps.Count == 0)
            return null;
        ItemFlipCounts counts = ItemFlips.Count(correctness.Right);
        FinalErrorShare final = ItemFlips.FinalErrors(correctness.Right);
        int items = correctness.Items.Count;
        var finalErrors = Enumerable.Range(0, items).Where(i => !correctness.Right[i][^1]).Select(i => correctness.Items[i]).ToArray();
        int flipped = Enumerable.Range(0, items).Count(i => counts.RightToWrong[i] + counts.WrongToRight[i] > 0);
        return new ItemFlipFinding(task.Family, task.Task, task.Control, items, correctness.Steps.Count, correctness.Steps[^1],
            counts.TotalRightToWrong, counts.TotalWrongToRight, (double)counts.Total / items, flipped,
            final.FinalErrors, final.RightEarlier, final.Share, finalErrors);
    }

    /// <summary>Stores the flips of every task as findings of kind <c>item_flips</c> (replacing the previous ones); tasks without item scores get none.</summary>
    public static IReadOnlyList<ItemFlipFinding> WriteFindings(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks)
    {
        var found = tasks.Select(t => Detect(t.Task, Correctness(store.ItemScores(run.Id, t.Task.Id)))).OfType<ItemFlipFinding>().ToArray();
        store.ReplaceFindings(run.Id, FindingKinds.ItemFlips, found.Select(f =>
            new FindingRecord(FindingKinds.ItemFlips, f.Family, f.Task, f.FinalStep, f.MeanFlipsPerItem, FindingJson.Write(f))).ToArray());
        return found;
    }
}
