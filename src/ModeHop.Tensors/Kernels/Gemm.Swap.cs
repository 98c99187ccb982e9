using System.Runtime.Intrinsics.X86;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

public static partial class Gemm
{
    // A product with few rows and many more outputs (a transformer's layers over a short batch, its head over the vocabulary)
    // runs as Cᵀ = op(B)ᵀ·Aᵀ: the weight becomes A, read in place (X·Wᵀ) or packed in long runs of its rows (dY·W), and the
    // few rows of X or dY are packed, instead of packing all of the weight into slivers for a few rows. Measured on Zen 5,
    // two threads, cold operands, GPT-2-small over 4×64 tokens: X·Wᵀ 256×3072×768, 256×2304×768, 256×768×768, 256×50304×768:
    // 364, 375, 360, 381 GFLOP/s as written, 417, 433, 398, 467 as Cᵀ (128×3072×768 316 → 409, 512×3072×768 422 → 437);
    // X·Wᵀ over more than one k block, 256×768×3072: 330 → 378; dY·W 256×3072×768, 256×768×768, 256×768×3072: 331 → 367,
    // 314 → 335, 331 → 348 (128×3072×768 265 → 319; 256×768×2304 and 256×768×50304 unchanged).
    const int SwapMaxRows = 512;

    static bool UseSwap(in Operands op) => !op.TransA && op.M <= SwapMaxRows && op.N > op.M;

    // Rows of C per task of the epilogue pass after a transposed C.
    const int EpilogueRows = 16;

    /// <summary>
    /// The packed path, as Cᵀ when <see cref="UseSwap"/> says so. A transposed C's tiles take only the bias as they are
    /// stored (see <see cref="Macro"/>); the residual and the activation then run as a pass over C's rows, whole vectors
    /// wide, instead of over each tile's MR-wide block of C. Measured on Zen 5, two threads, GPT-2-small's MLP layer X·Wᵀ +
    /// b then the tanh GELU, 256×3072×768: 255 GFLOP/s with the whole epilogue on the stored blocks, 292 with bias and GELU
    /// in the tile and both stored transposed, 349 this way (370 with no epilogue).
    /// </summary>
    static void PackedOrSwapped<TK>(in Operands op, WorkerPool? pool) where TK : struct, IMicroKernel
    {
        if (!UseSwap(op))
        {
            Packed<TK>(op, pool);
            return;
        }
        if (!op.Epilogue.HasElementwise)
        {
            Packed<TK>(op.Swapped(), pool);
            return;
        }
        Packed<TK>(op.WithBiasOnly().Swapped(), pool);
        var pass = new EpiloguePass { Op = op };
        RunTasks(pool, CeilDiv(op.M, EpilogueRows), ref pass);
    }

    /// <summary>The epilogue but its bias over rows [index·EpilogueRows, …) of C.</summary>
    unsafe struct EpiloguePass : IParallelBody
    {
        public Operands Op;

        public void Run(int index)
        {
            int i0 = index * EpilogueRows, rows = Math.Min(EpilogueRows, Op.M - i0);
            ApplyEpilogue(Op.Epilogue, Op.C + i0 * Op.Ldc, Op.Ldc, i0, 0, rows, Op.N, biasAdded: true);
        }
    }

    /// <summary>c[x, r] = (add ? c[x, r] : 0) + tile[r, x] for the mr × nr live part of a tile of a transposed C.</summary>
    static unsafe void MergeTileTransposed(float* tile, int ldt, int mr, int nr, float* c, nint ldc, bool add)
    {
        // A stored tile of 8-column groups and 12 (or 6) rows goes through 8×8 transposes: rows 0–7 and the 4 (or 6) after.
        if (!add && (mr == 12 || mr == 6) && nr % 8 == 0 && Avx.IsSupported)
        {
            for (int r0 = 0; r0 < mr; r0 += 8)
            {
                int live = Math.Min(8, mr - r0);
                for (int x0 = 0; x0 < nr; x0 += 8)
                    Transpose8x8(tile + r0 * ldt + x0, ldt, live, c + x0 * ldc + r0, (int)ldc, live);
            }
            return;
        }
        for (int x = 0; x < nr; x++)
        {
            float* cx = c + x * ldc, tx = tile + x;
            if (add) for (int r = 0; r < mr; r++) cx[r] += tx[r * ldt];
            else for (int r = 0; r < mr; r++) cx[r] = tx[r * ldt];
        }
    }
}
