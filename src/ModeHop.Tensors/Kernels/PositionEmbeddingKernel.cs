using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Learned absolute positions (GPT-2 <c>wpe</c>). B = batch, T = sequence length, C = channels.
/// Forward: out[b, t, :] = x[b, t, :] + positions[t, :].
/// Backward for the table: dPositions[t, :] += Σ_b dOut[b, t, :], summed over b in order.
/// (dX += dOut is a plain add, left to the op.)
/// Inference rows continue cached tokens at different offsets: the overloads taking <c>tokenPositions</c> [N]
/// add positions[tokenPositions[i], :] to token row i instead.
/// </summary>
public static unsafe class PositionEmbeddingKernel
{
    /// <param name="x">[B, T, C]</param>
    /// <param name="positions">[maxT, C], maxT ≥ T</param>
    /// <param name="output">[B, T, C]</param>
    public static void ForwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> positions, int batchSize, int seqLen, int channels, Span<float> output)
    {
        int B = batchSize, T = seqLen, C = channels;
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
                for (int c = 0; c < C; c++)
                    output[(b * T + t) * C + c] = x[(b * T + t) * C + c] + positions[t * C + c];
    }

    /// <param name="x">[N, C]</param>
    /// <param name="positions">[maxT, C]</param>
    /// <param name="tokenPositions">[N], each in [0, maxT)</param>
    /// <param name="output">[N, C]</param>
    public static void ForwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> positions, ReadOnlySpan<int> tokenPositions, int channels, Span<float> output)
    {
        CheckAt(x.Length, output.Length, positions.Length, tokenPositions, channels);
        int N = tokenPositions.Length, C = channels;
        for (int i = 0; i < N; i++)
            for (int c = 0; c < C; c++)
                output[i * C + c] = x[i * C + c] + positions[tokenPositions[i] * C + c];
    }

    /// <param name="dOut">[B, T, C]</param>
    /// <param name="dPositions">[maxT, C], rows 0..T−1 accumulated</param>
    public static void BackwardReference(ReadOnlySpan<float> dOut, int batchSize, int seqLen, int channels, Span<float> dPositions)
    {
        int B = batchSize, T = seqLen, C = channels;
        for (int t = 0; t < T; t++)
            for (int c = 0; c < C; c++)
                for (int b = 0; b < B; b++)
                    dPositions[t * C + c] += dOut[(b * T + t) * C + c];
    }

    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> positions, int batchSize, int seqLen, int channels, Span<float> output)
    {
        Check(x.Length, output.Length, positions.Length, batchSize, seqLen, channels);
        fixed (float* px = x, pp = positions, py = output)
        {
            var body = new AddRows { X = px, Positions = pp, Out = py, Rows = batchSize * seqLen, SeqLen = seqLen, Channels = channels, RowsPerChunk = Chunking.RowsPerChunk(channels) };
            WorkerPool.Shared.For(Chunking.ChunkCount(body.Rows, body.RowsPerChunk), ref body);
        }
    }

    /// <summary>The fast forward at per-token positions: output[i, :] = x[i, :] + positions[tokenPositions[i], :].</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> positions, ReadOnlySpan<int> tokenPositions, int channels, Span<float> output)
    {
        CheckAt(x.Length, output.Length, positions.Length, tokenPositions, channels);
        fixed (float* px = x, pp = positions, py = output)
        fixed (int* pt = tokenPositions)
        {
            var body = new AddRows { X = px, Positions = pp, Out = py, TokenPositions = pt, Rows = tokenPositions.Length, Channels = channels, RowsPerChunk = Chunking.RowsPerChunk(channels) };
            WorkerPool.Shared.For(Chunking.ChunkCount(body.Rows, body.RowsPerChunk), ref body);
        }
    }

    public static void Backward(ReadOnlySpan<float> dOut, int batchSize, int seqLen, int channels, Span<float> dPositions)
    {
        Check(dOut.Length, dOut.Length, dPositions.Length, batchSize, seqLen, channels);
        fixed (float* pd = dOut, pp = dPositions)
        {
            var body = new SumOverBatch
            {
                DOut = pd, DPositions = pp, BatchSize = batchSize, SeqLen = seqLen, Channels = channels,
                PositionsPerChunk = Chunking.RowsPerChunk(batchSize * channels),
            };
            WorkerPool.Shared.For(Chunking.ChunkCount(seqLen, body.PositionsPerChunk), ref body);
        }
    }

    static void Check(int xLength, int outLength, int positionsLength, int batchSize, int seqLen, int channels)
    {
        long size = (long)batchSize * seqLen * channels;
        if (channels <= 0 || xLength != size || outLength != size || positionsLength < (long)seqLen * channels || positionsLength % channels != 0)
            throw new ArgumentException($"Position embedding: x has {xLength} values, output {outLength}, positions {positionsLength}; expected [{batchSize}, {seqLen}, {channels}] and [maxT ≥ {seqLen}, {channels}].");
    }

    static void CheckAt(int xLength, int outLength, int positionsLength, ReadOnlySpan<int> tokenPositions, int channels)
    {
        long size = (long)tokenPositions.Length * channels;
        if (channels <= 0 || xLength != size || outLength != size || positionsLength % channels != 0)
            throw new ArgumentException($"Position embedding: x has {xLength} values, output {outLength}, positions {positionsLength}; expected [{tokenPositions.Length}, {channels}] for {tokenPositions.Length} token positions and [maxT, {channels}].");
        int maxT = positionsLength / channels;
        foreach (int p in tokenPositions)
            if ((uint)p >= (uint)maxT)
                throw new ArgumentException($"Position embedding: token position {p} is outside the {maxT} learned positions; sequences must stay shorter than {maxT} tokens.");
    }

    struct AddRows : IParallelBody
    {
        public float* X, Positions, Out;
        public int* TokenPositions; // [N], or null for t = r mod T
        public int Rows, SeqLen, Channels, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int C = Channels, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            for (int r = r0; r < r1; r++)
                TensorPrimitives.Add(new ReadOnlySpan<float>(X + (long)r * C, C), new ReadOnlySpan<float>(Positions + (long)(TokenPositions != null ? TokenPositions[r] : r % SeqLen) * C, C), new Span<float>(Out + (long)r * C, C));
        }
    }

    struct SumOverBatch : IParallelBody
    {
        public float* DOut, DPositions;
        public int BatchSize, SeqLen, Channels, PositionsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int B = BatchSize, T = SeqLen, C = Channels, t0 = index * PositionsPerChunk, t1 = Math.Min(T, t0 + PositionsPerChunk);
            for (int t = t0; t < t1; t++)
            {
                var acc = new Span<float>(DPositions + (long)t * C, C);
                for (int b = 0; b < B; b++)
                    TensorPrimitives.Add(acc, new ReadOnlySpan<float>(DOut + ((long)b * T + t) * C, C), acc);
            }
        }
    }
}
