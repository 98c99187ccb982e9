using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModeHop.Tensors.Kernels;

// Packing copies a block of op(A) or op(B) into the k-major panels the micro-kernel reads:
// panel[p*W + r] = X[r, p] for a panel of width W (MR rows of op(A), or NR columns of op(B)),
// with zeros past the matrix edge so the kernel never branches on edges.
// A source is either "contiguous" (the W values of one k are adjacent: transA, or B not transposed)
// or "transposed" (each of the W lines runs along k: A not transposed, or transB), which is
// packed through 8×8 AVX transposes.
public static partial class Gemm
{
    // Rows ahead to prefetch when packing a contiguous source: each row contributes only a short run
    // (one MC or NC block wide) before the next row, too short for the hardware prefetcher to ramp up.
    // Measured: halves the time to pack a transposed A whose rows are 3 KB apart.
    const int PrefetchRows = 8;
    // Transposing short rows (attention's keys and values: a head, 32 to 128 floats, of each token's row), the hardware
    // prefetcher does not follow the jumps from row to row: fetch the rows 16 ahead while transposing these. Measured on
    // Zen 5, 256 tokens × 64 channels out of rows 1152 floats apart: 6.5 µs → 4.3 µs from L3, 8.2 → 6.8 µs from memory.
    const int ShortRowFloats = 128, TransposeAheadRows = 16;

    /// <summary>Packs op(A)[i0.., p0..] (mc × kc) into ⌈mc/MR⌉ panels of MR×kc at <paramref name="dst"/>.</summary>
    static unsafe void PackA(int MR, in Operands op, int i0, int mc, int p0, int kc, float* dst)
    {
        if (op.TransA)
        {
            PackContiguous(op.A + p0 * op.Lda + i0, op.Lda, kc, mc, MR, dst);
            return;
        }
        for (int ir = 0; ir < mc; ir += MR, dst += MR * kc)
            PackTransposed(op.A + (i0 + ir) * op.Lda + p0, op.Lda, Math.Min(MR, mc - ir), kc, MR, dst);
    }

    /// <summary>Packs op(B)[p0.., j0..] (kc × nc) into ⌈nc/NR⌉ slivers of kc×NR at <paramref name="dst"/>.</summary>
    static unsafe void PackB(int NR, in Operands op, int j0, int nc, int p0, int kc, float* dst)
    {
        if (!op.TransB)
        {
            PackContiguous(op.B + p0 * op.Ldb + j0, op.Ldb, kc, nc, NR, dst);
            return;
        }
        for (int jr = 0; jr < nc; jr += NR, dst += NR * kc)
            PackTransposed(op.B + (j0 + jr) * op.Ldb + p0, op.Ldb, Math.Min(NR, nc - jr), kc, NR, dst);
    }

    /// <summary>
    /// ⌈width/W⌉ panels: dst[q*W*kc + p*W + r] = src[p*stride + q*W + r], 0 past <paramref name="width"/>.
    /// Walks the source row by row, so each source line is read once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void PackContiguous(float* src, nint stride, int kc, int width, int W, float* dst)
    {
        int full = width / W, rest = width - full * W;
        nint panel = (nint)W * kc;
        for (int p = 0; p < kc; p++, src += stride)
        {
            if (p + PrefetchRows < kc)
                for (int x = 0; x < width; x += 16) Sse.Prefetch0(src + PrefetchRows * stride + x);
            float* s = src, d = dst + p * W;
            for (int q = 0; q < full; q++, s += W, d += panel) CopyPanelRow(s, d, W);
            if (rest == 0) continue;
            int r = 0;
            for (; r < rest; r++) d[r] = s[r];
            for (; r < W; r++) d[r] = 0f;
        }
    }

    /// <summary>Copies one k row of a panel: W (32, 16, 12 or 6) floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void CopyPanelRow(float* s, float* d, int W)
    {
        switch (W)
        {
            case 32:
                Vector256.Store(Vector256.Load(s), d);
                Vector256.Store(Vector256.Load(s + 8), d + 8);
                Vector256.Store(Vector256.Load(s + 16), d + 16);
                Vector256.Store(Vector256.Load(s + 24), d + 24);
                break;
            case 16:
                Vector256.Store(Vector256.Load(s), d);
                Vector256.Store(Vector256.Load(s + 8), d + 8);
                break;
            case 12:
                Vector256.Store(Vector256.Load(s), d);
                Vector128.Store(Vector128.Load(s + 8), d + 8);
                break;
            case 6:
                Vector128.Store(Vector128.Load(s), d);
                Unsafe.WriteUnaligned(d + 4, Unsafe.ReadUnaligned<double>(s + 4));
                break;
            default:
                for (int r = 0; r < W; r++) d[r] = s[r];
                break;
        }
    }

