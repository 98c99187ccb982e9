using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// LayerNorm over the last dimension. R = rows, C = channels.
/// Forward: μ = mean(x), σ⁻¹ = 1/√(mean((x − μ)²) + eps), n = (x − μ)·σ⁻¹, y = n·w + b (biased variance, as torch).
/// Backward (dn = dY·w): dX += σ⁻¹·(dn − mean(dn) − n·mean(dn·n)), dW += Σ_rows dY·n, dB += Σ_rows dY.
/// The fast backward sums dW and dB per chunk of rows, then adds the chunks in order: the result
/// does not depend on the thread count.
/// </summary>
public static unsafe class LayerNormKernel
{
    /// <param name="x">[R, C]</param>
    /// <param name="weight">[C]</param>
    /// <param name="bias">[C], or empty for none</param>
    /// <param name="output">[R, C]</param>
    /// <param name="mean">[R], kept for backward</param>
    /// <param name="rstd">[R], 1/σ, kept for backward</param>
    public static void ForwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int rows, float eps,
        Span<float> output, Span<float> mean, Span<float> rstd)
    {
        int R = rows, C = weight.Length;
        for (int r = 0; r < R; r++)
        {
            var xr = x.Slice(r * C, C);
            float m = 0f;
            for (int c = 0; c < C; c++) m += xr[c];
            m /= C;
            float v = 0f;
            for (int c = 0; c < C; c++) v += (xr[c] - m) * (xr[c] - m);
            v /= C;
            float s = 1f / MathF.Sqrt(v + eps);
            for (int c = 0; c < C; c++)
                output[r * C + c] = (xr[c] - m) * s * weight[c] + (bias.IsEmpty ? 0f : bias[c]);
            mean[r] = m;
            rstd[r] = s;
        }
    }

    /// <summary>Empty <paramref name="dX"/>, <paramref name="dWeight"/> or <paramref name="dBias"/> are skipped.</summary>
    public static void BackwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd,
        ReadOnlySpan<float> dOut, int rows, Span<float> dX, Span<float> dWeight, Span<float> dBias)
    {
        int R = rows, C = weight.Length;
        for (int r = 0; r < R; r++)
        {
            float m = mean[r], s = rstd[r];
            float dnMean = 0f, dnNormMean = 0f;
            for (int c = 0; c < C; c++)
            {
                float n = (x[r * C + c] - m) * s, dn = dOut[r * C + c] * weight[c];
                dnMean += dn;
                dnNormMean += dn * n;
            }
            dnMean /= C;
            dnNormMean /= C;
            for (int c = 0; c < C; c++)
            {
                float n = (x[r * C + c] - m) * s, dy = dOut[r * C + c], dn = dy * weight[c];
                if (!dX.IsEmpty) dX[r * C + c] += (dn - dnMean - n * dnNormMean) * s;
                if (!dWeight.IsEmpty) dWeight[c] += dy * n;
                if (!dBias.IsEmpty) dBias[c] += dy;
            }
        }
    }

    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int rows, float eps,
        Span<float> output, Span<float> mean, Span<float> rstd)
    {
        int C = weight.Length;
        Check(x.Length, output.Length, mean.Length, rstd.Length, rows, C, bias.Length);
        fixed (float* px = x, pw = weight, pb = bias, py = output, pm = mean, ps = rstd)
        {
            var body = new ForwardBody
            {
                X = px, Weight = pw, Bias = bias.IsEmpty ? null : pb, Out = py, Mean = pm, Rstd = ps,
                Rows = rows, Channels = C, Eps = eps, RowsPerChunk = Chunking.RowsPerChunk(C),
            };
            WorkerPool.Shared.For(Chunking.ChunkCount(rows, body.RowsPerChunk), ref body);
        }
    }

    /// <summary>Floats of scratch <see cref="Backward"/> needs: one partial dW and dB per chunk of rows.</summary>
    public static int BackwardScratchLength(int rows, int channels)
        => Chunking.ChunkCount(rows, Chunking.RowsPerChunk(channels)) * 2 * channels;

    /// <summary>Empty <paramref name="dX"/>, <paramref name="dWeight"/> or <paramref name="dBias"/> are skipped.</summary>
    /// <param name="scratch">at least <see cref="BackwardScratchLength"/> floats, any content</param>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd,
        ReadOnlySpan<float> dOut, int rows, Span<float> scratch, Span<float> dX, Span<float> dWeight, Span<float> dBias)
    {
        int C = weight.Length, rowsPerChunk = Chunking.RowsPerChunk(C), chunks = Chunking.ChunkCount(rows, rowsPerChunk);
        Check(x.Length, dOut.Length, mean.Length, rstd.Length, rows, C, 0);
        if ((!dX.IsEmpty && dX.Length != x.Length) || (!dWeight.IsEmpty && dWeight.Length != C) || (!dBias.IsEmpty && dBias.Length != C))
            throw new ArgumentException($"LayerNorm backward: dX has {dX.Length} values, dWeight {dWeight.Length}, dBias {dBias.Length}; expected {x.Length}, {C}, {C} (or empty to skip).");
        bool sums = !dWeight.IsEmpty || !dBias.IsEmpty;
        if (sums && scratch.Length < chunks * 2 * C)
            throw new ArgumentException($"LayerNorm backward needs {chunks * 2 * C} floats of scratch, got {scratch.Length}.");
        fixed (float* px = x, pw = weight, pm = mean, ps = rstd, pd = dOut, pscr = scratch, pdx = dX)
        {
            var body = new BackwardBody
            {
                X = px, Weight = pw, Mean = pm, Rstd = ps, DOut = pd, Scratch = sums ? pscr : null, DX = dX.IsEmpty ? null : pdx,
                Rows = rows, Channels = C, RowsPerChunk = rowsPerChunk,
            };
            WorkerPool.Shared.For(chunks, ref body);
        }
        for (int k = 0; sums && k < chunks; k++)
        {
            if (!dWeight.IsEmpty) TensorPrimitives.Add(dWeight, scratch.Slice(k * 2 * C, C), dWeight);
            if (!dBias.IsEmpty) TensorPrimitives.Add(dBias, scratch.Slice(k * 2 * C + C, C), dBias);
        }
    }

    static void Check(int xLength, int outLength, int meanLength, int rstdLength, int rows, int channels, int biasLength)
    {
        if (rows < 0 || xLength != (long)rows * channels || outLength != xLength || meanLength < rows || rstdLength < rows)
            throw new ArgumentException($"LayerNorm: x has {xLength} values, output/dOut {outLength}, mean {meanLength}, rstd {rstdLength}; expected [{rows}, {channels}] and [{rows}].");
        if (biasLength != 0 && biasLength != channels)
            throw new ArgumentException($"LayerNorm: bias has {biasLength} values, expected {channels}.");
    }

    struct ForwardBody : IParallelBody
    {
        public float* X, Weight, Bias, Out, Mean, Rstd;
        public int Rows, Channels, RowsPerChunk;
        public float Eps;

        // One row at a time, three passes over it in L1 without a call per pass (rows are often 128–768 floats, where
        // five TensorPrimitives calls per row cost more than their arithmetic): the mean, the variance about it, then
        // y = ((x − mean)·rstd)·w + b with the rounding of the separate passes.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int C = Channels, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            int full = C & ~15, tail = C - full;
            for (int r = r0; r < r1; r++)
            {
                float* x = X + (long)r * C, y = Out + (long)r * C;
                var sum = Vector512<float>.Zero;
                for (int c = 0; c < full; c += 16) sum += Vector512.Load(x + c);
                if (tail > 0) sum += VectorLoops.LoadTail(x + full, tail, 0f);
                float m = Vector512.Sum(sum) / C;
                var mv = Vector512.Create(m);
                var squares = Vector512<float>.Zero;
                for (int c = 0; c < full; c += 16)
                {
                    var d = Vector512.Load(x + c) - mv;
                    squares = Vector512.FusedMultiplyAdd(d, d, squares);
                }
                if (tail > 0)
                {
                    // Padded lanes are m − m = 0.
                    var d = VectorLoops.LoadTail(x + full, tail, m) - mv;
                    squares = Vector512.FusedMultiplyAdd(d, d, squares);
                }
                float s = 1f / MathF.Sqrt(Vector512.Sum(squares) / C + Eps);
                var sv = Vector512.Create(s);
                for (int c = 0; c < full; c += 16)
                {
                    var n = (Vector512.Load(x + c) - mv) * sv;
                    var w = Vector512.Load(Weight + c);
                    (Bias == null ? n * w : Vector512.FusedMultiplyAdd(n, w, Vector512.Load(Bias + c))).Store(y + c);
                }
                if (tail > 0)
                {
                    var n = (VectorLoops.LoadTail(x + full, tail, 0f) - mv) * sv;
                    var w = VectorLoops.LoadTail(Weight + full, tail, 0f);
                    VectorLoops.StoreTail(Bias == null ? n * w : Vector512.FusedMultiplyAdd(n, w, VectorLoops.LoadTail(Bias + full, tail, 0f)), y + full, tail);
                }
                Mean[r] = m;
                Rstd[r] = s;
            }
        }
    }

    struct BackwardBody : IParallelBody
    {
        public float* X, Weight, Mean, Rstd, DOut, Scratch, DX;
        public int Rows, Channels, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int C = Channels, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            float* dwPart = Scratch == null ? null : Scratch + (long)index * 2 * C, dbPart = dwPart + C;
            if (dwPart != null) new Span<float>(dwPart, 2 * C).Clear();
            int full = C & ~15, tail = C - full;
            for (int r = r0; r < r1; r++)
            {
                float* x = X + (long)r * C, dy = DOut + (long)r * C;
                var m = Vector512.Create(Mean[r]);
                var s = Vector512.Create(Rstd[r]);
                var dnSum = Vector512<float>.Zero;
                var dnNormSum = Vector512<float>.Zero;
                for (int c = 0; c < full; c += 16)
                {
                    var dyv = Vector512.Load(dy + c);
                    var n = (Vector512.Load(x + c) - m) * s;
                    var dn = dyv * Vector512.Load(Weight + c);
                    dnSum += dn;
                    dnNormSum = Vector512.FusedMultiplyAdd(dn, n, dnNormSum);
                    if (dwPart != null)
                    {
                        Vector512.FusedMultiplyAdd(dyv, n, Vector512.Load(dwPart + c)).Store(dwPart + c);
                        (Vector512.Load(dbPart + c) + dyv).Store(dbPart + c);
                    }
                }
                if (tail > 0)
                {
                    // Zero padding in dY makes the padded lanes add nothing.
                    var dyv = VectorLoops.LoadTail(dy + full, tail, 0f);
                    var n = (VectorLoops.LoadTail(x + full, tail, 0f) - m) * s;
                    var dn = dyv * VectorLoops.LoadTail(Weight + full, tail, 0f);
                    dnSum += dn;
                    dnNormSum = Vector512.FusedMultiplyAdd(dn, n, dnNormSum);
                    if (dwPart != null)
                    {
                        VectorLoops.StoreTail(Vector512.FusedMultiplyAdd(dyv, n, VectorLoops.LoadTail(dwPart + full, tail, 0f)), dwPart + full, tail);
                        VectorLoops.StoreTail(VectorLoops.LoadTail(dbPart + full, tail, 0f) + dyv, dbPart + full, tail);
                    }
                }
                if (DX == null) continue;
                var dnMean = Vector512.Create(Vector512.Sum(dnSum) / C);
                var dnNormMean = Vector512.Create(Vector512.Sum(dnNormSum) / C);
                float* dx = DX + (long)r * C;
                for (int c = 0; c < full; c += 16)
                {
                    var n = (Vector512.Load(x + c) - m) * s;
                    var dn = Vector512.Load(dy + c) * Vector512.Load(Weight + c);
                    Vector512.FusedMultiplyAdd(dn - dnMean - n * dnNormMean, s, Vector512.Load(dx + c)).Store(dx + c);
                }
                if (tail > 0)
                {
                    var n = (VectorLoops.LoadTail(x + full, tail, 0f) - m) * s;
                    var dn = VectorLoops.LoadTail(dy + full, tail, 0f) * VectorLoops.LoadTail(Weight + full, tail, 0f);
                    VectorLoops.StoreTail(Vector512.FusedMultiplyAdd(dn - dnMean - n * dnNormMean, s, VectorLoops.LoadTail(dx + full, tail, 0f)), dx + full, tail);
                }
            }
        }
    }
}
