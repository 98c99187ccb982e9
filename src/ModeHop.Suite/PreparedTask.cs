using System.Text.RegularExpressions;
using ModeHop.Models.Scoring;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Suite;

/// <summary>
/// A task ready to score: the seeds it is scored under and its requests, tokenised once. Prompts do not depend on
/// the model, so a monitor prepares its suite once and scores it on every checkpoint. A teacher-forced task holds
/// score requests; a generative task holds sample requests, its items' compiled patterns and the tokenizer that
/// decodes the samples.
/// </summary>
public sealed class PreparedTask
{
    internal PreparedTask(TaskDefinition task, int itemCount, int seedCount, ScoreRequest[] requests)
    {
        Task = task;
        ItemCount = itemCount;
        SeedCount = seedCount;
        Requests = requests;
    }

    internal PreparedTask(TaskDefinition task, int itemCount, int seedCount, SampleRequest[] samples, Regex[] patterns, ITokenizer decoder)
    {
        Task = task;
        ItemCount = itemCount;
        SeedCount = seedCount;
        SampleRequests = samples;
        Patterns = patterns;
        Decoder = decoder;
    }

    public TaskDefinition Task { get; }

    /// <summary>Items scored (the first MaxItems of the task's).</summary>
    public int ItemCount { get; }

    /// <summary>Seeds scored: 1 when the prompts do not depend on the seed, else SuiteOptions.Seeds.</summary>
    public int SeedCount { get; }

    /// <summary>True for a generative task: scored by an <see cref="ISequenceSampler"/>, not an <see cref="ISequenceScorer"/>.</summary>
    public bool IsGenerative => SampleRequests.Length > 0;

    /// <summary>
    /// Tokens of the longest sequence a model must read for this task: context + continuation − 1 when teacher-forced
    /// (the last answer token is predicted, never read), context + new tokens − 1 when sampled.
    /// </summary>
    public int LongestSequence =>
        IsGenerative
            ? SampleRequests.Max(r => r.Context.Length + r.MaxNewTokens - 1)
            : Requests.Max(r => r.Context.Length + r.Continuations.Max(c => c.Length) - 1);

    /// <summary>Requests, score or sample: ItemCount · SeedCount.</summary>
    public int RequestCount => ItemCount * SeedCount;

    /// <summary>[seed · ItemCount + item]: the context and the general and parrot continuations, in that order (empty when generative).</summary>
    internal ScoreRequest[] Requests { get; } = [];

    /// <summary>[seed · ItemCount + item]: the context to sample answers after (empty unless generative).</summary>
    internal SampleRequest[] SampleRequests { get; } = [];

    /// <summary>[item]: the compiled <see cref="TestItem.GeneralPattern"/> (empty unless generative).</summary>
    internal Regex[] Patterns { get; } = [];

    /// <summary>Decodes sampled tokens (null unless generative).</summary>
    internal ITokenizer? Decoder { get; }
}
