using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

// Skinny products C[M, N] = A[M, K]·B[N, K]ᵀ with few rows (SmallEdge < M ≤ DotMaxRows): Y = X·Wᵀ of a linear layer
// on a handful of tokens (continuation rows, the head at the positions read, a sampling step). The packed path would
// copy all of W per call for a few rows of work, so these read both operands in place, k-contiguous, as dot
// products: a 4×4 register tile of 16 accumulators, one 16-lane FMA chain per element (lane l sums k ≡ l mod 16),
// each reduced in a fixed order and finished by a scalar tail over the last K mod 16. For each 4 rows of B (read
// once, from memory) the tile walks every 4 rows of A (a few KB per row, kept in L1/L2). Edge rows are copied into
// zero-padded 4-row blocks. Tasks take ranges of B rows, and an element's sum never depends on the range.
public static partial class Gemm
{
    // Measured on Zen 5, 2 threads, X·Wᵀ for W of 3072×768, 768×3072 and 50257×768 (min of interleaved runs on a
    // shared machine): this path is 1.2–2.3× faster than the packed one at M = 8 and 16, even at 24–32, and 15–50%
    // slower at 48, where packing W once is amortised over enough rows.
    const int DotMaxRows = 24;
    // B rows per task: 64 rows of a 768-wide weight are 192 KB, large enough to hide the hand-out cost.
    const int DotChunk = 64;
    const int DotTile = 4;

    static bool UseDot(in Operands op) => !op.TransA && op.TransB && op.M <= DotMaxRows;

    static unsafe void Dot(in Operands op, WorkerPool? pool)
    {
        bool parallel = pool is not null && (long)op.M * op.N * op.K >= ParallelMinWork;
        Scratch.BlockA(2 * DotTile * op.K); // sized on the caller too, as in Packed
        var body = new DotTask { Op = op };
        RunTasks(parallel ? pool : null, CeilDiv(op.N, DotChunk), ref body);
    }

    unsafe struct DotTask : IParallelBody
    {
        public Operands Op;

        [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int index)
        {
            ref readonly var op = ref Op;
            int M = op.M, K = op.K, j0 = index * DotChunk, j1 = Math.Min(op.N, j0 + DotChunk);
            float* edgeA = Scratch.BlockA(2 * DotTile * K), edgeB = edgeA + DotTile * K; // [4, K] each
            float* sums = stackalloc float[DotTile * DotTile];
            int fullRows = M / DotTile * DotTile;
            if (fullRows < M) CopyRows(op.A + fullRows * op.Lda, op.Lda, M - fullRows, K, edgeA);
            for (int j = j0; j < j1; j += DotTile)
            {
                int nj = Math.Min(DotTile, j1 - j);
                float* b = op.B + j * op.Ldb;
                nint ldb = op.Ldb;
                if (nj < DotTile)
                {
                    CopyRows(b, ldb, nj, K, edgeB);
                    b = edgeB;
                    ldb = K;
                }
                for (int i = 0; i < M; i += DotTile)
                {
                    int mi = Math.Min(DotTile, M - i);
                    bool edge = mi < DotTile;
                    DotTile4(K, edge ? edgeA : op.A + i * op.Lda, edge ? K : op.Lda, b, ldb, sums);
                    for (int r = 0; r < mi; r++)
                        for (int s = 0; s < nj; s++)
                            Put(op.C + (i + r) * op.Ldc + j + s, sums[r * DotTile + s], op.Accumulate);
                }
            }
        }

        /// <summary>dst[r, 0..K) = src[r·ld, 0..K) for r &lt; rows, zero rows after, up to 4.</summary>
        static void CopyRows(float* src, nint ld, int rows, int K, float* dst)
        {
            for (int r = 0; r < rows; r++) new ReadOnlySpan<float>(src + r * ld, K).CopyTo(new Span<float>(dst + r * K, K));
            new Span<float>(dst + rows * K, (DotTile - rows) * K).Clear();
        }
    }

    /// <summary>sums[r·4 + s] = Σ_p a[r·lda + p]·b[s·ldb + p] for r, s &lt; 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void DotTile4(int k, float* a, nint lda, float* b, nint ldb, float* sums)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default,
            c10 = default, c11 = default, c12 = default, c13 = default,
            c20 = default, c21 = default, c22 = default, c23 = default,
            c30 = default, c31 = default, c32 = default, c33 = default;
        float* a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
        float* b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb;
        int p = 0;
        for (; p + 16 <= k; p += 16)
        {
            var y0 = Vector512.Load(b + p);
            var y1 = Vector512.Load(b1 + p);
            var y2 = Vector512.Load(b2 + p);
            var y3 = Vector512.Load(b3 + p);
            var x = Vector512.Load(a + p);
            c00 = Vector512.FusedMultiplyAdd(x, y0, c00); c01 = Vector512.FusedMultiplyAdd(x, y1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, y2, c02); c03 = Vector512.FusedMultiplyAdd(x, y3, c03);
            x = Vector512.Load(a1 + p);
            c10 = Vector512.FusedMultiplyAdd(x, y0, c10); c11 = Vector512.FusedMultiplyAdd(x, y1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, y2, c12); c13 = Vector512.FusedMultiplyAdd(x, y3, c13);
            x = Vector512.Load(a2 + p);
            c20 = Vector512.FusedMultiplyAdd(x, y0, c20); c21 = Vector512.FusedMultiplyAdd(x, y1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, y2, c22); c23 = Vector512.FusedMultiplyAdd(x, y3, c23);
            x = Vector512.Load(a3 + p);
            c30 = Vector512.FusedMultiplyAdd(x, y0, c30); c31 = Vector512.FusedMultiplyAdd(x, y1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, y2, c32); c33 = Vector512.FusedMultiplyAdd(x, y3, c33);
        }
        sums[0] = Vector512.Sum(c00); sums[1] = Vector512.Sum(c01); sums[2] = Vector512.Sum(c02); sums[3] = Vector512.Sum(c03);
        sums[4] = Vector512.Sum(c10); sums[5] = Vector512.Sum(c11); sums[6] = Vector512.Sum(c12); sums[7] = Vector512.Sum(c13);
        sums[8] = Vector512.Sum(c20); sums[9] = Vector512.Sum(c21); sums[10] = Vector512.Sum(c22); sums[11] = Vector512.Sum(c23);
        sums[12] = Vector512.Sum(c30); sums[13] = Vector512.Sum(c31); sums[14] = Vector512.Sum(c32); sums[15] = Vector512.Sum(c33);
        if (p == k) return;
        for (int r = 0; r < DotTile; r++)
            for (int s = 0; s < DotTile; s++)
            {
                float sum = sums[r * DotTile + s];
                for (int q = p; q < k; q++) sum = MathF.FusedMultiplyAdd(a[r * lda + q], b[s * ldb + q], sum);
                sums[r * DotTile + s] = sum;
            }
    }
}
