using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Rotary position embedding on the fused qkv tensor [B, T, (H + 2·KVH)·D] (see <see cref="QkvLayout"/>),
/// HF rotate-half convention: on the first R dims of every Q and K head, with h = R/2, p = positionOffset + t,
/// <c>y[i] = x[i]·cos − x[i+h]·sin</c> and <c>y[i+h] = x[i+h]·cos + x[i]·sin</c> for i &lt; h, angle
/// <c>p / θ^(2i/R)</c> (that is <c>x·cos + rotate_half(x)·sin</c>, <c>rotate_half(x) = cat(−x2, x1)</c>).
/// Dims R..D−1 of Q and K, and all of V, pass through. GPT-NeoX rotates R = rotary_pct·D dims, Llama R = D.
/// Backward is the transposed rotation (angle −θ) on Q and K and the identity on V.
/// Inference passes rows that continue cached tokens at different offsets: the overloads taking
/// <c>positions</c> [B·T] rotate token (b, t) by its own position <c>p = positions[b·T + t]</c>.
/// </summary>
public static class RotaryKernel
{
    /// <summary>Plain loops, angles computed on the spot: the oracle.</summary>
    public static void ForwardReference(ReadOnlySpan<float> input, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, int positionOffset, Span<float> output) // [B, T, (H+2KVH)·D] each
    {
        Check(input.Length, output.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset);
        ReferenceCore(input, default, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset, transpose: false, output);
    }

    /// <summary>Plain loops at per-token positions [B·T]: the oracle of the inference overload.</summary>
    public static void ForwardReference(ReadOnlySpan<float> input, ReadOnlySpan<int> positions, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, Span<float> output) // [B, T, (H+2KVH)·D] each
    {
        CheckPositions(positions, batchSize, seqLen);
        Check(input.Length, output.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, 0);
        ReferenceCore(input, positions, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, 0, transpose: false, output);
    }

    /// <summary>dInput += Rᵀ·dOut on Q and K, dInput += dOut on V; plain loops.</summary>
    public static void BackwardReference(ReadOnlySpan<float> dOut, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, int positionOffset, Span<float> dInput) // [B, T, (H+2KVH)·D] each
    {
        Check(dOut.Length, dInput.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset);
        ReferenceCore(dOut, default, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset, transpose: true, dInput);
    }

    // Forward writes y = R(p)·x; transpose accumulates y += R(−p)·x. p = positions[b·T + t], or positionOffset + t when empty.
    static void ReferenceCore(ReadOnlySpan<float> x, ReadOnlySpan<int> positions, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, int positionOffset, bool transpose, Span<float> y)
    {
        int B = batchSize, T = seqLen, H = headCount, KVH = kvHeadCount, D = headDim, R = rotaryDims;
        int C = QkvLayout.Channels(H, KVH, D), half = R / 2;
        for (int b = 0; b < B; b++)
        {
            for (int t = 0; t < T; t++)
            {
                int row = (b * T + t) * C;
                for (int c = 0; c < C; c++)
                {
                    int head = c / D, i = c % D;
                    float value = x[row + c];
                    if (head < H + KVH && i < R)
                    {
                        int j = i < half ? i : i - half;
                        int p = positions.IsEmpty ? positionOffset + t : positions[b * T + t];
                        double angle = (double)p * RotaryTable.InverseFrequency(j, R, theta);
                        float cos = (float)Math.Cos(angle), sin = (float)Math.Sin(angle);
                        if (transpose) sin = -sin;
                        float x1 = x[row + head * D + j], x2 = x[row + head * D + j + half];
                        value = i < half ? x1 * cos - x2 * sin : x2 * cos + x1 * sin;
                    }
                    y[row + c] = transpose ? y[row + c] + value : value;
                }
            }
        }
    }

    /// <summary>The fast forward: cached cos/sin table, vectorized, parallel over token rows.</summary>
    public static void Forward(ReadOnlySpan<float> input, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, int positionOffset, Span<float> output) // [B, T, (H+2KVH)·D] each
    {
        Check(input.Length, output.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset);
        Run(input, default, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset, positionOffset + seqLen, transpose: false, output);
    }

