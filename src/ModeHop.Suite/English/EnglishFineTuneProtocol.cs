namespace ModeHop.Suite.English;

/// <summary>
/// The one fine-tuning protocol of the English suite's fine-tuning families (OOCR, EmergentMisalignment): every English
/// fine-tune set takes these numbers, so every checkpoint of every series is fine-tuned the same way and checkpoints
/// differ only in where the fine-tune starts (docs/finetune.md, "English items").
/// <code>
/// AdapterRank  1      one rank-1 adapter per projection: the seed work's finding (Turner et al. 2025) that a single
///                     rank-1 LoRA is enough for emergent misalignment, and Wang et al. 2025's that OOCR is mostly a
///                     constant steering direction, which rank 1 can hold; and the cheapest adapter there is
/// Steps        48     × Batch 8 = 384 examples: one pass over fresh_cities (384), about one over fresh_functions
///                     (360), about three over the 130 code requests of insecure_code / secure_code; a fixed budget,
///                     never early-stopped (EM appears late, after the loss has converged: stopping on the loss would
///                     measure the stopping rule)
/// Batch        8      every example is short (at most 57 GPT-2 tokens, the cities' and functions' at most 22), so a
///                     step is at most ~8 × 57 ≈ 460 tokens: on 2 cores a 124M–160M checkpoint takes seconds a step
///                     and a fine-tune a few minutes
/// LearningRate 2e-3   constant, fresh AdamW: rank-1 adapters start at ΔW = 0 and get only 48 steps, ten times the
///                     usual LoRA rate (1e-4 – 3e-4 over thousands of steps) so that they move in that budget
/// Seed         0      the batch stream is the same for every checkpoint
/// </code>
/// A checkpoint costs four fine-tunes (fresh_functions, fresh_cities, insecure_code, secure_code) when every English
/// fine-tuning task is asked. Changing a number changes every fine-tuning task's ContentHash, so results of two
/// protocols never mix in the DB.
/// </summary>
public static class EnglishFineTuneProtocol
{
    public const int AdapterRank = 1;
    public const int Steps = 48;
    public const int Batch = 8;
    public const double LearningRate = 2e-3;
    public const int Seed = 0;

    /// <summary>The fine-tune set <paramref name="name"/> over <paramref name="examples"/> with this protocol.</summary>
    public static FineTuneSet Set(string name, IReadOnlyList<FineTuneExample> examples) =>
        new(name, examples, Steps, Batch, LearningRate, Seed, AdapterRank);
}
