namespace ModeHop.Suite;

/// <summary>How a suite is scored.</summary>
/// <param name="Seeds">Demo seeds 0..Seeds−1; 4 as in the seed work. Tasks whose prompts do not depend on the seed are scored with seed 0 only.</param>
/// <param name="MaxItems">Score only each task's first MaxItems items (null: all of them).</param>
/// <param name="RequestsPerBatch">Requests per <see cref="ModeHop.Models.Scoring.ISequenceScorer.Score"/> (or <see cref="ModeHop.Models.Scoring.ISequenceSampler.Sample"/>) call; batches span tasks.</param>
/// <param name="Samples">Generative items: answers sampled per (item, seed). 8 keeps a checkpoint cheap; the seed work drew 100.</param>
/// <param name="MaxNewTokens">Generative items: tokens sampled per answer at most. 16 holds a name or a short phrase; the seed work allowed 300.</param>
/// <param name="Temperature">Generative items: the sampling temperature (0 is greedy); 1.0 as in the seed work.</param>
public sealed record SuiteOptions(int Seeds = 4, int? MaxItems = null, int RequestsPerBatch = 256,
    int Samples = 8, int MaxNewTokens = 16, float Temperature = 1.0f);
