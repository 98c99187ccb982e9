namespace ModeHop.Report;

/// <summary>
/// The recommended checkpoint: the best on the selection split (<paramref name="PickStep"/>), judged on the held-out
/// split against the final checkpoint and the pick's neighbours; optionally after a fixed narrow fine-tune.
/// </summary>
/// <param name="Criterion">What was ranked, e.g. "general probability".</param>
/// <param name="Split">How the items were split, e.g. "even/odd items".</param>
/// <param name="FineTuneFamily">The family of the fine-tune; null when there was none (then <paramref name="FineTune"/> is empty).</param>
public sealed record ReportSelection(string Criterion, string Split, long PickStep, long FinalStep, double PickHeldOut, double FinalHeldOut,
    IReadOnlyList<ReportSelectionCheckpoint> Checkpoints, IReadOnlyList<long> NeighbourSteps,
    string? FineTuneFamily, int FineTuneSteps, double FineTuneLearningRate, IReadOnlyList<ReportFineTune> FineTune);

/// <summary>A checkpoint's general probability on both splits; <paramref name="Role"/>: pick, final, neighbour or other.</summary>
public sealed record ReportSelectionCheckpoint(long Step, long Tokens, string Role, double Selection, double HeldOut);

/// <summary>A checkpoint's held-out general probability before and after the fine-tune.</summary>
public sealed record ReportFineTune(long Step, string Role, double HeldOutBefore, double HeldOutAfter);
