using ModeHop.Tensors;

namespace ModeHop.Training.Optim;

/// <summary>
/// A parameter list cut into fixed chunks of at most <see cref="ChunkFloats"/> values: the unit of parallel
/// work of the optimiser and the gradient norm. The cuts depend only on the shapes, so results do not
/// depend on the thread count.
/// </summary>
public sealed class ParameterChunks
{
    /// <summary>Floats per chunk: 128 KB per array, large enough to amortise scheduling, small enough to balance.</summary>
    public const int ChunkFloats = 1 << 15;

    readonly (int Param, int Start, int Length)[] chunks;

    public ParameterChunks(IReadOnlyList<Tensor> parameters)
    {
        Parameters = parameters;
        var list = new List<(int, int, int)>();
        for (int i = 0; i < parameters.Count; i++)
            for (int s = 0; s < parameters[i].Size; s += ChunkFloats)
                list.Add((i, s, Math.Min(ChunkFloats, parameters[i].Size - s)));
        chunks = list.ToArray();
        Partials = new double[chunks.Length];
    }

    public IReadOnlyList<Tensor> Parameters { get; }

    public int Count => chunks.Length;

    /// <summary>Chunk <paramref name="index"/>: which parameter, and which of its values.</summary>
    public (int Param, int Start, int Length) this[int index] => chunks[index];

    /// <summary>One double per chunk, for per-chunk partial sums.</summary>
    internal double[] Partials { get; }

    /// <summary>
    /// Settles every gradient before a parallel pass reads them: creates missing ones and performs the clears
    /// that <see cref="Tensor.ZeroGrad"/> deferred, so no two threads race to do it.
    /// </summary>
    public void SettleGradients()
    {
        foreach (var p in Parameters) _ = p.Grad;
    }
}
