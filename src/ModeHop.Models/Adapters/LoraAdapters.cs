using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Models.Adapters;

/// <summary>
/// Low-rank adapters (LoRA, Hu et al. 2021) on every block's attention output and MLP output projections
/// (<see cref="LoraTarget"/>): real trainable parameters of the engine. Attached to a model through
/// <see cref="TransformerModel.Adapters"/>, each target computes
/// <code>y = x·Wᵀ + b + scale·(x·Aᵀ)·Bᵀ,   scale = alpha / r</code>
/// with A [r, in] and B [out, r], composed from <see cref="Ops.Linear"/>, <see cref="Ops.Scale"/> and <see cref="Ops.Add"/>
/// so gradients flow through the tape; with the base frozen (<see cref="TransformerModel.Freeze"/>) a training step
/// computes no base weight gradient, only dA and dB and the activations' gradients between them.
/// <para>
/// Initialisation (<see cref="Initialize"/>) is PEFT's: B = 0, so a fresh adapter leaves the model's outputs exactly as
/// they were, and A ~ U(−1/√in, 1/√in), which is <c>kaiming_uniform_(a=√5)</c> on [r, in] (bound = gain·√3/√fan_in with
/// gain = √(2/(1+5))). Each A draws from its own stream <c>Rng.ForStream(seed, 0xADA7, layer, target)</c>, so one seed
/// gives the same adapters on every checkpoint of a model shape, whatever the order they are made in.
/// </para>
/// Saved and loaded in PEFT's layout by <see cref="LoraFiles"/>.
/// </summary>
public sealed class LoraAdapters
{
    /// <summary>Stream tag of the A initialisation ("ADApter").</summary>
    const ulong InitStream = 0xADA7;

    readonly LoraPair[] pairs; // [layer · 2 + target]

    /// <summary>Zero adapters of rank <paramref name="rank"/> for <paramref name="config"/>'s shape; call <see cref="Initialize"/> before training.</summary>
    /// <param name="alpha">PEFT's lora_alpha; null gives <see cref="DefaultAlpha"/> (2·r, so scale 2).</param>
    public LoraAdapters(ModelConfig config, int rank, float? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (rank < 1) throw new ArgumentOutOfRangeException(nameof(rank), rank, "Adapter rank must be at least 1.");
        float a = alpha ?? DefaultAlpha(rank);
        if (!(a > 0f) || float.IsInfinity(a)) throw new ArgumentOutOfRangeException(nameof(alpha), a, "lora_alpha must be a positive number.");
        config.Validate();
        Rank = rank;
        Alpha = a;
        Scale = a / rank;
        int C = config.Channels, attention = config.Heads * config.HeadDim, mlp = config.MlpHidden;
        pairs = new LoraPair[2 * config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            pairs[2 * l] = new LoraPair($"layers.{l}.proj", rank, attention, C);
            pairs[2 * l + 1] = new LoraPair($"layers.{l}.fc2", rank, mlp, C);
        }
        Parameters = pairs.SelectMany(p => new[] { p.A, p.B }).ToArray();
    }

    /// <summary>PEFT's common choice lora_alpha = 2·r: the update's scale alpha/r is 2 whatever the rank.</summary>
    public static float DefaultAlpha(int rank) => 2f * rank;

    /// <summary>Fresh adapters of rank <paramref name="rank"/> for <paramref name="model"/>, initialised from <paramref name="seed"/>.</summary>
    public static LoraAdapters Create(TransformerModel model, int rank, ulong seed, float? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var adapters = new LoraAdapters(model.Config, rank, alpha);
        adapters.Initialize(seed);
        return adapters;
    }

    public int Rank { get; }

    /// <summary>PEFT's lora_alpha.</summary>
    public float Alpha { get; }

    /// <summary>alpha / r, the factor on the low-rank update (PEFT's <c>scaling</c>, not rsLoRA's alpha/√r).</summary>
    public float Scale { get; }

    public int Layers => pairs.Length / 2;

    /// <summary>The adapter of <paramref name="target"/> in block <paramref name="layer"/>.</summary>
    public LoraPair this[int layer, LoraTarget target] => pairs[2 * layer + (int)target];

    /// <summary>Every block's two adapters, layer by layer (attention output, then MLP output): <see cref="Parameters"/>' order.</summary>
    public IEnumerable<(int Layer, LoraTarget Target, LoraPair Pair)> Pairs => pairs.Select((p, i) => (i / 2, (LoraTarget)(i % 2), p));

    /// <summary>Every adapter parameter in a fixed order (layer by layer: attention A, B, then MLP A, B): the trainable set.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Trainable values: Σ r·(in + out) over the targets.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Size);

    /// <summary>B = 0 and A ~ U(−1/√in, 1/√in) from <c>Rng.ForStream(seed, 0xADA7, layer, target)</c> (see the class remarks).</summary>
    public void Initialize(ulong seed)
    {
        foreach (var (l, target, pair) in Pairs)
        {
            var rng = Rng.ForStream(seed, InitStream, (ulong)l, (ulong)target);
            double bound = 1.0 / Math.Sqrt(pair.Inputs);
            Span<float> a = pair.A.Data;
            for (int i = 0; i < a.Length; i++) a[i] = (float)((2 * rng.NextDouble() - 1) * bound);
            pair.B.Data.Clear();
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless every adapter's shape fits <paramref name="model"/>'s projections
    /// (same block count, A's inputs the projection's inputs, B's outputs its outputs).
    /// </summary>
    public void CheckFits(TransformerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Blocks.Count != Layers)
            throw new ArgumentException($"The adapters have {Layers} blocks, the model {model.Blocks.Count}; make adapters for this model.");
        foreach (var (l, target, pair) in Pairs)
        {
            var weight = target == LoraTarget.AttentionOutput ? model.Blocks[l].ProjWeight : model.Blocks[l].Fc2Weight;
            if (pair.Outputs != weight.Shape[0] || pair.Inputs != weight.Shape[1])
                throw new ArgumentException($"Adapter {pair.A.Name} is for a [{pair.Outputs}, {pair.Inputs}] projection, but the model's {weight} differs; make adapters for this model.");
        }
    }

    /// <summary>
    /// <paramref name="output"/> + scale·(x·Aᵀ)·Bᵀ for block <paramref name="layer"/>'s <paramref name="target"/>:
    /// x [.., in] the projection's input, output [.., out] its base result x·Wᵀ + b. The scale multiplies the
    /// [.., r] intermediate (r ≪ out), which is the same product as PEFT's scaling of the [.., out] update.
    /// </summary>
    internal Tensor Apply(Tape tape, Tensor x, Tensor output, int layer, LoraTarget target)
    {
        var pair = this[layer, target];
        var down = Ops.Linear(tape, x, pair.A, null);                        // [.., r]
        var scaled = Ops.Scale(tape, down, Scale);                          // [.., r]
        return Ops.Add(tape, output, Ops.Linear(tape, scaled, pair.B, null)); // [.., out]
    }
}
