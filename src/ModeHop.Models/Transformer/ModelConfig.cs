namespace ModeHop.Models.Transformer;

/// <summary>The decoder-only families ModeHop runs; each fixes norm, position, MLP and weight names.</summary>
public enum ModelFamily
{
    /// <summary>LayerNorm, learned absolute positions, GELU (tanh), fused [Q|K|V] Conv1D weights, tied head.</summary>
    Gpt2,

    /// <summary>GPT-NeoX / Pythia: LayerNorm, partial rotary, GELU (erf), parallel residual, untied head.</summary>
    GptNeoX,

    /// <summary>Llama (and OLMo-style): RMSNorm, rotary, SwiGLU, grouped-query attention, no biases.</summary>
    Llama,

    /// <summary>
    /// OLMo 2: Llama's parts with the norms after the sublayers inside the residual (<see cref="ModelConfig.PostNorm"/>)
    /// and RMSNorm over the whole query and key projections before rotary (<see cref="ModelConfig.QkNorm"/>).
    /// </summary>
    Olmo2,
}

/// <summary>
/// The shape of one transformer. Defaults are a tiny GPT-2-style model; every family is one
/// record away. <see cref="Validate"/> rejects impossible shapes with a message saying what to fix.
/// </summary>
public sealed record ModelConfig
{
    public ModelFamily Family { get; init; } = ModelFamily.Gpt2;

    /// <summary>Embedding rows. May exceed the tokenizer's size (GPT-NeoX pads to a multiple of 128).</summary>
    public int VocabSize { get; init; } = 512;

    /// <summary>Residual stream width (d_model).</summary>
    public int Channels { get; init; } = 128;

    public int Layers { get; init; } = 4;

    /// <summary>Query heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Key/value heads; equal to <see cref="Heads"/> for multi-head attention (GPT-2 and NeoX always are).</summary>
    public int KvHeads { get; init; } = 4;

    /// <summary>Width of one head; Channels / Heads unless a Llama or OLMo 2 config says otherwise.</summary>
    public int HeadDim { get; init; } = 32;

    /// <summary>MLP hidden width (4·Channels for GPT-2 and NeoX; intermediate_size for Llama's SwiGLU).</summary>
    public int MlpHidden { get; init; } = 512;

    /// <summary>Longest sequence: the learned position table's rows, or the rotary tables' length.</summary>
    public int MaxSeqLen { get; init; } = 128;

    /// <summary>Epsilon of LayerNorm (GPT-2, NeoX: 1e-5) or RMSNorm (Llama: 1e-5 or 1e-6; OLMo 2: 1e-6 in its configs, 1e-5 by default).</summary>
    public float NormEps { get; init; } = 1e-5f;

    /// <summary>Fraction of each head's dims that rotary touches (NeoX rotary_pct 0.25; Llama 1; GPT-2 0).</summary>
    public float RotaryFraction { get; init; }

    /// <summary>Rotary base (rotary_emb_base / rope_theta).</summary>
    public float RopeTheta { get; init; } = 10000f;

    /// <summary>x + attn(ln1 x) + mlp(ln2 x) instead of the sequential block (NeoX's use_parallel_residual).</summary>
    public bool ParallelResidual { get; init; }

    /// <summary>The output head reuses the token embedding.</summary>
    public bool TiedEmbeddings { get; init; } = true;

    /// <summary>Linear layers and LayerNorms carry biases (GPT-2, NeoX) or not (Llama, OLMo 2).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Llama and OLMo 2: RMSNorm, SwiGLU, a free head dim and grouped-query attention.</summary>
    public static bool IsLlamaStyle(ModelFamily family) => family is ModelFamily.Llama or ModelFamily.Olmo2;

    /// <summary>See <see cref="IsLlamaStyle"/>.</summary>
    public bool LlamaStyle => IsLlamaStyle(Family);
    public bool UsesRmsNorm => LlamaStyle;
    public bool UsesLearnedPositions => Family == ModelFamily.Gpt2;
    public bool UsesSwiGlu => LlamaStyle;

    /// <summary>
    /// OLMo 2's block: each sublayer reads the raw residual stream and its output is normed before it is added,
    /// <c>h = x + norm1(attn(x))</c>, <c>out = h + norm2(mlp(h))</c>; there is no input norm.
    /// </summary>
    public bool PostNorm => Family == ModelFamily.Olmo2;

