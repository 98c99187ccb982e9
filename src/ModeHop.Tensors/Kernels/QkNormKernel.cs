using System.Numerics.Tensors;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// OLMo 2's query/key norm on fused qkv rows [N, Q + 2K] (layout in <see cref="QkvLayout"/>, Q = H·D, K = KVH·D):
/// RMSNorm over each row's whole Q slice with weight wq [Q], and over its whole K slice with weight wk [K], across
/// all heads at once (not per head); the V slice is copied. N = rows.
/// Forward on a slice: σ⁻¹ = 1/√(mean(x²) + eps), y = w·x·σ⁻¹ (see <see cref="RmsNormKernel"/> for the backward rule);
/// on V: y = x, dX += dY. <c>rstd</c> [2, N] holds 1/rms of every row's Q slice, then of every row's K slice.
/// Both implementations are <see cref="RmsNormKernel"/>'s, applied to the column slices: the reference calls its
/// reference one row at a time, the fast one runs its vectorised, parallel rows with a row stride of Q + 2K.
/// </summary>
public static unsafe class QkNormKernel
{
    /// <param name="qkv">[N, Q + 2K]</param>
    /// <param name="qWeight">[Q]</param>
    /// <param name="kWeight">[K]</param>
    /// <param name="output">[N, Q + 2K]</param>
    /// <param name="rstd">[2, N], kept for backward</param>
    public static void ForwardReference(ReadOnlySpan<float> qkv, ReadOnlySpan<float> qWeight, ReadOnlySpan<float> kWeight, int rows, float eps,
        Span<float> output, Span<float> rstd)
    {
        int N = rows, Q = qWeight.Length, K = kWeight.Length, W = Q + 2 * K;
        Check(qkv.Length, output.Length, rstd.Length, N, Q, K);
        for (int r = 0; r < N; r++)
        {
            RmsNormKernel.ForwardReference(qkv.Slice(r * W, Q), qWeight, 1, eps, output.Slice(r * W, Q), rstd.Slice(r, 1));
            RmsNormKernel.ForwardReference(qkv.Slice(r * W + Q, K), kWeight, 1, eps, output.Slice(r * W + Q, K), rstd.Slice(N + r, 1));
            qkv.Slice(r * W + Q + K, K).CopyTo(output.Slice(r * W + Q + K, K));
        }
    }

    /// <summary>dQkv += ∂y/∂qkv·dOut, dQWeight and dKWeight += their sums over rows; an empty output gradient is skipped.</summary>
    /// <param name="dOut">[N, Q + 2K]</param>
    /// <param name="dQkv">[N, Q + 2K] or empty</param>
    public static void BackwardReference(ReadOnlySpan<float> qkv, ReadOnlySpan<float> qWeight, ReadOnlySpan<float> kWeight, ReadOnlySpan<float> rstd,
        ReadOnlySpan<float> dOut, int rows, Span<float> dQkv, Span<float> dQWeight, Span<float> dKWeight)
    {
        int N = rows, Q = qWeight.Length, K = kWeight.Length, W = Q + 2 * K;
        CheckBackward(qkv.Length, dOut.Length, rstd.Length, dQkv.Length, dQWeight.Length, dKWeight.Length, N, Q, K);
        for (int r = 0; r < N; r++)
        {
            RmsNormKernel.BackwardReference(qkv.Slice(r * W, Q), qWeight, rstd.Slice(r, 1), dOut.Slice(r * W, Q), 1,
                dQkv.IsEmpty ? default : dQkv.Slice(r * W, Q), dQWeight);
            RmsNormKernel.BackwardReference(qkv.Slice(r * W + Q, K), kWeight, rstd.Slice(N + r, 1), dOut.Slice(r * W + Q, K), 1,
                dQkv.IsEmpty ? default : dQkv.Slice(r * W + Q, K), dKWeight);
            if (dQkv.IsEmpty) continue;
            for (int c = Q + K; c < W; c++) dQkv[r * W + c] += dOut[r * W + c];
        }
    }

