namespace ModeHop.Cli.Findings;

/// <summary>
/// The <c>kind</c> of every finding the analyses store (docs/results-db.md lists them; each one's JSON is its record in Findings.cs). An analysis replaces
/// all findings of its kinds in one go, so re-running it never doubles them.
/// </summary>
public static class FindingKinds
{
    /// <summary><see cref="Pipeline.RunAnalysis"/>: a confirmed hop (family, task, step = to_step, value = margin change).</summary>
    public const string Hop = "hop";
    /// <summary>A change point of a task's normalized general probability (<see cref="ChangePointFinding"/>).</summary>
    public const string ChangePoint = "changepoint";
    /// <summary><c>analyze</c>: item-level flips of one task (<see cref="ItemFlipFinding"/>).</summary>
    public const string ItemFlips = "item_flips";
    /// <summary><c>analyze</c>: early-warning signals before one confirmed hop (<see cref="EarlyWarningFinding"/>).</summary>
    public const string EarlyWarning = "early_warning";
    /// <summary><c>analyze</c>: the broken power-law envelope of the general probability (<see cref="EnvelopeFinding"/>, one per run).</summary>
    public const string Envelope = "envelope";
    /// <summary><c>analyze</c>: how a family's test tasks move together (<see cref="UniversalityFinding"/>, one per family).</summary>
    public const string Universality = "universality";
    /// <summary><c>controls stability</c>: one checkpoint, one learning rate, one batch size (<see cref="StabilityFinding"/>).</summary>
    public const string Stability = "stability";
    /// <summary><c>controls average</c>: one task under one averaging method (<see cref="AveragingFinding"/>).</summary>
    public const string Averaging = "averaging";
    /// <summary><c>controls interpolate</c>: one task along the λ grid (<see cref="InterpolationFinding"/>).</summary>
    public const string Interpolation = "interpolation";
    /// <summary><c>select</c>: the recommended checkpoint (<see cref="SelectionFinding"/>, one per run).</summary>
    public const string Selection = "selection";
    /// <summary><c>datasel</c>: one training window and its label (<see cref="DataWindowFinding"/>).</summary>
    public const string DataWindow = "datasel_window";
    /// <summary><c>datasel</c>: one continuation arm (<see cref="DataArmFinding"/>).</summary>
    public const string DataArm = "datasel_arm";
    /// <summary><c>predictors</c>: one metric at one layer across checkpoints (<see cref="PredictorFinding"/>).</summary>
    public const string Predictor = "predictor";
    /// <summary><c>predictors</c>: one metric's best layer beside the random-feature baseline (<see cref="PredictorBestFinding"/>).</summary>
    public const string PredictorBest = "predictor_best";
    /// <summary><c>scan</c> of a fine-tuning family: one fixed fine-tune of one checkpoint, its loss and cost (<see cref="FineTuneRunFinding"/>).</summary>
    public const string FineTuneRun = "fine_tune";
}