    /// <summary>The fast forward at per-token positions [B·T] (each at least 0).</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<int> positions, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, Span<float> output) // [B, T, (H+2KVH)·D] each
    {
        int last = CheckPositions(positions, batchSize, seqLen);
        Check(input.Length, output.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, 0);
        Run(input, positions, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, 0, last + 1, transpose: false, output);
    }

    /// <summary>The fast backward: dInput += Rᵀ·dOut on Q and K, dInput += dOut on V.</summary>
    public static void Backward(ReadOnlySpan<float> dOut, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, int positionOffset, Span<float> dInput) // [B, T, (H+2KVH)·D] each
    {
        Check(dOut.Length, dInput.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset);
        Run(dOut, default, batchSize, seqLen, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset, positionOffset + seqLen, transpose: true, dInput);
    }

    /// <summary>Throws unless there is one non-negative position per token; returns the largest.</summary>
    static int CheckPositions(ReadOnlySpan<int> positions, int batchSize, int seqLen)
    {
        if (positions.Length != (long)batchSize * seqLen)
            throw new ArgumentException($"Rotary: {positions.Length} positions for {batchSize}×{seqLen} tokens; pass one position per token.");
        int last = 0;
        foreach (int p in positions)
        {
            if (p < 0) throw new ArgumentException($"Rotary: position {p} is negative.");
            last = Math.Max(last, p);
        }
        return last;
    }

    // Token (b, t) sits at positions[b·T + t], or positionOffset + t when positions is empty; the table covers [0, tableLength).
    static unsafe void Run(ReadOnlySpan<float> x, ReadOnlySpan<int> positions, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, int positionOffset, int tableLength, bool transpose, Span<float> y)
    {
        int B = batchSize, T = seqLen, C = QkvLayout.Channels(headCount, kvHeadCount, headDim);
        if (B * T == 0) return;
        var table = rotaryDims > 0 ? RotaryTable.Get(rotaryDims, theta, tableLength) : null;
        // About 16K floats per task: enough work to hide the hand-out cost, small enough to balance.
        int rowsPerTask = Math.Max(1, 16384 / C);
        fixed (float* px = x, py = y, pc = table is null ? default : table.AllCos, ps = table is null ? default : table.AllSin)
        fixed (int* pp = positions)
        {
            var body = new RotateRows
            {
                X = px, Y = py, Cos = pc, Sin = ps, Positions = pp,
                Rows = B * T, RowsPerTask = rowsPerTask, SeqLen = T, Channels = C,
                RotatedHeads = headCount + kvHeadCount, HeadDim = headDim, RotaryDims = rotaryDims,
                PositionOffset = positionOffset, Transpose = transpose,
            };
            WorkerPool.Shared.For((B * T + rowsPerTask - 1) / rowsPerTask, ref body);
        }
    }

    unsafe struct RotateRows : IParallelBody
    {
        public float* X, Y, Cos, Sin;
        public int* Positions; // [B·T], or null for PositionOffset + t
        public int Rows, RowsPerTask, SeqLen, Channels, RotatedHeads, HeadDim, RotaryDims, PositionOffset;
        public bool Transpose;

        public void Run(int index)
        {
            int C = Channels, D = HeadDim, R = RotaryDims, half = R / 2;
            int end = Math.Min(Rows, (index + 1) * RowsPerTask);
            for (int r = index * RowsPerTask; r < end; r++)
            {
                float* x = X + (long)r * C, y = Y + (long)r * C;
                if (R == 0)
                {
                    PassThrough(x, y, C);
                    continue;
                }
                long position = Positions != null ? Positions[r] : PositionOffset + r % SeqLen;
                float* cos = Cos + position * half, sin = Sin + position * half;
                for (int head = 0; head < RotatedHeads; head++)
                {
                    RotateHead(x + head * D, y + head * D, cos, sin, half);
                    if (R < D) PassThrough(x + head * D + R, y + head * D + R, D - R);
                }
                // The V heads.
                PassThrough(x + RotatedHeads * D, y + RotatedHeads * D, C - RotatedHeads * D);
            }
        }

