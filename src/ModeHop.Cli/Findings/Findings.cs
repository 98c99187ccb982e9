namespace ModeHop.Cli.Findings;

// The JSON of each finding kind (FindingKinds), written with FindingJson. "ngp" is the seed-averaged normalized
// general probability of a task, "margin" its seed-averaged log_prob_margin; "general probability" of a model is the
// mean ngp over the test tasks (controls left out). docs/results-db.md lists the kinds for readers of the DB.

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

/// <summary>
/// One fixed fine-tune of a fine-tuning family at one checkpoint (family, task = the set's name, step, value = seconds): the loss
/// on its examples at its first and last step, so a reader sees whether the fine-tune fitted before reading its scores.
/// </summary>
public sealed record FineTuneRunFinding(string Family, string Set, long Step, int Steps, double FirstLoss, double LastLoss, double Seconds);

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

/// <summary>
/// Item-level flips of one task over the run's checkpoints (kind <c>item_flips</c>; the row's step is
/// <paramref name="FinalStep"/>, its value <paramref name="MeanFlipsPerItem"/>). An item is right at a checkpoint when,
/// averaged over its seeds, its general mean per-token probability beats the parrot one (Pg &gt; Pp, as hard_acc counts
/// it; a tie is not right); a flip is a change between consecutive checkpoints.
/// </summary>
/// <param name="Checkpoints">The checkpoints compared: those at which every item of the task was scored.</param>
/// <param name="FlippedItems">Items with at least one flip.</param>
/// <param name="FinalErrors">Items wrong at the final checkpoint; <paramref name="FinalErrorsRightEarlier"/> of them were
/// right at some earlier one, a share of <paramref name="FinalErrorShare"/> (NaN when nothing is wrong at the end).</param>
/// <param name="FinalErrorItems">The item indices wrong at the final checkpoint.</param>
public sealed record ItemFlipFinding(string Family, string Task, bool Control, int Items, int Checkpoints, long FinalStep,
    int RightToWrong, int WrongToRight, double MeanFlipsPerItem, int FlippedItems,
    int FinalErrors, int FinalErrorsRightEarlier, double FinalErrorShare, IReadOnlyList<int> FinalErrorItems);

/// <summary>
/// Early-warning signals before one confirmed hop (kind <c>early_warning</c>; the row's step is
/// <paramref name="FromStep"/>, its value <paramref name="VarianceTau"/>): over the <paramref name="Steps"/> (the
/// <paramref name="Window"/> checkpoints up to and including the hop's from-checkpoint, fewer near the run's start), the
/// rolling variance and lag-1 autocorrelation of the task's ngp over <paramref name="RollingWindow"/> checkpoints (entry
/// k ends at Steps[k + RollingWindow − 1]) and Kendall's τ of each against time. NaN where undefined (too short a window,
/// a constant stretch). <paramref name="EarlierHopsInWindow"/> counts the task's other confirmed hops that end inside
/// the window, so a window that is not a quiet approach is visible. The control's τ are the same statistics of the
/// task's control over the same checkpoints (null / NaN for a control's own hop or a task without a control).
/// </summary>
public sealed record EarlyWarningFinding(string Family, string Task, bool Control, string From, string To, long FromStep, long ToStep,
    int Window, int RollingWindow, IReadOnlyList<long> Steps, IReadOnlyList<double> Ngp,
    IReadOnlyList<double> Variance, IReadOnlyList<double> Autocorrelation, double VarianceTau, double AutocorrelationTau, int EarlierHopsInWindow,
    IReadOnlyList<double>? ControlNgp, double ControlVarianceTau, double ControlAutocorrelationTau);

/// <summary>
/// A confirmed hop of a test task against the envelope: the residual (general probability − envelope) at its two ends;
/// NaN at a checkpoint the fit left out (tokens 0).
/// </summary>
public sealed record EnvelopeHop(string Family, string Task, string From, string To, long FromStep, long ToStep, double ResidualAtFrom, double ResidualAtTo);

/// <summary>A checkpoint far from the envelope, and the confirmed test-task hops it lies in (from- to to-checkpoint, inclusive), as "Family/task P→G".</summary>
public sealed record EnvelopeExcursion(long Step, long Tokens, double Residual, IReadOnlyList<string> Hops);

/// <summary>
/// The smooth trend of the run's general probability over tokens (kind <c>envelope</c>, one per run; the row's value is
/// <paramref name="ResidualRms"/>): a broken power law fitted in log-log space to the error 1 − general probability at
/// the checkpoints with tokens &gt; 0, so envelope = 1 − a·x^(−b₁) before the break and continuous after it with slope
/// b₂. The series hold the fitted checkpoints; residual = general probability − envelope.
/// </summary>
/// <param name="Break">x_b in tokens; <paramref name="BreakStep"/> is the first fitted checkpoint at or after it.</param>
/// <param name="LogResidualSumOfSquares">Σ (ln yᵢ − ln ŷᵢ)² of the fit, y = 1 − general probability.</param>
/// <param name="ResidualRms">√(mean residual²), in general probability.</param>
/// <param name="Excursions">The checkpoints with the largest |residual|, largest first.</param>
/// <param name="Hops">Every confirmed hop of a test task, in the analysis's order.</param>
public sealed record EnvelopeFinding(IReadOnlyList<long> Steps, IReadOnlyList<long> Tokens, IReadOnlyList<double> GeneralProbability,
    IReadOnlyList<double> Envelope, IReadOnlyList<double> Residual,
    double Amplitude, double SlopeBefore, double SlopeAfter, double Break, long BreakStep, double LogResidualSumOfSquares, double ResidualRms,
    IReadOnlyList<EnvelopeExcursion> Excursions, IReadOnlyList<EnvelopeHop> Hops);

/// <summary>A test task's Spearman ρ with its control across the checkpoints both have (NaN without a control or for a constant series).</summary>
public sealed record TaskControlCorrelation(string Task, double Spearman);

/// <summary>
/// How a family's test tasks move together (kind <c>universality</c>, one per family; the row's value is
/// <paramref name="MeanOffDiagonal"/>, null when NaN): the Spearman matrix of the test tasks' ngp series across the
/// <paramref name="Checkpoints"/> they share, in the order of <paramref name="Tasks"/>, and its mean above the diagonal
/// (NaN, "n/a", with fewer than two test tasks: the matrix is then empty); and each test task's ρ with its control.
/// </summary>
public sealed record UniversalityFinding(string Family, IReadOnlyList<string> Tasks, int Checkpoints, IReadOnlyList<IReadOnlyList<double>> Spearman,
    double MeanOffDiagonal, IReadOnlyList<TaskControlCorrelation> Controls);
