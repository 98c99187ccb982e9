using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tensors.Threading;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// Gram matrices G[i,j] = gᵢ·gⱼ of the per-example gradients of a probe batch, one per parameter group (G₀ the
/// embeddings, G_l block l, G_{L+1} the final norm and an untied head), so the whole model's is their sum. gᵢ is the
/// gradient of example i's loss (mean cross-entropy over its answer tokens, teacher-forced) from the model's own
/// training forward and backward with batch 1.
/// </summary>
/// <remarks>
/// Memory: the gradients of one block of M examples are held at once (M·P floats for P parameters, M as large as
/// <see cref="MemoryFloats"/> allows, at most N); each later example's gradient is recomputed once per block and dotted
/// with the block. Backward passes: N when M = N (small models), Σ over blocks of the examples from the block on
/// (≈ N²/2M) otherwise, e.g. ≈ 4.5·N for a GPT-2-small-sized model at the default budget. Recomputation gives the same
/// gradient bit for bit, so the matrices do not depend on M.
/// </remarks>
public sealed class GradientGrams
{
    /// <summary>Default budget for the held gradients: 2³⁰ floats (4 GiB).</summary>
    public const long DefaultMemoryFloats = 1L << 30;

    readonly TransformerModel model;
    readonly Tape tape = new();
    readonly int[] offsets;                                       // offsets[p]: where parameter p starts in the flat vector
    readonly (int Start, int End)[] groups;                       // ranges of the flat vector, contiguous in parameter order
    readonly long parameterCount;

    public long MemoryFloats { get; init; } = DefaultMemoryFloats;

    /// <summary>Backward passes the last <see cref="Compute"/> ran.</summary>
    public int BackwardPasses { get; private set; }

    public GradientGrams(TransformerModel model)
    {
        this.model = model;
        var group = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        group[model.TokenEmbedding] = 0;
        if (model.PositionEmbedding is not null) group[model.PositionEmbedding] = 0;
        for (int l = 0; l < model.Blocks.Count; l++)
            foreach (var p in model.Blocks[l].Parameters()) group[p] = l + 1;
        int rest = model.Blocks.Count + 1;
        offsets = new int[model.Parameters.Count];
        var ranges = new (int Start, int End)[rest + 1];
        long offset = 0;
        int previous = -1;
        for (int p = 0; p < model.Parameters.Count; p++)
        {
            var tensor = model.Parameters[p];
            int g = group.GetValueOrDefault(tensor, rest);
            if (g < previous) throw new InvalidOperationException($"Parameter {tensor} is out of the group order; the model's parameter order changed.");
            if (g != previous) ranges[g].Start = (int)offset;
            offsets[p] = (int)offset;
            offset += tensor.Size;
            if (offset > Array.MaxLength) throw new InvalidDataException($"The model has {offset:N0}+ parameters; the predictors hold a gradient in one array of at most {Array.MaxLength:N0}.");
            ranges[g].End = (int)offset;
            previous = g;
        }
        groups = ranges;
        parameterCount = offset;
    }

    /// <summary>Parameter groups: the embeddings, each block, and the rest (final norm, untied head; possibly empty).</summary>
    public int GroupCount => groups.Length;

    /// <summary>
    /// The Gram matrix [N, N] of each group (<see cref="GroupCount"/> of them) and each example's loss [N].
    /// <paramref name="progress"/> hears the backward passes done so far.
    /// </summary>
    public (double[][] Grams, double[] Losses) Compute(IReadOnlyList<ProbeExample> examples, Action<int>? progress = null)
    {
        int N = examples.Count;
        int M = (int)Math.Clamp(MemoryFloats / Math.Max(1, parameterCount), 1, Math.Max(1, N));
        var held = new float[Math.Min(M, N)][];
        for (int m = 0; m < held.Length; m++) held[m] = new float[parameterCount];
        var scratch = M < N ? new float[parameterCount] : null;
        var grams = Enumerable.Range(0, groups.Length).Select(_ => new double[N * N]).ToArray();
        var losses = new double[N];
        BackwardPasses = 0;
        for (int a = 0; a < N; a += M)
        {
            int m = Math.Min(M, N - a);
            for (int i = a; i < N; i++)
            {
                bool inBlock = i < a + m;
                var g = inBlock ? held[i - a] : scratch!;
                double loss = Gradient(examples[i], g);
                if (a == 0) losses[i] = loss;
                int last = inBlock ? i : a + m - 1;                // pairs (j, i) with j in the block, j ≤ i
                WorkerPool.Shared.For((last - a + 1) * groups.Length, k =>
                {
                    int j = a + k / groups.Length, group = k % groups.Length;
                    var (start, end) = groups[group];
                    double dot = Dot(g.AsSpan(start, end - start), held[j - a].AsSpan(start, end - start));
                    grams[group][i * N + j] = grams[group][j * N + i] = dot;
                });
                BackwardPasses++;
                progress?.Invoke(BackwardPasses);
            }
        }
        return (grams, losses);
    }

    /// <summary>Writes example's gradient into <paramref name="flat"/> [P] and returns its loss.</summary>
    double Gradient(ProbeExample example, float[] flat)
    {
        foreach (var p in model.Parameters) p.ZeroGrad();
        int[] inputs = example.Inputs;
        var loss = model.Loss(tape, inputs, example.Targets, 1, inputs.Length);
        double value = loss.Data[0];
        tape.Backward(loss);
        tape.Reset();
        for (int p = 0; p < model.Parameters.Count; p++) model.Parameters[p].Grad.CopyTo(flat, offsets[p]);
        return value;
    }

    /// <summary>x·y summed in double over chunks of 4096 (float sums over millions of terms lose digits).</summary>
    static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        const int Chunk = 4096;
        double sum = 0;
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int length = Math.Min(Chunk, x.Length - start);
            sum += TensorPrimitives.Dot(x.Slice(start, length), y.Slice(start, length));
        }
        return sum;
    }
}
