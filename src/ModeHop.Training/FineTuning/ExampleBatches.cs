using ModeHop.Tensors;
using ModeHop.Training.Data;

namespace ModeHop.Training.FineTuning;

/// <summary>One fine-tune example as token ids: the context the model reads and the completion the loss falls on (both non-empty).</summary>
public sealed record TokenizedExample(int[] Context, int[] Completion)
{
    /// <summary>Context and completion tokens together.</summary>
    public int Length => Context.Length + Completion.Length;
}

/// <summary>
/// Batches of fine-tune examples, one example per row, left-aligned: row tokens x = context ++ completion, inputs
/// x[0 … n−2], targets x[t + 1] where x[t + 1] is a completion token and −1 elsewhere (the loss falls on the
/// completion only, as when a scored item's continuation is read), padding (token 0, target −1) after the row.
/// Row b of step s is example <c>Rng.ForStream(seed, 0xF1E7, s, b).NextInt(count)</c>: a pure function of the step,
/// so two fine-tunes of one set see the same batches. <see cref="SeqLen"/> is the longest example's length − 1.
/// </summary>
public sealed class ExampleBatches : IBatchSource
{
    /// <summary>Stream tag of the row draws ("FInE-tunE").</summary>
    const ulong RowStream = 0xF1E7;

    readonly TokenizedExample[] examples;
    readonly ulong seed;

    /// <param name="name">The set's name, for messages.</param>
    /// <param name="maxSeqLen">The model's maximum sequence length: every example's inputs must fit.</param>
    /// <exception cref="ArgumentException">No examples, an empty context or completion, or an example longer than the model reads.</exception>
    public ExampleBatches(string name, IReadOnlyList<TokenizedExample> examples, ulong seed, int maxSeqLen)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException($"Fine-tune set {name} has no examples; give it at least one.");
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            if (e.Context.Length == 0 || e.Completion.Length == 0)
                throw new ArgumentException($"Fine-tune set {name}, example {i}: its {(e.Context.Length == 0 ? "prompt" : "completion")} encodes to no tokens; every example needs both.");
            if (e.Length - 1 > maxSeqLen)
                throw new ArgumentException($"Fine-tune set {name}, example {i}: {e.Length} tokens (prompt {e.Context.Length}, completion {e.Completion.Length}) need {e.Length - 1} positions, but the model reads at most {maxSeqLen}; shorten the example.");
        }
        Name = name;
        this.examples = examples.ToArray();
        this.seed = seed;
        SeqLen = this.examples.Max(e => e.Length) - 1;
    }

    public string Name { get; }

    public int Count => examples.Length;

    /// <summary>T of every batch: the longest example's tokens minus one (its last token is only a target).</summary>
    public int SeqLen { get; }

    /// <summary>Which example row <paramref name="row"/> of step <paramref name="step"/> holds.</summary>
    public int ExampleAt(long step, int row) => Rng.ForStream(seed, RowStream, (ulong)step, (ulong)row).NextInt(examples.Length);

    public string Describe() => $"fine-tune set {Name}: {examples.Length} examples, seed {seed}";

    /// <summary>Fills inputs and targets [B·T] for <paramref name="step"/>; T must be at least <see cref="SeqLen"/>.</summary>
    public void Fill(long step, int batchSize, int seqLen, Span<int> inputs, Span<int> targets)
    {
        int B = batchSize, T = seqLen;
        if (T < SeqLen) throw new ArgumentException($"Fine-tune set {Name}: rows of {T} tokens cannot hold its longest example, which needs {SeqLen}.");
        if (inputs.Length != B * T || targets.Length != B * T)
            throw new ArgumentException($"Fine-tune set {Name}: inputs and targets must hold {B}×{T} tokens, got {inputs.Length} and {targets.Length}.");
        inputs.Clear();
        targets.Fill(-1);
        for (int b = 0; b < B; b++)
        {
            var e = examples[ExampleAt(step, b)];
            var rowInputs = inputs.Slice(b * T, T);
            var rowTargets = targets.Slice(b * T, T);
            int P = e.Context.Length;
            e.Context.CopyTo(rowInputs);
            e.Completion.AsSpan(0, e.Completion.Length - 1).CopyTo(rowInputs[P..]);
            // Position t predicts x[t + 1]; completion token j sits at P + j, so targets from t = P − 1 to n − 2.
            e.Completion.CopyTo(rowTargets[(P - 1)..]);
        }
    }
}
