using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tensors.Threading;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// Gram matrices G[i,j] = gᵢ·gⱼ of the per-example gradients of a probe batch, one per parameter group (G₀ the
/// embeddings, G_l block l, G_{L+1} the final norm and an untied head), so the whole model's is their sum. gᵢ is the
/// gradient of example i's loss (mean next-token cross-entropy over its prompt, teacher-forced) from the model's own
/// training forward and backward with batch 1.
/// </summary>
/// <remarks>
/// Memory: the gradients of one block of M examples are held at once (M·P floats for P parameters, M as large as
/// <see cref="MemoryFloats"/> allows, at most N); each later example's gradient is recomputed once per block and dotted
/// with the block. Backward passes: N when M = N (small models), N·(N/M + 1)/2 for N a multiple of M otherwise, e.g.
/// 288 = 4.5·N for N = 64 on a GPT-2-small-sized model (P = 124 M, M = 8 at the default budget). Recomputation gives
/// the same gradient bit for bit and the products are summed in an order fixed by the sizes, so the matrices depend
/// neither on M nor on the thread count.
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
        void Passed()
        {
            BackwardPasses++;                                       // not inside progress?.Invoke(…): skipped when null
            progress?.Invoke(BackwardPasses);
        }
        for (int a = 0; a < N; a += M)
        {
            int m = Math.Min(M, N - a);
            for (int k = 0; k < m; k++)
            {
                double loss = Gradient(examples[a + k], held[k]);
                if (a == 0) losses[a + k] = loss;
                Passed();
            }
            // The block's own pairs (j ≤ i, both in the block), then every later example against the block.
            var within = Products(held, m, null);
            for (int g = 0; g < groups.Length; g++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j <= i; j++) grams[g][(a + i) * N + a + j] = grams[g][(a + j) * N + a + i] = within[g][i * m + j];
            for (int i = a + m; i < N; i++)
            {
                double loss = Gradient(examples[i], scratch!);
                if (a == 0) losses[i] = loss;
                Passed();
                var cross = Products(held, m, scratch);
                for (int g = 0; g < groups.Length; g++)
                    for (int j = 0; j < m; j++) grams[g][i * N + a + j] = grams[g][(a + j) * N + i] = cross[g][j];
            }
        }
        return (grams, losses);
    }

    /// <summary>Floats of each vector read together (8 KB): a block of 64 gradients' slices stays in a core's L2.</summary>
    const int Chunk = 2048;
    /// <summary>At most this many tasks per group, each a contiguous range of it, so the work spreads over the pool.</summary>
    const int TasksPerGroup = 16;

    /// <summary>
    /// Per group, the dot products of the first <paramref name="count"/> held gradients: with <paramref name="other"/>
    /// null the lower triangle [count, count] of their Gram (entry i·count + j, j ≤ i), else their products with
    /// <paramref name="other"/> [count]. Cache-blocked: each task walks its range chunk by chunk and takes every product
    /// of that chunk before moving on, so each gradient is read from memory once rather than once per pair. The tasks are
    /// fixed by the sizes alone and their partial sums are added in task order, so the result does not depend on the
    /// thread count.
    /// </summary>
    double[][] Products(float[][] held, int count, float[]? other)
    {
        int width = other is null ? count * count : count;
        var tasks = new List<(int Group, int Start, int End)>();
        for (int g = 0; g < groups.Length; g++)
        {
            var (start, end) = groups[g];
            int chunks = (end - start + Chunk - 1) / Chunk, parts = Math.Clamp(chunks, 1, TasksPerGroup);
            for (int p = 0; p < parts; p++)
                tasks.Add((g, start + (int)((long)chunks * p / parts) * Chunk, Math.Min(end, start + (int)((long)chunks * (p + 1) / parts) * Chunk)));
        }
        var partial = new double[tasks.Count][];
        WorkerPool.Shared.For(tasks.Count, t =>
        {
            var (_, start, end) = tasks[t];
            var sums = partial[t] = new double[width];
            for (int c = start; c < end; c += Chunk)
            {
                int length = Math.Min(Chunk, end - c);
                for (int i = 0; i < count; i++)
                {
                    var x = held[i].AsSpan(c, length);
                    if (other is not null) sums[i] += TensorPrimitives.Dot(other.AsSpan(c, length), x);
                    else
                        for (int j = 0; j <= i; j++) sums[i * count + j] += TensorPrimitives.Dot(x, held[j].AsSpan(c, length));
                }
            }
        });
        var result = Enumerable.Range(0, groups.Length).Select(_ => new double[width]).ToArray();
        for (int t = 0; t < tasks.Count; t++)
            for (int k = 0; k < width; k++) result[tasks[t].Group][k] += partial[t][k];
        return result;
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
        for (int p = 0; p < model.Parameters.Count; p++) model.Parameters[p].Grad.CopyTo(flat.AsSpan(offsets[p]));
        return value;
    }
}
