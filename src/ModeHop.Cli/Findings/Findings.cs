namespace ModeHop.Cli.Findings;

// The JSON of each finding kind (FindingKinds), written with FindingJson. "ngp" is the seed-averaged normalized
// general probability of a task, "margin" its seed-averaged log_prob_margin; "general probability" of a model is the
// mean ngp over the test tasks (controls left out). docs/findings.md describes each record for readers of the DB.

/// <summary>A confirmed hop of one task (kind <c>hop</c>; the row's step is <paramref name="ToStep"/>, its value the margin change).</summary>
public sealed record HopFinding(bool Control, string From, string To, long FromStep, long ToStep, long FromTokens, long ToTokens);

/// <summary>A change point of one task's ngp series (PELT, l2 cost); <paramref name="Before"/> and <paramref name="After"/> are the means of the segments it separates.</summary>
public sealed record ChangePointFinding(string Family, string Task, bool Control, long Step, long Tokens, double Before, double After);

/// <summary>One task before and after a derived change of the weights.</summary>
public sealed record TaskChange(string Family, string Task, bool Control, double NgpBefore, double NgpAfter, double MarginBefore, double MarginAfter);

/// <summary>
/// One optimiser step (optimiser state restored) at <paramref name="LearningRate"/> on a random training batch of
/// <paramref name="BatchSize"/> rows from the checkpoint at <paramref name="CheckpointStep"/>: the mean absolute change
/// over the test tasks, beside the same change between that checkpoint and the next one (<paramref name="NextStep"/>).
/// </summary>
public sealed record StabilityFinding(long CheckpointStep, long NextStep, double LearningRate, int BatchSize,
    double MeanAbsMarginChange, double MeanAbsNgpChange, double NeighbourMeanAbsMarginChange, double NeighbourMeanAbsNgpChange,
    IReadOnlyList<TaskChange> Tasks);

/// <summary>
/// One task scored on averaged weights at every checkpoint: <c>uniform</c> (the mean of the trailing
/// <paramref name="Parameter"/> = K checkpoints) or <c>ema</c> (decay <paramref name="Parameter"/> per checkpoint), beside
/// the raw series; hop counts (confirmed, as the analysis finds them) and the largest one-checkpoint ngp jump of each.
/// </summary>
public sealed record AveragingFinding(string Method, double Parameter, string Family, string Task, bool Control,
    IReadOnlyList<long> Steps, IReadOnlyList<long> Tokens, IReadOnlyList<double> RawNgp, IReadOnlyList<double> AveragedNgp,
    int RawHops, int AveragedHops, double RawMaxJump, double AveragedMaxJump);

/// <summary>One task along θ(λ) = (1−λ)·θ(from) + λ·θ(to) between a Parrot-mode and a General-mode checkpoint.</summary>
public sealed record InterpolationFinding(string Family, string Task, bool Control, long FromStep, long ToStep, string FromMode, string ToMode,
    IReadOnlyList<double> Lambdas, IReadOnlyList<double> Ngp, IReadOnlyList<double> Margin, IReadOnlyList<double> HardAcc);

/// <summary>A checkpoint's general probability on the selection and the held-out split; <paramref name="Role"/>: pick, final, neighbour or other.</summary>
public sealed record SelectionCheckpoint(long Step, long Tokens, string Role, double Selection, double HeldOut);

/// <summary>A checkpoint's held-out general probability before and after the fixed narrow fine-tune.</summary>
public sealed record FineTuneResult(long Step, string Role, double HeldOutBefore, double HeldOutAfter);

/// <summary>
/// Checkpoint selection: the checkpoint with the best selection-split general probability (<paramref name="PickStep"/>)
/// against the final one and the pick's neighbours on the held-out split; for lab runs also after a fixed narrow
/// fine-tune on <paramref name="FineTuneFamily"/> (null and empty for scanned runs).
/// </summary>
public sealed record SelectionFinding(string Criterion, string Split, long PickStep, long FinalStep, double PickHeldOut, double FinalHeldOut,
    IReadOnlyList<SelectionCheckpoint> Checkpoints, IReadOnlyList<long> NeighbourSteps,
    string? FineTuneFamily, int FineTuneSteps, double FineTuneLearningRate, IReadOnlyList<FineTuneResult> FineTune);

/// <summary>One training window of a lab run and the mean margin change over the test tasks it caused; <paramref name="Label"/>: pro-general, pro-pattern or neutral.</summary>
public sealed record DataWindowFinding(int Index, string Name, long FromStep, long ToStep, double MarginBefore, double MarginAfter, double MarginChange, string Label);

/// <summary>
/// One continuation arm of data selection (<paramref name="Arm"/>: uncontrolled, pro-pattern or pro-general): trained
/// <paramref name="Steps"/> steps from <paramref name="FromStep"/> into <paramref name="RunDir"/> (a lab run of its own: run
/// <paramref name="RunName"/> in RunDir/results.db); its confirmed hops, its final mode per family, and its held-out general probability over its checkpoints.
/// </summary>
public sealed record DataArmFinding(string Arm, long FromStep, int Steps, string RunName, string RunDir, int TaskHops, int ControlHops,
    IReadOnlyDictionary<string, string> FinalModes, double FinalHeldOut, IReadOnlyList<long> ArmSteps, IReadOnlyList<double> HeldOut);

/// <summary>One predictor metric at one layer (−1: the whole model) across checkpoints, and its Spearman correlation with the general probability.</summary>
public sealed record PredictorFinding(string Metric, int Layer, IReadOnlyList<long> Steps, IReadOnlyList<double> Values, double Spearman);

/// <summary>
/// A predictor metric's best layer (largest |Spearman|) beside the random-feature baseline put through the same
/// best-layer selection: the mean and 95th percentile over <paramref name="RandomDraws"/> draws of the best |Spearman|.
/// </summary>
public sealed record PredictorBestFinding(string Metric, int BestLayer, double Spearman, double RandomMeanBestAbsSpearman, double RandomP95BestAbsSpearman, int RandomDraws);
