using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

// The GotoBLAS/BLIS loop nest around a micro-kernel:
//   for each NC-wide column block of C
//     for each KC-deep block of k (in order)
//       for each task (a range of MR-row panels × a range of slivers; parallel over tasks)
//         for each MC-row chunk: pack op(A)[chunk, k block] into MR-row panels (per thread),
//                                  or read it in place when A is not transposed
//           for each sliver: pack op(B)[k block, sliver] into it unless another task has (shared)
//             for each panel: micro-kernel on an MR×NR tile of C
// Tasks split only M and N, never k, so the sums do not depend on the number of tasks or threads.
public static partial class Gemm
{
    // Blocking, tuned on Zen 5 (48 KB L1, 1 MB L2 per core): a long k block means fewer passes over C
    // and fewer synchronisations (one per k block); the KC×32 B sliver (128 KB) then streams from L2,
    // which the kernel's 128 bytes per 24 FMAs easily sustain. Measured: 1 thread is flat over
    // KC = 256..1024, 2 threads gain 10–25% from KC = 256 to 1024.
    const int KC = 1024;
    // M chunk: an MC×KC block of A (576 KB) stays in L2 while B slivers stream past it.
    const int MC = 144;
    // N block: a KC×NC packed B panel (8 MB) shared by all threads from L3.
    const int NC = 2048;
    // A transposed and B plain are read in place rather than packed when the product of their row strides
    // (floats) is at most this: with longer strides each k step lands on new pages and lines.
    // Measured on Zen 5, dW GEMMs in place vs packed: strides 384×128, 128×128, 512×128, 128×512 gain
    // 20–60%, 384×384 4%; 512×512, 768×768 and 1024×1024 lose 13–30%, 1536×384 15%.
    const long DirectMaxStrideProduct = 384 * 384;
    // Read in place, op(A) and op(B) stream k row after k row with long strides, and a whole KC block of them does not stay
    // in L2 while the kernel sweeps the slivers and panels: the task walks its block in sub-blocks this deep instead
    // (256 rows of a 512-float dY are 512 KB). Measured on Zen 5, two threads, the dW GEMMs of shape S (512×128, 128×512,
    // 384×128, 128×128 over k = 4096): 295, 244, 258, 265 GFLOP/s with whole blocks, 370, 355, 349, 335 with sub-blocks of
    // 256 (512: 358, 340, 317, 310; 128: no better than 256); packed dW GEMMs are not affected.
    const int DirectSubKC = 256;
    // Tasks per thread in the compute phase, so dynamic scheduling evens out unequal cores.
    const int TasksPerThread = 2;
    // Below this many multiply-adds a second thread costs more in wake-up and cache transfer than it saves
    // (measured: 128×128×128 is 20% slower on 2 threads, 256×128×128 breaks even).
    const long ParallelMinWork = 1 << 22;

