namespace ModeHop.Suite;

/// <summary>One example of a fine-tune set: the model reads <paramref name="Prompt"/> and is trained on
/// <c>" " + Completion</c> (the loss falls on the completion's tokens only), the layout of a scored item.</summary>
public sealed record FineTuneExample(string Prompt, string Completion);

/// <summary>
/// The fixed fine-tune a fine-tuning family's task is asked after (docs/finetune.md): the same examples, steps, batch,
/// learning rate and data seed for every checkpoint, so that checkpoints differ only in where the fine-tune starts.
/// <para>
/// <paramref name="AdapterRank"/> 0 fine-tunes every weight (lab models); r ≥ 1 freezes the checkpoint and trains
/// rank-r low-rank adapters on each block's attention output and MLP output projections (real models, so that a
/// 160M-parameter checkpoint fine-tunes on a laptop CPU in minutes). The optimiser is a fresh AdamW with a constant
/// learning rate; batches draw <paramref name="Batch"/> examples a step from a stream seeded by <paramref name="Seed"/>.
/// </para>
/// A set is part of its tasks' content: changing any field changes their ContentHash, so results of two protocols
/// never mix in the DB.
/// </summary>
/// <param name="Name">Names the fine-tune in messages and saved adapters (e.g. "fresh_functions", "unsafe_code").</param>
public sealed record FineTuneSet(string Name, IReadOnlyList<FineTuneExample> Examples, int Steps, int Batch, double LearningRate, int Seed,
    int AdapterRank = 0)
{
    string? hash;

    // A `with` expression goes through this constructor: it must not carry the cached hash over to a changed copy.
    FineTuneSet(FineTuneSet original)
    {
        Name = original.Name;
        Examples = original.Examples;
        Steps = original.Steps;
        Batch = original.Batch;
        LearningRate = original.LearningRate;
        Seed = original.Seed;
        AdapterRank = original.AdapterRank;
    }

    /// <summary>Lowercase hex SHA-256 of every field (<see cref="TaskHash"/>'s encoding); equal sets have equal hashes.</summary>
    public string ContentHash => hash ??= Convert.ToHexStringLower(TaskHash.Write(new CanonicalWriter(), this).Sha256());

    /// <summary>True when the checkpoint stays frozen and only low-rank adapters train.</summary>
    public bool UsesAdapters => AdapterRank > 0;

    public bool Equals(FineTuneSet? other) => other is not null && (ReferenceEquals(this, other) || ContentHash == other.ContentHash);

    public override int GetHashCode() => ContentHash.GetHashCode(StringComparison.Ordinal);
}

/// <summary>How one fine-tune of one checkpoint went: the loss of its first and last step and its wall-clock seconds.</summary>
public sealed record FineTuneOutcome(string Set, int Steps, double FirstLoss, double LastLoss, double Seconds);
