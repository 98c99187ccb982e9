using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Bias of a linear layer. R = rows (B·T), N = output channels.
/// Forward adds bias[N] to every row of out[R,N]; backward sums dOut[R,N] over rows into dBias[N].
/// </summary>
public static class BiasKernel
{
    public static void ForwardReference(ReadOnlySpan<float> bias, int rows, Span<float> output)
    {
        int R = rows, N = bias.Length;
        for (int r = 0; r < R; r++)
            for (int j = 0; j < N; j++)
                output[r * N + j] += bias[j];
    }

    /// <summary>Parallel over chunks of rows.</summary>
    public static void Forward(ReadOnlySpan<float> bias, int rows, Span<float> output)
    {
        int N = bias.Length;
        if (output.Length != (long)rows * N) throw new ArgumentException($"Bias: output has {output.Length} values, {rows} rows of {N} need {(long)rows * N}.");
        if (rows == 0 || N == 0) return;
        unsafe
        {
            fixed (float* pb = bias, po = output)
            {
                var body = new AddRows { Bias = pb, Output = po, Rows = rows, Columns = N, RowsPerChunk = Chunking.RowsPerChunk(N) };
                WorkerPool.Shared.For(Chunking.ChunkCount(rows, body.RowsPerChunk), ref body);
            }
        }
    }

    unsafe struct AddRows : IParallelBody
    {
        public float* Bias, Output;
        public int Rows, Columns, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk), N = Columns;
            for (int r = r0; r < r1; r++)
            {
                float* row = Output + (long)r * N;
                int j = 0;
                for (; j <= N - 16; j += 16) (Vector512.Load(row + j) + Vector512.Load(Bias + j)).Store(row + j);
                for (; j < N; j++) row[j] += Bias[j];
            }
        }
    }

    public static void BackwardReference(ReadOnlySpan<float> dOut, int rows, Span<float> dBias)
    {
        int R = rows, N = dBias.Length;
        for (int j = 0; j < N; j++)
        {
            float sum = 0f;
            for (int r = 0; r < R; r++) sum += dOut[r * N + j];
            dBias[j] += sum;
        }
    }

    /// <summary>Floats of scratch <see cref="Backward"/> needs: one partial sum per chunk of rows.</summary>
    public static int BackwardScratchLength(int rows, int columns)
        => Chunking.ChunkCount(rows, Chunking.RowsPerChunk(columns)) * columns;

    /// <summary>
    /// Column sums: each chunk of rows sums its rows in order into its own partial row, then the partials
    /// are added to dBias in chunk order. The chunks depend only on the shape, so the bits do not depend on
    /// the thread count.
    /// </summary>
    /// <param name="scratch">at least <see cref="BackwardScratchLength"/> floats, any content</param>
    public static void Backward(ReadOnlySpan<float> dOut, int rows, Span<float> scratch, Span<float> dBias)
    {
        int N = dBias.Length;
        if (dOut.Length != (long)rows * N) throw new ArgumentException($"Bias: gradient has {dOut.Length} values, {rows} rows of {N} need {(long)rows * N}.");
        if (rows == 0 || N == 0) return;
        var (rowsPerChunk, chunks) = ChunksOf(rows, N, scratch.Length, "Bias backward");
        unsafe
        {
            fixed (float* pd = dOut, ps = scratch)
            {
                var body = new ColumnSum { DOut = pd, Partials = ps, Rows = rows, Columns = N, RowsPerChunk = rowsPerChunk };
                WorkerPool.Shared.For(chunks, ref body);
            }
        }
        AddPartials(scratch, chunks, dBias);
    }

    /// <summary>The chunks of rows the column sums use (they fix the bits), checking the scratch holds one partial row per chunk.</summary>
    internal static (int RowsPerChunk, int Chunks) ChunksOf(int rows, int columns, int scratchLength, string what)
    {
        int rowsPerChunk = Chunking.RowsPerChunk(columns), chunks = Chunking.ChunkCount(rows, rowsPerChunk);
        if (scratchLength < chunks * columns)
            throw new ArgumentException($"{what} needs {chunks * columns} floats of scratch, got {scratchLength}.");
        return (rowsPerChunk, chunks);
    }

    /// <summary>dBias += the chunks' partial rows, in chunk order.</summary>
    internal static void AddPartials(ReadOnlySpan<float> scratch, int chunks, Span<float> dBias)
    {
        int N = dBias.Length;
        for (int c = 0; c < chunks; c++) TensorPrimitives.Add(dBias, scratch.Slice(c * N, N), dBias);
    }

    unsafe struct ColumnSum : IParallelBody
    {
        public float* DOut, Partials;
        public int Rows, Columns, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk), N = Columns;
            float* acc = Partials + (long)index * N;
            new Span<float>(acc, N).Clear();
            for (int r = r0; r < r1; r++)
            {
                float* row = DOut + (long)r * N;
                int j = 0;
                for (; j <= N - 16; j += 16) (Vector512.Load(acc + j) + Vector512.Load(row + j)).Store(acc + j);
                for (; j < N; j++) acc[j] += row[j];
            }
        }
    }
}