    /// <summary>
    /// A register-blocked micro-kernel: C[MR,NR] (+)= Ã·B̃ over kc steps, where B̃ is an NR-column
    /// sliver packed k-major (<c>b[p*NR + j]</c>). Each C element is one FMA chain in k order, added
    /// to C once at the end when <c>add</c>, so both entry points give identical bits.
    /// </summary>
    private unsafe interface IMicroKernel
    {
        static abstract int MR { get; }
        static abstract int NR { get; }
        /// <summary>Floats per vector register.</summary>
        static abstract int Lanes { get; }
        /// <summary>Ã is an MR-row panel packed k-major: <c>a[p*MR + r]</c>. A non-null <paramref name="bias"/> (NR floats)
        /// is added to each row as it is stored, after the add to C: the epilogue's bias, without reading C back.</summary>
        static abstract void Run(int kc, float* a, float* b, float* c, nint ldc, bool add, float* bias);
        /// <summary>
        /// Ã is read in place from MR rows of a row-major matrix, <c>a[r*lda + p]</c>; B̃ is k-major with any
        /// step, <c>b[p*bStep + j]</c> (NR for a packed sliver).
        /// </summary>
        static abstract void RunRows(int kc, float* a, nint lda, float* b, nint bStep, float* c, nint ldc, bool add, float* bias);
        /// <summary>
        /// Both operands k-major with any step between consecutive k: <c>a[p*aStep + r]</c>, <c>b[p*bStep + j]</c>.
        /// With steps MR and NR this is <see cref="Run"/>; with the leading dimensions it reads a transposed A
        /// and a plain B in place.
        /// </summary>
        static abstract void RunStrided(int kc, float* a, nint aStep, float* b, nint bStep, float* c, nint ldc, bool add, float* bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Packed<TK>(in Operands op, WorkerPool? pool) where TK : struct, IMicroKernel
    {
        int MR = TK.MR, NR = TK.NR;
        int M = op.M, N = op.N, K = op.K;
        int threads = pool is null || (long)M * N * K < ParallelMinWork ? 1 : pool.Threads;
        int kBlocks = CeilDiv(K, KC), nBlocks = CeilDiv(N, NC);
        int kcMax = Math.Min(K, CeilDiv(K, kBlocks) + 8);
        int ncMax = CeilDiv(Math.Min(N, CeilDiv(N, nBlocks) + NR), NR) * NR;
        // The packed B panel, then one state word per sliver.
        float* panelB = Scratch.PanelB(kcMax * ncMax + ncMax / NR);
        int* sliverState = (int*)(panelB + kcMax * ncMax);
        // Size this thread's A block now: which tasks the caller runs varies from call to call, and a
        // repeated shape must not allocate on the call where it first happens to run one.
        Scratch.BlockA(MC / MR * MR * kcMax);

        int panels = CeilDiv(M, MR);
        int mTasks = threads == 1 ? 1 : Math.Min(panels, TasksPerThread * threads);
        // In place (IsDirect), a k block's sum is built over sub-blocks, so a later block must go through a partial C whatever
        // the thread count (added into C sub-block by sub-block it would round differently): serial runs take SplitK too.
        // A transposed C takes no partials: its k blocks run one after another, each added to C (the same additions in the
        // same order as the partials').
        if ((threads > 1 || IsDirect(op)) && kBlocks > 1 && nBlocks == 1 && !op.TransposedC
            && (long)(kBlocks - 1) * M * N <= SplitKMaxPartialFloats && (long)kBlocks * kcMax * ncMax <= SplitKMaxPanelFloats)
        {
            SplitK<TK>(op, threads > 1 ? pool : null, kBlocks, kcMax, ncMax);
            return;
        }
        for (int jb = 0; jb < nBlocks; jb++)
        {
            int j0 = Boundary(jb, nBlocks, N, NR), nc = Boundary(jb + 1, nBlocks, N, NR) - j0;
            int slivers = CeilDiv(nc, NR);
            int nTasks = threads == 1 ? 1 : Math.Min(slivers, CeilDiv(TasksPerThread * threads, mTasks));
            for (int kb = 0; kb < kBlocks; kb++)
            {
                int p0 = Boundary(kb, kBlocks, K, 8), kc = Boundary(kb + 1, kBlocks, K, 8) - p0;
                new Span<int>(sliverState, slivers).Clear();
                var compute = new ComputeTask<TK>
                {
                    Op = op, C = op.C, Ldc = op.Ldc, PanelB = panelB, SliverState = sliverState, J0 = j0, Nc = nc, P0 = p0, Kc = kc,
                    Add = op.Accumulate || kb > 0, Finish = kb == kBlocks - 1 && !op.Epilogue.IsEmpty,
                    Panels = panels, Slivers = slivers, MTasks = mTasks, NTasks = nTasks,
                };
                RunTasks(pool, mTasks * nTasks, ref compute);
            }
        }
    }

    static void RunTasks<TBody>(WorkerPool? pool, int count, ref TBody body) where TBody : struct, IParallelBody
    {
        if (pool is null || count == 1)
            for (int i = 0; i < count; i++) body.Run(i);
        else
            pool.For(count, ref body);
    }

    static int CeilDiv(int a, int b) => (a + b - 1) / b;

    /// <summary>Start of block <paramref name="b"/> of <paramref name="blocks"/> near-equal blocks of
    /// <paramref name="total"/>, rounded down to a multiple of <paramref name="align"/> (a power of two).</summary>
    static int Boundary(int b, int blocks, int total, int align)
        => b == blocks ? total : (int)((long)b * total / blocks) & ~(align - 1);

    unsafe struct ComputeTask<TK> : IParallelBody where TK : struct, IMicroKernel
    {
        public Operands Op;
        // Where the tiles go: op.C, or a partial C of a later k block (SplitK).
        public float* C;
        public nint Ldc;
        // The tiles are final (last k block, into C) and the epilogue is not empty: apply it to each.
        public bool Finish;
        public float* PanelB;
        public int* SliverState;
        public int J0, Nc, P0, Kc, Panels, Slivers, MTasks, NTasks;
        public bool Add;

        public void Run(int index)
        {
            int mi = index / NTasks, ni = index % NTasks;
            Macro<TK>(this,
                mi * Panels / MTasks, (mi + 1) * Panels / MTasks,
                ni * Slivers / NTasks, (ni + 1) * Slivers / NTasks);
        }
    }

    /// <summary>C tiles of panels [pa, pb) × slivers [sa, sb) for one k block.</summary>
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Macro<TK>(in ComputeTask<TK> t, int pa, int pb, int sa, int sb) where TK : struct, IMicroKernel
    {
        int MR = TK.MR, NR = TK.NR, kc = t.Kc;
        ref readonly var op = ref t.Op;
        nint ldc = t.Ldc;
        // A not transposed already has k along its rows: the kernel reads full panels in place, which
        // measured 5–15% faster than packing them (most on narrow N, where packing is amortized least).
        // A transposed and B not transposed (dW += dYᵀ·X) are both already k-major: with short row strides,
        // full panels and full slivers are read in place, so nothing is packed but edges. This matters for a
        // long k and small M·N, where packing costs as much as the multiply. Other A transposed are packed.
        // Partial panels are packed zero-padded to MR rows, partial slivers to NR columns.
        bool direct = IsDirect(op);
        bool inPlace = !op.TransA;
        int chunkPanels = MC / MR;
        float* blockA = Scratch.BlockA(chunkPanels * MR * kc);
        float* tile = stackalloc float[MR * NR];
        int chunks = CeilDiv(pb - pa, chunkPanels);
        for (int ch = 0; ch < chunks; ch++)
        {
            int i0 = (pa + ch * (pb - pa) / chunks) * MR;
            int mc = Math.Min((pa + (ch + 1) * (pb - pa) / chunks) * MR, op.M) - i0;
            int fullRows = mc / MR * MR;
            if (!inPlace && !direct) PackA(MR, op, i0, mc, t.P0, kc, blockA);
            else if (fullRows < mc) PackA(MR, op, i0 + fullRows, mc - fullRows, t.P0, kc, blockA);
            // In place, the k block runs in sub-blocks of DirectSubKC (see there), each tile's sub-block sums added to C in order.
            int sub = direct ? DirectSubKC : kc;
            for (int sp = 0; sp < kc; sp += sub)
            {
                int ks = Math.Min(sub, kc - sp);
                bool first = sp == 0, last = sp + ks == kc, addC = t.Add || !first;
                for (int s = sa; s < sb; s++)
                {
                    int j = t.J0 + s * NR, nr = Math.Min(NR, t.J0 + t.Nc - j);
                    if (ch == 0 && first && (!direct || nr < NR)) EnsurePacked(t, s);
                    float* sliver = t.PanelB + (nint)s * NR * kc;
                    float* c = t.C + i0 * ldc + j;
                    for (int ir = 0; ir < mc; ir += MR, c += MR * ldc)
                    {
                        int mr = Math.Min(MR, mc - ir);
                        // Edge tiles, and every tile of a transposed C, go through a full-size temporary tile; the sums are the same.
                        bool whole = mr == MR && nr == NR && !op.TransposedC;
                        float* target = whole ? c : tile;
                        nint ldt = whole ? ldc : NR;
                        bool add = whole && addC;
                        bool finish = t.Finish && last;
                        // A whole final tile gets the bias as the kernel stores it; an edge tile after the merge.
                        float* bias = whole && finish && op.Epilogue.Bias != null ? op.Epilogue.Bias + j : null;
                        // The next tile's rows of C, ahead: C is often fresh memory, whose lines would otherwise arrive only
                        // when the kernel stores (or the epilogue reads) them.
                        if (Sse.IsSupported && ir + MR < mc && !op.TransposedC)
                        {
                            for (int r = 0; r < MR; r++)
                            {
                                Sse.Prefetch0(c + (MR + r) * ldc);
                                Sse.Prefetch0(c + (MR + r) * ldc + NR - 1);
                            }
                        }
                        // Likewise the residual the epilogue will add to the next tile (see LinearResidual): the one below, or
                        // the first of the next sliver.
                        if (Sse.IsSupported && finish && op.Epilogue.Residual != null && !op.TransposedC)
                        {
                            bool below = ir + MR < mc;
                            float* next = op.Epilogue.Residual + (below ? i0 + ir + MR : i0) * op.Epilogue.Ld + (below ? j : j + NR);
                            if (below || s + 1 < sb)
                                for (int r = 0; r < MR; r++, next += op.Epilogue.Ld)
                                {
                                    Sse.Prefetch0(next);
                                    Sse.Prefetch0(next + NR - 1);
                                }
                        }
                        // Packed edges are k-major, so sub-block sp of one starts sp rows of MR (or NR) floats in.
                        if (direct)
                            TK.RunStrided(ks,
                                mr == MR ? op.A + (t.P0 + sp) * op.Lda + i0 + ir : blockA + sp * MR, mr == MR ? op.Lda : MR,
                                nr == NR ? op.B + (t.P0 + sp) * op.Ldb + j : sliver + sp * NR, nr == NR ? op.Ldb : NR,
                                target, ldt, add, bias);
                        else if (inPlace && mr == MR) TK.RunRows(kc, op.A + (i0 + ir) * op.Lda + t.P0, op.Lda, sliver, NR, target, ldt, add, bias);
                        else TK.Run(kc, inPlace ? blockA : blockA + ir * kc, sliver, target, ldt, add, bias);
                        if (op.TransposedC)
                        {
                            // Tile (r, x) is C[j + x, i0 + ir + r]. A final tile stored, not added, with at most a bias takes it
                            // in the tile, whose rows are whole vectors; otherwise the epilogue runs on the block of C after the
                            // store, whose rows are MR wide.
                            float* cT = op.C + j * op.Ldc + i0 + ir;
                            if (finish && !addC && !op.Epilogue.HasElementwise)
                            {
                                AddBiasToTransposedTile(op.Epilogue.Bias, tile, NR, i0 + ir, mr);
                                MergeTileTransposed(tile, NR, mr, nr, cT, op.Ldc, add: false);
                                continue;
                            }
                            MergeTileTransposed(tile, NR, mr, nr, cT, op.Ldc, addC);
                            if (finish) ApplyEpilogue(op.Epilogue, cT, op.Ldc, j, i0 + ir, nr, mr);
                            continue;
                        }
                        if (!whole) MergeTile(tile, NR, mr, nr, c, ldc, addC);
                        if (finish) ApplyEpilogue(op.Epilogue, c, ldc, i0 + ir, j, mr, nr, biasAdded: bias != null);
                    }
                }
            }
        }
    }

    /// <summary>A transposed and B not, with short row strides: both are read in place (see <see cref="Macro"/>).</summary>
    static bool IsDirect(in Operands op) => op.TransA && !op.TransB && (long)op.Lda * op.Ldb <= DirectMaxStrideProduct;

    // Sliver states. B slivers are packed on first use by whichever task reaches them first, so
    // packing needs no phase (and no synchronisation) of its own and overlaps the other threads'
    // kernels; a task that finds its sliver being packed packs a later one meanwhile.
    const int Unpacked = 0, Packing = 1, Ready = 2;

    static unsafe void EnsurePacked<TK>(in ComputeTask<TK> t, int s) where TK : struct, IMicroKernel
    {
        ref int state = ref t.SliverState[s];
        if (Volatile.Read(ref state) == Ready) return;
        var spin = new SpinWait();
        int ahead = s + 1;
        while (!TryPack(t, s) && Volatile.Read(ref state) != Ready)
        {
            while (ahead < t.Slivers && !TryPack(t, ahead)) ahead++;
            if (ahead >= t.Slivers) spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Packs sliver <paramref name="s"/> if no task has claimed it yet.</summary>
    static unsafe bool TryPack<TK>(in ComputeTask<TK> t, int s) where TK : struct, IMicroKernel
    {
        ref int state = ref t.SliverState[s];
        if (Volatile.Read(ref state) != Unpacked || Interlocked.CompareExchange(ref state, Packing, Unpacked) != Unpacked)
            return false;
        int NR = TK.NR, j = s * NR;
        PackB(NR, t.Op, t.J0 + j, Math.Min(NR, t.Nc - j), t.P0, t.Kc, t.PanelB + (nint)j * t.Kc);
        Volatile.Write(ref state, Ready);
        return true;
    }

    /// <summary>c[r, x] = (add ? c[r, x] : 0) + tile[r, x] for the mr × nr live part of an edge tile.</summary>
    internal static unsafe void MergeTile(float* tile, int ldt, int mr, int nr, float* c, nint ldc, bool add)
    {
        for (int r = 0; r < mr; r++)
        {
            float* cr = c + r * ldc, tr = tile + r * ldt;
            if (add) for (int x = 0; x < nr; x++) cr[x] += tr[x];
            else for (int x = 0; x < nr; x++) cr[x] = tr[x];
        }
    }
}