    /// <summary>
    /// dst[p*W + r] = src[r*stride + p] for r &lt; rows, 0 for rows ≤ r &lt; W: a transpose through 8×8 blocks
    /// (W mod 8 must be 0, 4 or 6). Attention uses it to lay out keys and values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void PackTransposed(float* src, nint stride, int rows, int kc, int W, float* dst)
    {
        int kVector = kc & ~7;
        for (int g = 0; g < W; g += 8)
        {
            int lanes = Math.Min(8, W - g);
            int live = Math.Clamp(rows - g, 0, 8);
            float* s = src + g * stride;
            float* d = dst + g;
            if (kc <= ShortRowFloats && Sse.IsSupported)
                for (int r = g + TransposeAheadRows, end = Math.Min(rows, r + 8); r < end; r++)
                    for (int p = 0; p < kc; p += 16) Sse.Prefetch0(src + r * stride + p);
            for (int p = 0; p < kVector; p += 8)
                Transpose8x8(s + p, stride, live, d + p * W, W, lanes);
        }
        for (int p = kVector; p < kc; p++)
        {
            float* d = dst + p * W;
            int r = 0;
            for (; r < rows; r++) d[r] = src[r * stride + p];
            for (; r < W; r++) d[r] = 0f;
        }
    }

    /// <summary>
    /// Reads an 8×8 block (rows beyond <paramref name="live"/> are zero) and writes its transpose:
    /// dst[p*dstStride + r] = src[r*srcStride + p] for the first <paramref name="lanes"/> r.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Transpose8x8(float* src, nint srcStride, int live, float* dst, int dstStride, int lanes)
    {
        var z = Vector256<float>.Zero;
        var r0 = live > 0 ? Vector256.Load(src) : z;
        var r1 = live > 1 ? Vector256.Load(src + srcStride) : z;
        var r2 = live > 2 ? Vector256.Load(src + 2 * srcStride) : z;
        var r3 = live > 3 ? Vector256.Load(src + 3 * srcStride) : z;
        var r4 = live > 4 ? Vector256.Load(src + 4 * srcStride) : z;
        var r5 = live > 5 ? Vector256.Load(src + 5 * srcStride) : z;
        var r6 = live > 6 ? Vector256.Load(src + 6 * srcStride) : z;
        var r7 = live > 7 ? Vector256.Load(src + 7 * srcStride) : z;

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        StoreLanes(Avx.Permute2x128(u0, u4, 0x20), dst, lanes);
        StoreLanes(Avx.Permute2x128(u1, u5, 0x20), dst + dstStride, lanes);
        StoreLanes(Avx.Permute2x128(u2, u6, 0x20), dst + 2 * dstStride, lanes);
        StoreLanes(Avx.Permute2x128(u3, u7, 0x20), dst + 3 * dstStride, lanes);
        StoreLanes(Avx.Permute2x128(u0, u4, 0x31), dst + 4 * dstStride, lanes);
        StoreLanes(Avx.Permute2x128(u1, u5, 0x31), dst + 5 * dstStride, lanes);
        StoreLanes(Avx.Permute2x128(u2, u6, 0x31), dst + 6 * dstStride, lanes);
        StoreLanes(Avx.Permute2x128(u3, u7, 0x31), dst + 7 * dstStride, lanes);
    }

    /// <summary>Stores the first <paramref name="lanes"/> (8, 6 or 4) elements of <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void StoreLanes(Vector256<float> v, float* dst, int lanes)
    {
        if (lanes == 8)
        {
            Vector256.Store(v, dst);
            return;
        }
        Vector128.Store(v.GetLower(), dst);
        if (lanes == 6) Unsafe.WriteUnaligned(dst + 4, v.GetUpper().AsDouble().ToScalar());
    }
}
