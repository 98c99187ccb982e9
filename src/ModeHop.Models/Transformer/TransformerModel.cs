using ModeHop.Models.Adapters;
using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Models.Transformer;

/// <summary>
/// One decoder-only transformer for every family, driven by <see cref="ModelConfig"/>.
/// Parameters live in the internal layout (see <see cref="LayerWeights"/>); the Hugging Face
/// names and layouts are mapped on load and save by <see cref="HuggingFace.WeightMap"/>.
/// </summary>
public sealed class TransformerModel
{
    public ModelConfig Config { get; }
    public Tensor TokenEmbedding { get; }          // [V, C]
    public Tensor? PositionEmbedding { get; }      // [maxT, C], GPT-2 only
    public IReadOnlyList<LayerWeights> Blocks { get; }
    public Tensor FinalNormWeight { get; }         // [C]
    public Tensor? FinalNormBias { get; }          // [C]
    public Tensor? Head { get; }                   // [V, C]; null when tied to the token embedding

    /// <summary>Every parameter in a fixed order (the optimiser and checkpoints rely on it).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    readonly CausalAttentionStep causal;
    LoraAdapters? adapters;

    /// <summary>
    /// Low-rank adapters on every block's attention output and MLP output projections, applied by every pass (training,
    /// <see cref="TransformerInference"/>, <see cref="HiddenStates"/>, the scorer and the sampler); null (the default)
    /// for none, and then the forward is exactly the plain one. Setting adapters that do not fit the model's shape
    /// throws <see cref="ArgumentException"/>. The adapters' parameters are not in <see cref="Parameters"/>: checkpoints
    /// hold the base weights only, and adapters are saved apart (<see cref="LoraFiles"/>).
    /// </summary>
    public LoraAdapters? Adapters
    {
        get => adapters;
        set
        {
            value?.CheckFits(this);
            adapters = value;
        }
    }

    /// <summary>
    /// Freezes every base parameter (RequiresGrad = false): the ops then compute no gradient for them, so a training
    /// step with adapters attached runs no base weight-gradient GEMM. Undone by <see cref="Unfreeze"/>.
    /// </summary>
    public void Freeze()
    {
        foreach (var p in Parameters) p.RequiresGrad = false;
    }

    /// <summary>Makes every base parameter trainable again (RequiresGrad = true, as a new model's are).</summary>
    public void Unfreeze()
    {
        foreach (var p in Parameters) p.RequiresGrad = true;
    }

    public TransformerModel(ModelConfig config)
    {
        config.Validate();
        Config = config;
        int C = config.Channels, V = config.VocabSize, I = config.MlpHidden, Q = config.QkvWidth, A = config.Heads * config.HeadDim, K = config.KvHeads * config.HeadDim;
        bool layerNorm = !config.UsesRmsNorm, bias = config.Bias;
        Tensor? Optional(bool present, string name, params int[] shape) => present ? Tensor.Parameter(name, shape) : null;

        TokenEmbedding = Tensor.Parameter("wte", V, C);
        PositionEmbedding = Optional(config.UsesLearnedPositions, "wpe", config.MaxSeqLen, C);
        var blocks = new List<LayerWeights>();
        for (int l = 0; l < config.Layers; l++)
        {
            string p = $"layers.{l}.";
            blocks.Add(new LayerWeights
            {
                Norm1Weight = Tensor.Parameter(p + "norm1.weight", C),
                Norm1Bias = Optional(layerNorm && bias, p + "norm1.bias", C),
                QkvWeight = Tensor.Parameter(p + "qkv.weight", Q, C),
                QkvBias = Optional(bias, p + "qkv.bias", Q),
                QNormWeight = Optional(config.QkNorm, p + "q_norm.weight", A),
                KNormWeight = Optional(config.QkNorm, p + "k_norm.weight", K),
                ProjWeight = Tensor.Parameter(p + "proj.weight", C, A),
                ProjBias = Optional(bias, p + "proj.bias", C),
                Norm2Weight = Tensor.Parameter(p + "norm2.weight", C),
                Norm2Bias = Optional(layerNorm && bias, p + "norm2.bias", C),
                FcWeight = Tensor.Parameter(p + "fc.weight", config.UsesSwiGlu ? 2 * I : I, C),
                FcBias = Optional(bias, p + "fc.bias", I),
                Fc2Weight = Tensor.Parameter(p + "fc2.weight", C, I),
                Fc2Bias = Optional(bias, p + "fc2.bias", C),
            });
        }
        Blocks = blocks;
        FinalNormWeight = Tensor.Parameter("norm_f.weight", C);
        FinalNormBias = Optional(layerNorm && bias, "norm_f.bias", C);
        Head = Optional(!config.TiedEmbeddings, "head.weight", V, C);

        var all = new List<Tensor> { TokenEmbedding };
        if (PositionEmbedding is not null) all.Add(PositionEmbedding);
        foreach (var b in blocks) all.AddRange(b.Parameters());
        all.Add(FinalNormWeight);
        if (FinalNormBias is not null) all.Add(FinalNormBias);
        if (Head is not null) all.Add(Head);
        Parameters = all;
        causal = new CausalAttentionStep(config);
    }

