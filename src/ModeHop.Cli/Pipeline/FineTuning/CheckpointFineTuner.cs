using System.Diagnostics;
using ModeHop.Models.Adapters;
using ModeHop.Models.Tokenizers;
using ModeHop.Models.Transformer;
using ModeHop.Suite;
using ModeHop.Tensors;
using ModeHop.Training;
using ModeHop.Training.FineTuning;
using ModeHop.Training.Optim;

namespace ModeHop.Cli.Pipeline.FineTuning;

/// <summary>
/// The suite's <see cref="IFineTuner"/> for a model being scored checkpoint by checkpoint (docs/finetune.md).
/// <see cref="FineTune"/> trains from the weights the model holds now with the set's fixed protocol:
/// <list type="bullet">
/// <item>the examples encoded as a scored item is (context = Encode(prompt), completion =
/// Encode(<see cref="PromptAssembly.Continuation"/>(completion))), batched by <see cref="ExampleBatches"/> with the set's seed;</item>
/// <item>AdapterRank 0: every weight trains; the weights are first copied into a snapshot (buffers kept from one call
/// to the next);</item>
/// <item>AdapterRank r ≥ 1: the base is frozen and fresh rank-r <see cref="LoraAdapters"/> seeded by the set's seed are
/// attached; only they train, so nothing of the base changes and no snapshot is needed;</item>
/// <item>a fresh AdamW (<see cref="FineTuneProtocol"/>: β1 0.9, β2 0.999, ε 1e-8, no weight decay, clip 1.0) at the set's
/// constant learning rate, <c>set.Steps</c> steps of <c>set.Batch</c> rows through <see cref="FineTuneLoop"/>, the head
/// and the loss run only at the completions' positions (<see cref="TransformerModel.ScoredLoss"/>).</item>
/// </list>
/// <see cref="Restore"/> copies the snapshot back, or takes the adapters off and unfreezes the base. Optimisers and
/// adapters are kept per trainable set and reset before each fine-tune (the training tape's buffers are dropped after
/// each, so they are not held while the suite scores), which makes every fine-tune
/// exactly the one a new tuner would run (the same set from the same weights gives the same bytes). The thread count is
/// the engine pool's. Not thread-safe.
/// </summary>
public sealed class CheckpointFineTuner : IFineTuner
{
    readonly TransformerModel model;
    readonly ITokenizer tokenizer;
    readonly Tape tape = new();
    readonly Dictionary<FineTuneSet, ExampleBatches> batches = [];
    readonly Dictionary<int, (LoraAdapters Adapters, TrainStep Step)> adapterSteps = [];
    TrainStep? fullStep;
    float[][]? snapshot;
    Kind active;

    enum Kind { None, Full, Adapters }