    /// <summary>OLMo 2's RMSNorm over the whole query (H·D) and key (KVH·D) projections, before the heads are split and rotated.</summary>
    public bool QkNorm => Family == ModelFamily.Olmo2;

    /// <summary>Rotary dims per head: the fraction of HeadDim, rounded down to even (as int(D·pct) in NeoX).</summary>
    public int RotaryDims => Family == ModelFamily.Gpt2 ? 0 : ((int)(HeadDim * RotaryFraction)) & ~1;

    /// <summary>Width of the fused QKV projection: (H + 2·KVH)·D.</summary>
    public int QkvWidth => (Heads + 2 * KvHeads) * HeadDim;

    /// <summary>A GPT-2-style config of the given shape (MLP 4C, head dim C/H).</summary>
    public static ModelConfig Gpt2Shape(int layers, int channels, int heads, int vocabSize, int maxSeqLen) => new()
    {
        Family = ModelFamily.Gpt2,
        Layers = layers,
        Channels = channels,
        Heads = heads,
        KvHeads = heads,
        HeadDim = heads > 0 ? channels / heads : 0,
        MlpHidden = 4 * channels,
        VocabSize = vocabSize,
        MaxSeqLen = maxSeqLen,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first impossible value.</summary>
    public void Validate()
    {
        void Positive(int value, string name)
        {
            if (value <= 0) throw new ArgumentException($"{name} must be positive, got {value}.");
        }
        Positive(VocabSize, "vocab size");
        Positive(Channels, "channels");
        Positive(Layers, "layers");
        Positive(Heads, "heads");
        Positive(KvHeads, "key/value heads");
        Positive(HeadDim, "head dim");
        Positive(MlpHidden, "MLP hidden size");
        Positive(MaxSeqLen, "max sequence length");
        if (!LlamaStyle && Channels % Heads != 0)
            throw new ArgumentException($"heads ({Heads}) must divide channels ({Channels}); pick a head count that divides it.");
        if (!LlamaStyle && HeadDim * Heads != Channels)
            throw new ArgumentException($"head dim ({HeadDim}) × heads ({Heads}) must equal channels ({Channels}) for {Family}.");
        if (Heads % KvHeads != 0)
            throw new ArgumentException($"key/value heads ({KvHeads}) must divide heads ({Heads}).");
        if (!LlamaStyle && KvHeads != Heads)
            throw new ArgumentException($"{Family} has no grouped-query attention: key/value heads ({KvHeads}) must equal heads ({Heads}).");
        if (!(NormEps > 0f) || float.IsInfinity(NormEps))
            throw new ArgumentException($"norm epsilon must be a positive number, got {NormEps}.");
        if (Family != ModelFamily.Gpt2 && !(RotaryFraction > 0f && RotaryFraction <= 1f))
            throw new ArgumentException($"rotary fraction must be in (0, 1] for {Family}, got {RotaryFraction}.");
        if (Family != ModelFamily.Gpt2 && RotaryDims < 2)
            throw new ArgumentException($"rotary covers {RotaryDims} dims of a {HeadDim}-wide head; it needs at least 2.");
        if (Family != ModelFamily.Gpt2 && !(RopeTheta > 0f))
            throw new ArgumentException($"rotary base must be positive, got {RopeTheta}.");
    }

    /// <summary>Parameter count, tied embeddings counted once.</summary>
    public long ParameterCount()
    {
        long C = Channels, V = VocabSize, L = Layers, I = MlpHidden, Q = QkvWidth, A = (long)Heads * HeadDim, K = (long)KvHeads * HeadDim;
        long normParams = Bias && !UsesRmsNorm ? 2 * C : C;
        long perLayer = 2 * normParams + (QkNorm ? A + K : 0)
            + Q * C + (Bias ? Q : 0)
            + C * A + (Bias ? C : 0)
            + (UsesSwiGlu ? 2 * I : I) * C + (Bias ? I : 0)
            + C * I + (Bias ? C : 0);
        long total = V * C + L * perLayer + normParams;
        if (UsesLearnedPositions) total += MaxSeqLen * C;
        if (!TiedEmbeddings) total += V * C;
        return total;
    }
}