    /// <summary>Looks a parameter up by its internal name.</summary>
    public Tensor Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"The model has no parameter '{name}'.");

    /// <summary>
    /// GPT-2-style initialisation: weights normal(0, 0.02), the two residual projections of each block
    /// scaled by 1/√(2L), biases 0, norm weights 1. Deterministic for a seed.
    /// </summary>
    public void Initialize(ulong seed)
    {
        var rng = new Rng(seed);
        float residualStd = 0.02f / MathF.Sqrt(2f * Config.Layers);
        foreach (var p in Parameters)
        {
            string name = p.Name!;
            if (name.Contains("norm") && name.EndsWith(".weight")) p.Data.Span.Fill(1f);
            else if (p.Shape.Length == 1) p.Data.Clear();
            else rng.FillNormal(p.Data, name.EndsWith("proj.weight") || name.EndsWith("fc2.weight") ? residualStd : 0.02f);
        }
    }

    /// <summary>
    /// Logits for a batch of token ids: ids [B·T] row-major → [B, T, V].
    /// </summary>
    public Tensor Forward(Tape tape, int[] ids, int batchSize, int seqLen)
    {
        int B = batchSize, T = seqLen;
        CheckIds(ids, B, T);
        var (x, _) = Hidden(tape, null, ids, B, T, causal);                    // [B, T, C]
        return Logits(tape, x);                                                // [B, T, V]
    }

    /// <summary>Mean next-token cross-entropy of <paramref name="targets"/> [B·T] (−1 = not scored).</summary>
    public Tensor Loss(Tape tape, int[] ids, int[] targets, int batchSize, int seqLen)
    {
        var logits = Forward(tape, ids, batchSize, seqLen);
        return Ops.CrossEntropy(tape, logits, targets);
    }

    /// <summary>
    /// <see cref="Loss"/> with the final norm, the head and the cross-entropy run only at the positions whose target is
    /// not −1: the same mean over the same positions (equal up to rounding), for a fine-tune whose loss falls on a few
    /// completion tokens per row, which then skips most of the head's [B·T, C]·[C, V] products and the [B·T, V] logits.
    /// </summary>
    public Tensor ScoredLoss(Tape tape, int[] ids, int[] targets, int batchSize, int seqLen)
    {
        int B = batchSize, T = seqLen;
        CheckIds(ids, B, T);
        if (targets.Length != B * T) throw new ArgumentException($"Expected {B}×{T} targets, got {targets.Length}.");
        int count = 0;
        foreach (int target in targets) if (target != -1) count++;
        if (count == 0 || count == targets.Length) return Loss(tape, ids, targets, B, T);
        var rows = new int[count];
        var scored = new int[count];
        for (int i = 0, k = 0; i < targets.Length; i++)
            if (targets[i] != -1) (rows[k], scored[k++]) = (i, targets[i]);
        var (x, _) = Hidden(tape, null, ids, B, T, causal);                    // [B, T, C]
        var logits = Logits(tape, Ops.GatherRows(tape, x, rows));              // [R, V]
        return Ops.CrossEntropy(tape, logits, scored);
    }

    /// <summary>
    /// The residual stream at every depth, inference only (nothing recorded): ids [B·T] → L + 1 arrays [B·T·C], entry 0
    /// the embedding output (token plus learned positions), entry l the stream after block l; the last one through the
    /// final norm and head gives <see cref="Forward"/>'s logits. For probes of the representation layer by layer.
    /// </summary>
    public float[][] HiddenStates(int[] ids, int batchSize, int seqLen)
    {
        int B = batchSize, T = seqLen;
        CheckIds(ids, B, T);
        var states = new float[Blocks.Count + 1][];
        Hidden(new Tape { Recording = false }, new Tape { Recording = false }, ids, B, T, causal, (depth, x) => states[depth] = x.Data.ToArray());
        return states;
    }

    /// <summary>
    /// The residual stream after the last block, ids [B·T] → [B, T, C]; <paramref name="step"/> places the tokens and
    /// runs their attention. With a <paramref name="spare"/> tape (inference, neither recording), block l computes on the
    /// other tape than block l−1 and the one before it is reset, so only two blocks' intermediates are ever held.
    /// <paramref name="observe"/>, when given, sees the stream at each depth (0: embeddings, l: after block l) before
    /// its tape is reset. Returns the tape holding the result.
    /// </summary>
    internal (Tensor Hidden, Tape Tape) Hidden(Tape tape, Tape? spare, int[] ids, int batchSize, int seqLen, IAttentionStep step,
        Action<int, Tensor>? observe = null)
    {
        var x = Ops.Embedding(tape, TokenEmbedding, ids, batchSize, seqLen);   // [B, T, C]
        if (PositionEmbedding is not null) x = step.AddPositions(tape, x, PositionEmbedding);
        observe?.Invoke(0, x);
        for (int l = 0; l < Blocks.Count; l++)
        {
            if (spare is not null) (tape, spare) = (spare, tape);
            x = Block(tape, x, Blocks[l], l, step);
            spare?.Reset();
            observe?.Invoke(l + 1, x);
        }
        return (x, tape);
    }

    /// <summary>Throws unless <paramref name="ids"/> is [B·T] with T within the model's positions.</summary>
    void CheckIds(int[] ids, int batchSize, int seqLen)
    {
        if (ids.Length != batchSize * seqLen) throw new ArgumentException($"Expected {batchSize}×{seqLen} token ids, got {ids.Length}.");
        if (seqLen > Config.MaxSeqLen) throw new ArgumentException($"Sequence length {seqLen} exceeds the model's maximum {Config.MaxSeqLen}.");
    }

    /// <summary>Final norm and head: x [.., C] → logits [.., V].</summary>
    internal Tensor Logits(Tape tape, Tensor x) =>
        Ops.Linear(tape, Norm(tape, x, FinalNormWeight, FinalNormBias), Head ?? TokenEmbedding, null);

    Tensor Block(Tape tape, Tensor x, LayerWeights w, int layer, IAttentionStep step)
    {
        if (Config.PostNorm) // OLMo 2: h = x + norm1(attn(x)); out = h + norm2(mlp(h))
        {
            x = Ops.Add(tape, x, Norm(tape, Attention(tape, x, w, layer, step), w.Norm1Weight, w.Norm1Bias));
            return Ops.Add(tape, x, Norm(tape, Mlp(tape, x, w, layer), w.Norm2Weight, w.Norm2Bias));
        }
        // Pre-norm: h = x + attn(norm1(x)); out = h + mlp(norm2(h)), or + mlp(norm2(x)) with a parallel residual.
        var h = Attention(tape, Norm(tape, x, w.Norm1Weight, w.Norm1Bias), w, layer, step, residual: x);
        return Mlp(tape, Norm(tape, Config.ParallelResidual ? x : h, w.Norm2Weight, w.Norm2Bias), w, layer, residual: h);
    }

    Tensor Attention(Tape tape, Tensor h, LayerWeights w, int layer, IAttentionStep step, Tensor? residual = null)
    {
        var qkv = Ops.Linear(tape, h, w.QkvWeight, w.QkvBias);                 // [B, T, (H+2KVH)·D]
        if (Config.QkNorm)
        {
            var c = Config;
            qkv = Ops.QkNorm(tape, qkv, w.QNormWeight!, w.KNormWeight!, c.Heads, c.KvHeads, c.HeadDim, c.NormEps);
        }
        var y = step.Attend(tape, qkv, layer);                                 // [B, T, H·D]: rotary, then attention
        return Output(tape, y, w.ProjWeight, w.ProjBias, layer, LoraTarget.AttentionOutput, residual); // [B, T, C]
    }

    Tensor Mlp(Tape tape, Tensor h, LayerWeights w, int layer, Tensor? residual = null)
    {
        var f = Config.Family switch                                           // [B, T, I]
        {
            ModelFamily.Gpt2 => Ops.LinearGelu(tape, h, w.FcWeight, w.FcBias, GeluForm.Tanh),
            ModelFamily.GptNeoX => Ops.LinearGelu(tape, h, w.FcWeight, w.FcBias, GeluForm.Erf),
            _ => Ops.SwiGlu(tape, Ops.Linear(tape, h, w.FcWeight, w.FcBias)),  // fc [B, T, 2I] → [B, T, I]
        };
        return Output(tape, f, w.Fc2Weight, w.Fc2Bias, layer, LoraTarget.MlpOutput, residual); // [B, T, C]
    }

    /// <summary>
    /// A block's output projection input·Wᵀ + b, with the adapters' term when there are adapters, then + residual when one is
    /// given: without adapters, the residual add runs in the projection's epilogue (<see cref="Ops.LinearResidual"/>).
    /// </summary>
    Tensor Output(Tape tape, Tensor input, Tensor weight, Tensor? bias, int layer, LoraTarget target, Tensor? residual)
    {
        if (adapters is null)
            return residual is null ? Ops.Linear(tape, input, weight, bias) : Ops.LinearResidual(tape, input, weight, bias, residual);
        var output = adapters.Apply(tape, input, Ops.Linear(tape, input, weight, bias), layer, target);
        return residual is null ? output : Ops.Add(tape, residual, output);
    }

    Tensor Norm(Tape tape, Tensor x, Tensor weight, Tensor? bias) =>
        Config.UsesRmsNorm ? Ops.RmsNorm(tape, x, weight, Config.NormEps) : Ops.LayerNorm(tape, x, weight, bias, Config.NormEps);
}