    public CheckpointFineTuner(TransformerModel model, ITokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /// <summary>When set, each adapter fine-tune saves its adapters (PEFT layout, <see cref="LoraFiles"/>) to <c>Path.Combine(AdapterDirectory, set.Name)</c>.</summary>
    public string? AdapterDirectory { get; set; }

    public TransformerModel Model => model;

    /// <exception cref="ArgumentException">The set's steps, batch, learning rate or rank are out of range.</exception>
    /// <exception cref="InvalidDataException">The set's examples do not fit the model (empty encodings, unknown ids, too long).</exception>
    /// <exception cref="InvalidOperationException">The last fine-tune has not been restored.</exception>
    public FineTuneOutcome FineTune(FineTuneSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Check(set);
        if (active != Kind.None)
            throw new InvalidOperationException("A fine-tune is still in effect; call Restore before the next FineTune.");
        var clock = Stopwatch.StartNew();
        var source = Batches(set);
        try
        {
            TrainStep step = set.UsesAdapters ? AttachAdapters(set) : PrepareFull();
            var losses = FineTuneLoop.Run(step, source, set.Steps, set.Batch, source.SeqLen, (float)set.LearningRate);
            if (set.UsesAdapters && AdapterDirectory is { } root)
                LoraFiles.Save(Path.Combine(root, set.Name), model, model.Adapters!);
            return new FineTuneOutcome(set.Name, set.Steps, losses.First, losses.Last, clock.Elapsed.TotalSeconds);
        }
        catch
        {
            Restore();
            throw;
        }
        finally
        {
            // The activations' buffers are not needed while the suite scores: give them back (the next fine-tune's first
            // step allocates them again, against dozens of steps that reuse them).
            tape.Trim();
        }
    }

    public void Restore()
    {
        switch (active)
        {
            case Kind.Full:
                for (int i = 0; i < model.Parameters.Count; i++) snapshot![i].CopyTo(model.Parameters[i].Data.Span);
                break;
            case Kind.Adapters:
                model.Adapters = null;
                model.Unfreeze();
                break;
        }
        active = Kind.None;
    }

    /// <summary>Snapshots the weights and returns the all-weights step with its optimiser reset.</summary>
    TrainStep PrepareFull()
    {
        var parameters = model.Parameters;
        snapshot ??= parameters.Select(p => new float[p.Size]).ToArray();
        for (int i = 0; i < parameters.Count; i++) parameters[i].Data.CopyTo(snapshot[i]);
        active = Kind.Full;
        fullStep ??= new TrainStep(model, new AdamW(parameters, FineTuneProtocol.Optimizer), FineTuneProtocol.ClipNorm, tape, scoredPositionsOnly: true);
        fullStep.Optimizer.Reset();
        return fullStep;
    }

    /// <summary>Freezes the base, attaches rank-r adapters initialised from the set's seed and returns their step, optimiser reset.</summary>
    TrainStep AttachAdapters(FineTuneSet set)
    {
        int rank = set.AdapterRank;
        if (!adapterSteps.TryGetValue(rank, out var entry))
        {
            var adapters = new LoraAdapters(model.Config, rank);
            entry = (adapters, new TrainStep(model, new AdamW(adapters.Parameters, FineTuneProtocol.Optimizer), FineTuneProtocol.ClipNorm, tape, scoredPositionsOnly: true));
            adapterSteps[rank] = entry;
        }
        entry.Adapters.Initialize(Seed(set));
        entry.Step.Optimizer.Reset();
        active = Kind.Adapters;
        model.Freeze();
        model.Adapters = entry.Adapters;
        return entry.Step;
    }

    /// <summary>The set's examples encoded and batched, once per distinct set.</summary>
    ExampleBatches Batches(FineTuneSet set)
    {
        if (batches.TryGetValue(set, out var cached)) return cached;
        int V = model.Config.VocabSize;
        var examples = new TokenizedExample[set.Examples.Count];
        for (int i = 0; i < examples.Length; i++)
        {
            var e = set.Examples[i];
            var example = new TokenizedExample(tokenizer.Encode(e.Prompt), tokenizer.Encode(PromptAssembly.Continuation(e.Completion)));
            foreach (int id in example.Context.Concat(example.Completion))
                if ((uint)id >= (uint)V)
                    throw new InvalidDataException($"Fine-tune set {set.Name}, example {i}: token id {id} is outside the model's vocabulary of {V}; the tokenizer does not belong to the model.");
            examples[i] = example;
        }
        ExampleBatches source;
        try
        {
            source = new ExampleBatches(set.Name, examples, Seed(set), model.Config.MaxSeqLen);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        batches[set] = source;
        return source;
    }

    /// <summary>The set's seed as the engine's: the int's two's-complement bits (so −1 is 2⁶⁴ − 1).</summary>
    static ulong Seed(FineTuneSet set) => unchecked((ulong)set.Seed);

    /// <summary>The suite contract's checks of a set (<see cref="SuiteContract.Check(FineTuneSet)"/>); the first violation is thrown.</summary>
    static void Check(FineTuneSet set)
    {
        if (SuiteContract.Check(set) is [var first, ..]) throw new ArgumentException(first, nameof(set));
    }
}
