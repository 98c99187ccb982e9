using System.Runtime.CompilerServices;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

public static partial class Gemm
{
    // A long k (dW = dYᵀ·X over every token) with a small C runs all its k blocks in one parallel phase: block 0 into C,
    // each later one into its own partial C, then the partials are added to C in block order — the same additions
    // as block after block, without a barrier per block and with kBlocks times as many tasks to balance. Bounds on
    // the partials and on the packed B panels (one per block) keep the memory small.
    const long SplitKMaxPartialFloats = 1 << 20, SplitKMaxPanelFloats = 1 << 22;

    /// <summary>All k blocks of a single column block in one parallel phase (see <see cref="SplitKMaxPartialFloats"/>).</summary>
    static unsafe void SplitK<TK>(in Operands op, WorkerPool? pool, int kBlocks, int kcMax, int ncMax) where TK : struct, IMicroKernel
    {
        int NR = TK.NR, M = op.M, N = op.N, K = op.K;
        int slivers = CeilDiv(N, NR), panels = CeilDiv(M, TK.MR);
        // The k blocks are the first split: a task that owns a whole block reads its A and B once, while splitting M
        // re-reads B for every part (and splitting N re-reads A). Split M or N further, the larger, only when the
        // blocks are too few to give each thread TasksPerThread tasks; but M when A is packed (transposed, not read in
        // place): B's slivers are packed once for all tasks, A's rows by each task that reads them. Measured on Zen 5, two
        // threads, dW of 384×1536 over k = 2048 (A packed, N the larger): 390 GFLOP/s splitting N, 410 splitting M.
        int mTasks = 1, nTasks = 1, wanted = CeilDiv(TasksPerThread * (pool?.Threads ?? 1), kBlocks);
        if (M >= N || (op.TransA && !IsDirect(op))) mTasks = Math.Min(panels, wanted);
        else nTasks = Math.Min(slivers, wanted);
        long panelFloats = (long)kcMax * ncMax, partialFloats = (long)M * N;
        // Per block: a packed B panel and its sliver states; per later block: a partial C [M, N].
        float* panels0 = Scratch.PanelB((int)(kBlocks * (panelFloats + slivers) + (kBlocks - 1) * partialFloats));
        int* states = (int*)(panels0 + kBlocks * panelFloats);
        float* partials = (float*)(states + kBlocks * slivers);
        new Span<int>(states, kBlocks * slivers).Clear();
        var body = new SplitKTask<TK>
        {
            Op = op, Panels0 = panels0, PanelFloats = panelFloats, States = states, Partials = partials, PartialFloats = partialFloats,
            KBlocks = kBlocks, Panels = panels, Slivers = slivers, MTasks = mTasks, NTasks = nTasks,
        };
        RunTasks(pool, kBlocks * mTasks * nTasks, ref body);
        var reduce = new ReducePartials { Op = op, Partials = partials, PartialFloats = partialFloats, Blocks = kBlocks - 1 };
        RunTasks(pool, CeilDiv(M, ReduceRows), ref reduce);
    }

    unsafe struct SplitKTask<TK> : IParallelBody where TK : struct, IMicroKernel
    {
        public Operands Op;
        public float* Panels0, Partials;
        public int* States;
        public long PanelFloats, PartialFloats;
        public int KBlocks, Panels, Slivers, MTasks, NTasks;

        public void Run(int index)
        {
            int perBlock = MTasks * NTasks, kb = index / perBlock, rest = index % perBlock;
            int K = Op.K, p0 = Boundary(kb, KBlocks, K, 8), kc = Boundary(kb + 1, KBlocks, K, 8) - p0;
            var t = new ComputeTask<TK>
            {
                Op = Op, C = kb == 0 ? Op.C : Partials + (kb - 1) * PartialFloats, Ldc = kb == 0 ? Op.Ldc : Op.N,
                PanelB = Panels0 + kb * PanelFloats, SliverState = States + kb * Slivers, J0 = 0, Nc = Op.N, P0 = p0, Kc = kc,
                Add = kb == 0 && Op.Accumulate,
                Panels = Panels, Slivers = Slivers, MTasks = MTasks, NTasks = NTasks,
            };
            t.Run(rest);
        }
    }

    // Rows of C per reduction task.
    const int ReduceRows = 16;

    /// <summary>C[i, j] += partial_1[i, j], then += partial_2[i, j], … in block order; then the epilogue.</summary>
    unsafe struct ReducePartials : IParallelBody
    {
        public Operands Op;
        public float* Partials;
        public long PartialFloats;
        public int Blocks;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            ref readonly var op = ref Op;
            int N = op.N, i0 = index * ReduceRows, i1 = Math.Min(op.M, i0 + ReduceRows);
            for (int i = i0; i < i1; i++)
            {
                var c = new Span<float>(op.C + i * op.Ldc, N);
                for (int b = 0; b < Blocks; b++)
                    System.Numerics.Tensors.TensorPrimitives.Add(c, new ReadOnlySpan<float>(Partials + b * PartialFloats + (long)i * N, N), c);
            }
            if (!op.Epilogue.IsEmpty) ApplyEpilogue(op.Epilogue, op.C + i0 * op.Ldc, op.Ldc, i0, 0, i1 - i0, N);
        }
    }
}
