using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Token embedding lookup. N = tokens (B·T), V = table rows, C = channels.
/// Forward: out[i, :] = table[ids[i], :]. Backward: dTable[ids[i], :] += dOut[i, :].
/// The fast backward runs in parallel over blocks of channels, each adding the tokens in order, so a
/// table row hit by several tokens is never raced on and the sum order is fixed.
/// </summary>
public static unsafe class EmbeddingKernel
{
    /// <summary>Channels per backward work item: four cache lines of a table row.</summary>
    const int ChannelBlock = 64;

    /// <summary>Throws when an id lies outside [0, <paramref name="vocab"/>), naming the id and its position.</summary>
    public static void CheckIds(ReadOnlySpan<int> ids, int vocab)
    {
        for (int i = 0; i < ids.Length; i++)
            if ((uint)ids[i] >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(ids), ids[i],
                    $"Token id {ids[i]} at position {i} is outside the embedding table of {vocab} rows (valid ids are 0 to {vocab - 1}); check the tokenizer matches the model.");
    }

    /// <param name="table">[V, C]</param>
    /// <param name="ids">[N]</param>
    /// <param name="output">[N, C]</param>
    public static void ForwardReference(ReadOnlySpan<float> table, ReadOnlySpan<int> ids, int channels, Span<float> output)
    {
        int N = ids.Length, C = channels;
        CheckIds(ids, table.Length / Math.Max(1, C));
        for (int i = 0; i < N; i++)
            for (int c = 0; c < C; c++)
                output[i * C + c] = table[ids[i] * C + c];
    }

    /// <param name="dOut">[N, C]</param>
    /// <param name="ids">[N]</param>
    /// <param name="dTable">[V, C], accumulated</param>
    public static void BackwardReference(ReadOnlySpan<float> dOut, ReadOnlySpan<int> ids, int channels, Span<float> dTable)
    {
        int N = ids.Length, C = channels;
        CheckIds(ids, dTable.Length / Math.Max(1, C));
        for (int i = 0; i < N; i++)
            for (int c = 0; c < C; c++)
                dTable[ids[i] * C + c] += dOut[i * C + c];
    }

    public static void Forward(ReadOnlySpan<float> table, ReadOnlySpan<int> ids, int channels, Span<float> output)
    {
        int C = Check(table.Length, ids.Length, channels, output.Length);
        CheckIds(ids, table.Length / C);
        fixed (float* pt = table, py = output)
        fixed (int* pi = ids)
        {
            var body = new Gather { Table = pt, Ids = pi, Out = py, Tokens = ids.Length, Channels = C, RowsPerChunk = Chunking.RowsPerChunk(C) };
            WorkerPool.Shared.For(Chunking.ChunkCount(ids.Length, body.RowsPerChunk), ref body);
        }
    }

    public static void Backward(ReadOnlySpan<float> dOut, ReadOnlySpan<int> ids, int channels, Span<float> dTable)
    {
        int C = Check(dTable.Length, ids.Length, channels, dOut.Length);
        CheckIds(ids, dTable.Length / C);
        fixed (float* pd = dOut, pt = dTable)
        fixed (int* pi = ids)
        {
            var body = new ScatterAdd { DOut = pd, Ids = pi, DTable = pt, Tokens = ids.Length, Channels = C };
            int blocks = (C + ChannelBlock - 1) / ChannelBlock;
            // Below one chunk of work the pool's dispatch costs more than it saves.
            if ((long)ids.Length * C < Chunking.TargetFloats)
                for (int k = 0; k < blocks; k++) body.Run(k);
            else
                WorkerPool.Shared.For(blocks, ref body);
        }
    }

    static int Check(int tableLength, int tokens, int channels, int outLength)
    {
        if (channels <= 0 || tableLength % channels != 0 || outLength != (long)tokens * channels)
            throw new ArgumentException($"Embedding: table has {tableLength} values and the output {outLength} for {tokens} tokens of {channels} channels; expected [V, C] and [N, C].");
        return channels;
    }

    struct Gather : IParallelBody
    {
        public float* Table, Out;
        public int* Ids;
        public int Tokens, Channels, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int C = Channels, i0 = index * RowsPerChunk, i1 = Math.Min(Tokens, i0 + RowsPerChunk);
            for (int i = i0; i < i1; i++)
                new ReadOnlySpan<float>(Table + (long)Ids[i] * C, C).CopyTo(new Span<float>(Out + (long)i * C, C));
        }
    }

    struct ScatterAdd : IParallelBody
    {
        public float* DOut, DTable;
        public int* Ids;
        public int Tokens, Channels;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int C = Channels, start = index * ChannelBlock, width = Math.Min(ChannelBlock, C - start);
            for (int i = 0; i < Tokens; i++)
            {
                var row = new Span<float>(DTable + (long)Ids[i] * C + start, width);
                TensorPrimitives.Add(row, new ReadOnlySpan<float>(DOut + (long)i * C + start, width), row);
            }
        }
    }
}
