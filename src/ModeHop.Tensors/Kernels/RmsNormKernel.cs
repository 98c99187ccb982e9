using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// RMSNorm over the last dimension, as Hugging Face Llama computes it in fp32. R = rows, C = channels.
/// Forward: σ⁻¹ = 1/√(mean(x²) + eps), n = x·σ⁻¹, y = w·n.
/// Backward (dn = dY·w): dX += σ⁻¹·(dn − n·mean(dn·n)), dW += Σ_rows dY·n.
/// The fast backward sums dW per chunk of rows, then adds the chunks in order: the result does not
/// depend on the thread count.
/// </summary>
public static unsafe class RmsNormKernel
{
    /// <param name="x">[R, C]</param>
    /// <param name="weight">[C]</param>
    /// <param name="output">[R, C]</param>
    /// <param name="rstd">[R], 1/rms, kept for backward</param>
    public static void ForwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, int rows, float eps, Span<float> output, Span<float> rstd)
    {
        int R = rows, C = weight.Length;
        for (int r = 0; r < R; r++)
        {
            float ms = 0f;
            for (int c = 0; c < C; c++) ms += x[r * C + c] * x[r * C + c];
            float s = 1f / MathF.Sqrt(ms / C + eps);
            for (int c = 0; c < C; c++) output[r * C + c] = weight[c] * (x[r * C + c] * s);
            rstd[r] = s;
        }
    }

    /// <summary>Empty <paramref name="dX"/> or <paramref name="dWeight"/> are skipped.</summary>
    public static void BackwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> rstd, ReadOnlySpan<float> dOut, int rows,
        Span<float> dX, Span<float> dWeight)
    {
        int R = rows, C = weight.Length;
        for (int r = 0; r < R; r++)
        {
            float s = rstd[r], dnNormMean = 0f;
            for (int c = 0; c < C; c++) dnNormMean += dOut[r * C + c] * weight[c] * x[r * C + c] * s;
            dnNormMean /= C;
            for (int c = 0; c < C; c++)
            {
                float n = x[r * C + c] * s, dy = dOut[r * C + c];
                if (!dX.IsEmpty) dX[r * C + c] += (dy * weight[c] - n * dnNormMean) * s;
                if (!dWeight.IsEmpty) dWeight[c] += dy * n;
            }
        }
    }

    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, int rows, float eps, Span<float> output, Span<float> rstd)
    {
        int C = weight.Length;
        Check(x.Length, output.Length, rstd.Length, rows, C);
        fixed (float* px = x, pw = weight, py = output, ps = rstd)
            ForwardRows(px, C, pw, C, rows, eps, py, C, ps);
    }

    /// <summary>
    /// The fast forward over <paramref name="rows"/> rows <paramref name="channels"/> wide that lie <paramref name="xStride"/>
    /// (input) and <paramref name="outStride"/> (output) floats apart: a column slice of a wider matrix, such as the Q
    /// part of a fused qkv row. <see cref="Forward"/> is the dense case. The caller has checked every extent.
    /// </summary>
    internal static void ForwardRows(float* x, int xStride, float* weight, int channels, int rows, float eps, float* output, int outStride, float* rstd)
    {
        var body = new ForwardBody
        {
            X = x, Weight = weight, Out = output, Rstd = rstd, XStride = xStride, OutStride = outStride,
            Rows = rows, Channels = channels, Eps = eps, RowsPerChunk = Chunking.RowsPerChunk(channels),
        };
        WorkerPool.Shared.For(Chunking.ChunkCount(rows, body.RowsPerChunk), ref body);
    }

    /// <summary>Floats of scratch <see cref="Backward"/> needs: one partial dW per chunk of rows.</summary>
    public static int BackwardScratchLength(int rows, int channels)
        => Chunking.ChunkCount(rows, Chunking.RowsPerChunk(channels)) * channels;

    /// <summary>Empty <paramref name="dX"/> or <paramref name="dWeight"/> are skipped.</summary>
    /// <param name="scratch">at least <see cref="BackwardScratchLength"/> floats, any content</param>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> rstd, ReadOnlySpan<float> dOut, int rows,
        Span<float> scratch, Span<float> dX, Span<float> dWeight)
    {
        int C = weight.Length, rowsPerChunk = Chunking.RowsPerChunk(C), chunks = Chunking.ChunkCount(rows, rowsPerChunk);
        Check(x.Length, dOut.Length, rstd.Length, rows, C);
        if ((!dX.IsEmpty && dX.Length != x.Length) || (!dWeight.IsEmpty && dWeight.Length != C))
            throw new ArgumentException($"RMSNorm backward: dX has {dX.Length} values, dWeight {dWeight.Length}; expected {x.Length}, {C} (or empty to skip).");
        bool sums = !dWeight.IsEmpty;
        if (sums && scratch.Length < chunks * C)
            throw new ArgumentException($"RMSNorm backward needs {chunks * C} floats of scratch, got {scratch.Length}.");
        fixed (float* px = x, pw = weight, ps = rstd, pd = dOut, pscr = scratch, pdx = dX)
            BackwardRows(px, C, pw, ps, pd, C, C, rows, sums ? pscr : null, dX.IsEmpty ? null : pdx, C, dWeight);
    }

    /// <summary>
    /// The fast backward over strided rows, as <see cref="ForwardRows"/>: row r of x, dOut and dX starts at
    /// r·<paramref name="xStride"/>, r·<paramref name="dOutStride"/>, r·<paramref name="dXStride"/>. A null
    /// <paramref name="dX"/> skips dX; a null <paramref name="scratch"/> skips dW (then <paramref name="dWeight"/> is
    /// not touched). The caller has checked every extent and the scratch length.
    /// </summary>
    internal static void BackwardRows(float* x, int xStride, float* weight, float* rstd, float* dOut, int dOutStride, int channels, int rows,
        float* scratch, float* dX, int dXStride, Span<float> dWeight)
    {
        int C = channels, rowsPerChunk = Chunking.RowsPerChunk(C), chunks = Chunking.ChunkCount(rows, rowsPerChunk);
        var body = new BackwardBody
        {
            X = x, Weight = weight, Rstd = rstd, DOut = dOut, Scratch = scratch, DX = dX,
            XStride = xStride, DOutStride = dOutStride, DXStride = dXStride, Rows = rows, Channels = C, RowsPerChunk = rowsPerChunk,
        };
        WorkerPool.Shared.For(chunks, ref body);
        for (int k = 0; scratch != null && k < chunks; k++)
            TensorPrimitives.Add(dWeight, new ReadOnlySpan<float>(scratch + (long)k * C, C), dWeight);
    }

    static void Check(int xLength, int outLength, int rstdLength, int rows, int channels)
    {
        if (rows < 0 || xLength != (long)rows * channels || outLength != xLength || rstdLength < rows)
            throw new ArgumentException($"RMSNorm: x has {xLength} values, output/dOut {outLength}, rstd {rstdLength}; expected [{rows}, {channels}] and [{rows}].");
    }

    struct ForwardBody : IParallelBody
    {
        public float* X, Weight, Out, Rstd;
        public int XStride, OutStride, Rows, Channels, RowsPerChunk;
        public float Eps;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int C = Channels, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            var w = new ReadOnlySpan<float>(Weight, C);
            for (int r = r0; r < r1; r++)
            {
                var xr = new ReadOnlySpan<float>(X + (long)r * XStride, C);
                var yr = new Span<float>(Out + (long)r * OutStride, C);
                float s = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares(xr) / C + Eps);
                TensorPrimitives.Multiply(xr, s, yr);
                TensorPrimitives.Multiply(yr, w, yr);
                Rstd[r] = s;
            }
        }
    }

    struct BackwardBody : IParallelBody
    {
        public float* X, Weight, Rstd, DOut, Scratch, DX;
        public int XStride, DOutStride, DXStride, Rows, Channels, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int C = Channels, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            float* dwPart = Scratch == null ? null : Scratch + (long)index * C;
            if (dwPart != null) new Span<float>(dwPart, C).Clear();
            int full = C & ~15, tail = C - full;
            for (int r = r0; r < r1; r++)
            {
                float* x = X + (long)r * XStride, dy = DOut + (long)r * DOutStride;
                var s = Vector512.Create(Rstd[r]);
                var dnNormSum = Vector512<float>.Zero;
                for (int c = 0; c < full; c += 16)
                {
                    var dyv = Vector512.Load(dy + c);
                    var n = Vector512.Load(x + c) * s;
                    dnNormSum = Vector512.FusedMultiplyAdd(dyv * Vector512.Load(Weight + c), n, dnNormSum);
                    if (dwPart != null) Vector512.FusedMultiplyAdd(dyv, n, Vector512.Load(dwPart + c)).Store(dwPart + c);
                }
                if (tail > 0)
                {
                    // Zero padding in dY makes the padded lanes add nothing.
                    var dyv = VectorLoops.LoadTail(dy + full, tail, 0f);
                    var n = VectorLoops.LoadTail(x + full, tail, 0f) * s;
                    dnNormSum = Vector512.FusedMultiplyAdd(dyv * VectorLoops.LoadTail(Weight + full, tail, 0f), n, dnNormSum);
                    if (dwPart != null) VectorLoops.StoreTail(Vector512.FusedMultiplyAdd(dyv, n, VectorLoops.LoadTail(dwPart + full, tail, 0f)), dwPart + full, tail);
                }
                if (DX == null) continue;
                var dnNormMean = Vector512.Create(Vector512.Sum(dnNormSum) / C);
                float* dx = DX + (long)r * DXStride;
                for (int c = 0; c < full; c += 16)
                {
                    var n = Vector512.Load(x + c) * s;
                    var dn = Vector512.Load(dy + c) * Vector512.Load(Weight + c);
                    Vector512.FusedMultiplyAdd(dn - n * dnNormMean, s, Vector512.Load(dx + c)).Store(dx + c);
                }
                if (tail > 0)
                {
                    var n = VectorLoops.LoadTail(x + full, tail, 0f) * s;
                    var dn = VectorLoops.LoadTail(dy + full, tail, 0f) * VectorLoops.LoadTail(Weight + full, tail, 0f);
                    VectorLoops.StoreTail(Vector512.FusedMultiplyAdd(dn - n * dnNormMean, s, VectorLoops.LoadTail(dx + full, tail, 0f)), dx + full, tail);
                }
            }
        }
    }
}
