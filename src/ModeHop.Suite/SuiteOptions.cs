namespace ModeHop.Suite;

/// <summary>How a suite is scored.</summary>
/// <param name="Seeds">Demo seeds 0..Seeds−1; 4 as in the seed work. Tasks whose prompts do not depend on the seed are scored with seed 0 only.</param>
/// <param name="MaxItems">Score only each task's first MaxItems items (null: all of them).</param>
/// <param name="RequestsPerBatch">Score requests per <see cref="ModeHop.Models.Scoring.ISequenceScorer.Score"/> call; batches span tasks.</param>
public sealed record SuiteOptions(int Seeds = 4, int? MaxItems = null, int RequestsPerBatch = 256);