    public static void Forward(ReadOnlySpan<float> qkv, ReadOnlySpan<float> qWeight, ReadOnlySpan<float> kWeight, int rows, float eps,
        Span<float> output, Span<float> rstd)
    {
        int N = rows, Q = qWeight.Length, K = kWeight.Length, W = Q + 2 * K;
        Check(qkv.Length, output.Length, rstd.Length, N, Q, K);
        fixed (float* px = qkv, pwq = qWeight, pwk = kWeight, py = output, ps = rstd)
        {
            RmsNormKernel.ForwardRows(px, W, pwq, Q, N, eps, py, W, ps);
            RmsNormKernel.ForwardRows(px + Q, W, pwk, K, N, eps, py + Q, W, ps + N);
        }
        for (int r = 0; r < N; r++) qkv.Slice(r * W + Q + K, K).CopyTo(output.Slice(r * W + Q + K, K));
    }

    /// <summary>Floats of scratch <see cref="Backward"/> needs: one partial weight gradient per chunk of rows, reused for Q then K.</summary>
    public static int BackwardScratchLength(int rows, int qWidth, int kWidth)
        => Math.Max(RmsNormKernel.BackwardScratchLength(rows, qWidth), RmsNormKernel.BackwardScratchLength(rows, kWidth));

    /// <summary>As <see cref="BackwardReference"/>; the weight gradients are summed per chunk of rows, then in chunk order.</summary>
    /// <param name="scratch">at least <see cref="BackwardScratchLength"/> floats when a weight gradient is wanted, any content</param>
    public static void Backward(ReadOnlySpan<float> qkv, ReadOnlySpan<float> qWeight, ReadOnlySpan<float> kWeight, ReadOnlySpan<float> rstd,
        ReadOnlySpan<float> dOut, int rows, Span<float> scratch, Span<float> dQkv, Span<float> dQWeight, Span<float> dKWeight)
    {
        int N = rows, Q = qWeight.Length, K = kWeight.Length, W = Q + 2 * K;
        CheckBackward(qkv.Length, dOut.Length, rstd.Length, dQkv.Length, dQWeight.Length, dKWeight.Length, N, Q, K);
        if ((!dQWeight.IsEmpty || !dKWeight.IsEmpty) && scratch.Length < BackwardScratchLength(N, Q, K))
            throw new ArgumentException($"QkNorm backward needs {BackwardScratchLength(N, Q, K)} floats of scratch, got {scratch.Length}.");
        fixed (float* px = qkv, pwq = qWeight, pwk = kWeight, ps = rstd, pd = dOut, pscr = scratch, pdx = dQkv)
        {
            float* dx = dQkv.IsEmpty ? null : pdx;
            RmsNormKernel.BackwardRows(px, W, pwq, ps, pd, W, Q, N, dQWeight.IsEmpty ? null : pscr, dx, W, dQWeight);
            RmsNormKernel.BackwardRows(px + Q, W, pwk, ps + N, pd + Q, W, K, N, dKWeight.IsEmpty ? null : pscr, dx == null ? null : dx + Q, W, dKWeight);
        }
        if (dQkv.IsEmpty) return;
        for (int r = 0; r < N; r++)
        {
            var dv = dQkv.Slice(r * W + Q + K, K);
            TensorPrimitives.Add(dv, dOut.Slice(r * W + Q + K, K), dv);
        }
    }

    static void Check(int qkvLength, int outputLength, int rstdLength, int rows, int qWidth, int kWidth)
    {
        if (qWidth < 1 || kWidth < 1)
            throw new ArgumentException($"QkNorm: the query and key weights must not be empty, got {qWidth} and {kWidth} values.");
        long size = (long)rows * (qWidth + 2 * kWidth);
        if (rows < 0 || qkvLength != size || outputLength != size || rstdLength != 2L * rows)
            throw new ArgumentException($"QkNorm: qkv has {qkvLength} values, output/dOut {outputLength}, rstd {rstdLength}; expected [{rows}, {qWidth} + 2·{kWidth}] twice and [2, {rows}].");
    }

    static void CheckBackward(int qkvLength, int dOutLength, int rstdLength, int dQkvLength, int dQWeightLength, int dKWeightLength, int rows, int qWidth, int kWidth)
    {
        Check(qkvLength, dOutLength, rstdLength, rows, qWidth, kWidth);
        if ((dQkvLength != 0 && dQkvLength != qkvLength) || (dQWeightLength != 0 && dQWeightLength != qWidth) || (dKWeightLength != 0 && dKWeightLength != kWidth))
            throw new ArgumentException($"QkNorm backward: dQkv has {dQkvLength} values, dQWeight {dQWeightLength}, dKWeight {dKWeightLength}; expected {qkvLength}, {qWidth}, {kWidth} (or empty to skip).");
    }
}
