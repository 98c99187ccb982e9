using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// The backward of GELU(h) with h = x·Wᵀ + b, in one pass over the rows: dH = dOut·gelu'(h) (overwritten) and
/// dBias += Σ_rows dH. R = rows, N = channels. The same values as <see cref="GeluKernel.TanhBackward"/> (or Erf) into a
/// fresh dH followed by <see cref="BiasKernel.Backward"/>: the slope is elementwise, and the column sums use
/// BiasKernel's chunks of rows, each summed in row order, the chunks added in order.
/// </summary>
public static unsafe class GeluBiasKernel
{
    /// <param name="h">[R, N], the pre-activation</param>
    /// <param name="dOut">[R, N]</param>
    /// <param name="dH">[R, N], overwritten</param>
    /// <param name="dBias">[N], accumulated</param>
    public static void BackwardReference(bool tanh, ReadOnlySpan<float> h, ReadOnlySpan<float> dOut, int rows, Span<float> dH, Span<float> dBias)
    {
        dH.Clear();
        if (tanh) GeluKernel.TanhBackwardReference(h, dOut, dH);
        else GeluKernel.ErfBackwardReference(h, dOut, dH);
        BiasKernel.BackwardReference(dH, rows, dBias);
    }

    /// <param name="scratch">at least <see cref="BiasKernel.BackwardScratchLength"/> floats, any content</param>
    public static void Backward(bool tanh, ReadOnlySpan<float> h, ReadOnlySpan<float> dOut, int rows, Span<float> scratch, Span<float> dH, Span<float> dBias)
    {
        int N = dBias.Length;
        if (h.Length != (long)rows * N || dOut.Length != h.Length || dH.Length != h.Length)
            throw new ArgumentException($"GELU + bias backward: h has {h.Length} values, dOut {dOut.Length}, dH {dH.Length}; {rows} rows of {N} need {(long)rows * N}.");
        if (rows == 0 || N == 0) return;
        var (rowsPerChunk, chunks) = BiasKernel.ChunksOf(rows, N, scratch.Length, "GELU + bias backward");
        fixed (float* ph = h, pd = dOut, pdh = dH, ps = scratch)
        {
            if (tanh)
            {
                var body = new RowsBody<GeluKernel.TanhGrad> { H = ph, DOut = pd, DH = pdh, Partials = ps, Rows = rows, Columns = N, RowsPerChunk = rowsPerChunk };
                WorkerPool.Shared.For(chunks, ref body);
            }
            else
            {
                var body = new RowsBody<GeluKernel.ErfGrad> { H = ph, DOut = pd, DH = pdh, Partials = ps, Rows = rows, Columns = N, RowsPerChunk = rowsPerChunk };
                WorkerPool.Shared.For(chunks, ref body);
            }
        }
        BiasKernel.AddPartials(scratch, chunks, dBias);
    }

    struct RowsBody<TGrad> : IParallelBody where TGrad : struct, IVectorGrad
    {
        public float* H, DOut, DH, Partials;
        public int Rows, Columns, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk), N = Columns;
            int full = N & ~15, rest = N - full;
            float* acc = Partials + (long)index * N;
            new Span<float>(acc, N).Clear();
            for (int r = r0; r < r1; r++)
            {
                long o = (long)r * N;
                float* h = H + o, d = DOut + o, dh = DH + o;
                for (int j = 0; j < full; j += 16)
                {
                    var g = TGrad.Apply(Vector512.Load(h + j), Vector512.Load(d + j));
                    g.Store(dh + j);
                    (Vector512.Load(acc + j) + g).Store(acc + j);
                }
                if (rest == 0) continue;
                var t = TGrad.Apply(VectorLoops.LoadTail(h + full, rest, 0f), VectorLoops.LoadTail(d + full, rest, 0f));
                VectorLoops.StoreTail(t, dh + full, rest);
                for (int j = full; j < N; j++) acc[j] += dh[j];
            }
        }
    }
}
