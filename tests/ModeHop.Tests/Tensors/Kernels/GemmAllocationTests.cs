using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>Allocation counts are measured with no other test running beside them.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTests;

[Collection(nameof(AllocationTests))]
public class GemmAllocationTests
{
    [Theory]
    [MemberData(nameof(GemmTests.KernelNames), MemberType = typeof(GemmTests))]
    public void Compute_SecondCallOfSameShape_AllocatesNothing(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var packed = new GemmTests.Problem(transA: false, transB: true, accumulate: false, m: 300, n: 200, k: 1100, seed: 3);
        var gemv = new GemmTests.Problem(transA: true, transB: false, accumulate: true, m: 2, n: 3000, k: 800, seed: 4);
        var dot = new GemmTests.Problem(transA: false, transB: true, accumulate: false, m: 20, n: 2998, k: 100, seed: 5);
        using var pool = new WorkerPool(2);
        var c1 = (float[])packed.C.Clone();
        var c2 = (float[])gemv.C.Clone();
        var c3 = (float[])dot.C.Clone();
        var pools = new WorkerPool?[] { null, pool };
        void Run()
        {
            foreach (var p in pools)
            {
                Gemm.Compute(kernel, p, packed.TransA, packed.TransB, packed.M, packed.N, packed.K,
                    packed.A, packed.Lda, packed.B, packed.Ldb, c1, packed.Ldc, packed.Accumulate);
                Gemm.Compute(kernel, p, gemv.TransA, gemv.TransB, gemv.M, gemv.N, gemv.K,
                    gemv.A, gemv.Lda, gemv.B, gemv.Ldb, c2, gemv.Ldc, gemv.Accumulate);
                Gemm.Compute(kernel, p, dot.TransA, dot.TransB, dot.M, dot.N, dot.K,
                    dot.A, dot.Lda, dot.B, dot.Ldb, c3, dot.Ldc, dot.Accumulate);
            }
        }
        Run();
        Run();

        var allocated = new long[5];
        for (int i = 0; i < allocated.Length; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run();
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // A per-call allocation shows in every measured run. At most one run may show a count: the
        // runtime occasionally charges the unused rest of the thread's allocation context (about
        // 8 KB) to whatever runs at that moment, with no collection and no allocation of ours.
        Assert.True(allocated.Count(a => a != 0) <= 1, $"Bytes allocated per repeated call: {string.Join(", ", allocated)}");
    }
}