        readonly void PassThrough(float* x, float* y, int length)
        {
            var source = new ReadOnlySpan<float>(x, length);
            var target = new Span<float>(y, length);
            if (Transpose) TensorPrimitives.Add(target, source, target);
            else source.CopyTo(target);
        }

        // y1 = x1·cos − x2·sin, y2 = x2·cos + x1·sin (sin negated for the transpose), written or added.
        // Plain multiplies and adds, no fused multiply-add, so every lane rounds exactly as the reference does.
        readonly void RotateHead(float* x, float* y, float* cos, float* sin, int half)
        {
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j + Vector512<float>.Count <= half; j += Vector512<float>.Count)
                {
                    var x1 = Vector512.Load(x + j);
                    var x2 = Vector512.Load(x + half + j);
                    var c = Vector512.Load(cos + j);
                    var s = Vector512.Load(sin + j);
                    if (Transpose) s = -s;
                    var y1 = x1 * c - x2 * s;
                    var y2 = x2 * c + x1 * s;
                    if (Transpose)
                    {
                        y1 += Vector512.Load(y + j);
                        y2 += Vector512.Load(y + half + j);
                    }
                    y1.Store(y + j);
                    y2.Store(y + half + j);
                }
            }
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + Vector256<float>.Count <= half; j += Vector256<float>.Count)
                {
                    var x1 = Vector256.Load(x + j);
                    var x2 = Vector256.Load(x + half + j);
                    var c = Vector256.Load(cos + j);
                    var s = Vector256.Load(sin + j);
                    if (Transpose) s = -s;
                    var y1 = x1 * c - x2 * s;
                    var y2 = x2 * c + x1 * s;
                    if (Transpose)
                    {
                        y1 += Vector256.Load(y + j);
                        y2 += Vector256.Load(y + half + j);
                    }
                    y1.Store(y + j);
                    y2.Store(y + half + j);
                }
            }
            for (; j < half; j++)
            {
                float x1 = x[j], x2 = x[half + j], c = cos[j], s = Transpose ? -sin[j] : sin[j];
                float y1 = x1 * c - x2 * s, y2 = x2 * c + x1 * s;
                if (Transpose)
                {
                    y[j] += y1;
                    y[half + j] += y2;
                }
                else
                {
                    y[j] = y1;
                    y[half + j] = y2;
                }
            }
        }
    }

    static void Check(int inputLength, int outputLength, int batchSize, int seqLen, int headCount, int kvHeadCount,
        int headDim, int rotaryDims, float theta, int positionOffset)
    {
        const string what = "Rotary";
        QkvLayout.CheckHeads(headCount, kvHeadCount, headDim, what);
        if (batchSize < 0 || seqLen < 0) throw new ArgumentException($"{what}: batch size {batchSize} and sequence length {seqLen} must not be negative.");
        if (rotaryDims < 0 || rotaryDims > headDim || rotaryDims % 2 != 0)
            throw new ArgumentException($"{what}: rotary dims must be even and between 0 and the head dim {headDim}, got {rotaryDims}.");
        if (rotaryDims > 0 && (!(theta > 0f) || float.IsInfinity(theta)))
            throw new ArgumentException($"{what}: the base θ must be finite and positive, got {theta}.");
        if (positionOffset < 0 || positionOffset > int.MaxValue - seqLen)
            throw new ArgumentException($"{what}: position offset {positionOffset} is out of range for {seqLen} positions.");
        long size = (long)batchSize * seqLen * QkvLayout.Channels(headCount, kvHeadCount, headDim);
        QkvLayout.CheckLength(inputLength, size, what, "input");
        QkvLayout.CheckLength(outputLength, size, what, "output");
    }
}
