using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tests.Tensors.Kernels;

public class GemmTests
{
    // Shapes (M, N, K): degenerate and odd sizes, sizes that are not multiples of the 12×32 / 6×16 tiles,
    // GEMV shapes (≤ 4 rows or columns), K beyond one 1024-deep k block, N beyond one 2048-wide N block,
    // shapes large enough to run in parallel (≥ 2²² multiply-adds), and for A transposed with B plain both
    // sides of the in-place threshold (400×400 has strides past it, the others within). X·Wᵀ with 5 to 24 rows runs
    // as dot products on AVX-512; 20×2998×100 does so in parallel, with edge rows of W and a k tail. 70×90×2500 has three
    // k blocks and a small C, which run in one parallel phase into partial sums (SplitK), with edge tiles.
    static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (13, 37, 29), (100, 1, 7), (1, 50, 9), (3, 70, 40), (12, 32, 8), (6, 16, 300),
        (25, 65, 300), (37, 100, 1100), (40, 2200, 60), (160, 200, 150), (2, 3000, 800), (3000, 3, 700),
        (400, 400, 50), (20, 2998, 100), (70, 90, 2500),
    ];

    public static IEnumerable<string> Kernels()
        => new[] { GemmKernel.Avx512, GemmKernel.Avx2, GemmKernel.Scalar }.Where(Gemm.IsSupported).Select(k => k.ToString());

    public static TheoryData<string, bool, bool, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, bool, bool, int>();
        foreach (var kernel in Kernels())
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    foreach (bool accumulate in new[] { false, true })
                        for (int s = 0; s < Shapes.Length; s++)
                            data.Add(kernel, transA, transB, accumulate, s);
        return data;
    }

    public static TheoryData<string> KernelNames()
    {
        var data = new TheoryData<string>();
        foreach (var kernel in Kernels()) data.Add(kernel);
        return data;
    }

    /// <summary>Operands for one case, with every leading dimension larger than its minimum (sub-matrix views).</summary>
    internal sealed class Problem
    {
        public readonly bool TransA, TransB, Accumulate;
        public readonly int M, N, K, Lda, Ldb, Ldc;
        public readonly float[] A, B, C;

        public Problem(bool transA, bool transB, bool accumulate, int m, int n, int k, int seed)
        {
            (TransA, TransB, Accumulate, M, N, K) = (transA, transB, accumulate, m, n, k);
            Lda = (transA ? m : k) + 3;
            Ldb = (transB ? k : n) + 5;
            Ldc = n + 7;
            A = TestData.Normal((transA ? k : m) * Lda, seed);
            B = TestData.Normal((transB ? n : k) * Ldb, seed + 1);
            // Without accumulate, C must be overwritten, never read: NaN would leak into the result.
            C = accumulate ? TestData.Normal(m * Ldc, seed + 2) : Enumerable.Repeat(float.NaN, m * Ldc).ToArray();
        }

        public float[] Run(GemmKernel kernel, WorkerPool? pool)
        {
            var c = (float[])C.Clone();
            Gemm.Compute(kernel, pool, TransA, TransB, M, N, K, A, Lda, B, Ldb, c, Ldc, Accumulate);
            return c;
        }

        public float[] Expected()
        {
            var c = (float[])C.Clone();
            Gemm.Reference(TransA, TransB, M, N, K, A, Lda, B, Ldb, c, Ldc, Accumulate);
            return c;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_EveryKernelFormAndShape_MatchesReferenceSerialAndParallel(
        string kernelName, bool transA, bool transB, bool accumulate, int shape)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var (m, n, k) = Shapes[shape];
        var problem = new Problem(transA, transB, accumulate, m, n, k, seed: 100 + shape);
        var expected = problem.Expected();
        using var pool = new WorkerPool(2);

        var serial = problem.Run(kernel, pool: null);
        var parallel = problem.Run(kernel, pool);

        // The padding columns between n and ldc are compared too: they must be left untouched.
        TestData.AssertClose(serial, expected, atol: 1e-5f * k, rtol: 1e-4f, $"{kernel} serial");
        Assert.Equal(serial, parallel);
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Compute_OneTwoThreeThreadsAndRepeats_GiveIdenticalBits(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        // Two k blocks, two N blocks, edge tiles in M and N, and enough work to split across threads.
        var problem = new Problem(transA: false, transB: true, accumulate: true, m: 150, n: 2100, k: 1100, seed: 7);
        using var one = new WorkerPool(1);
        using var two = new WorkerPool(2);
        using var three = new WorkerPool(3);

        var first = problem.Run(kernel, pool: null);

        Assert.Equal(first, problem.Run(kernel, pool: null));
        Assert.Equal(first, problem.Run(kernel, one));
        Assert.Equal(first, problem.Run(kernel, two));
        Assert.Equal(first, problem.Run(kernel, three));

        // dW = dYᵀ·X over many tokens: four k blocks in one phase (SplitK) on two and three threads.
        var longK = new Problem(transA: true, transB: false, accumulate: true, m: 100, n: 70, k: 4000, seed: 8);
        var serial = longK.Run(kernel, pool: null);
        Assert.Equal(serial, longK.Run(kernel, two));
        Assert.Equal(serial, longK.Run(kernel, three));
    }

    /// <summary>
    /// X·Wᵀ and dY·W with few rows and many outputs run as Cᵀ = op(W)ᵀ·Xᵀ stored transposed (Gemm.UseSwap): their bits are
    /// those of computing Cᵀ directly and transposing it, with edge slivers (rows not a multiple of NR), a full k block,
    /// several k blocks (added to C one after another), accumulation, serially and in parallel.
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Compute_FewRowsManyOutputs_EqualsTransposeOfTheSwappedMultiply(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        using var pool = new WorkerPool(2);
        // The plain loops (Scalar) swap nothing; for X·Wᵀ they sum each element along k as its transpose does, for dY·W not.
        foreach (bool transB in kernel == GemmKernel.Scalar ? new[] { true } : new[] { true, false })
            foreach (var (m, n, k) in new[] { (40, 300, 64), (50, 333, 90), (64, 700, 1024), (256, 1000, 200), (30, 100, 2500) })
                foreach (bool accumulate in new[] { false, true })
                {
                    var x = TestData.Normal(m * k, 21);
                    var w = TestData.Normal(n * k, 22, 0.3f); // [n, k] for X·Wᵀ, [k, n] for dY·W
                    var start = TestData.Normal(m * n, 23);
                    var transposed = new float[n * m];
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) transposed[j * m + i] = start[i * n + j];
                    // Cᵀ [n, m] = op(W)ᵀ·Xᵀ: n rows, more than the swap takes, so this one runs as written.
                    Gemm.Compute(kernel, null, !transB, true, n, m, k, w, transB ? k : n, x, k, transposed, m, accumulate);
                    var expected = new float[m * n];
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) expected[i * n + j] = transposed[j * m + i];
                    foreach (var p in new[] { null, pool })
                    {
                        var c = (float[])start.Clone();
                        Gemm.Compute(kernel, p, false, transB, m, n, k, x, k, w, transB ? k : n, c, n, accumulate);
                        Assert.Equal(expected, c);
                    }
                }
    }

    [Fact]
    public void Compute_PublicApiSerialAndParallel_MatchesReference()
    {
        var problem = new Problem(transA: true, transB: false, accumulate: true, m: 130, n: 170, k: 260, seed: 11);
        var expected = problem.Expected();
        foreach (bool parallel in new[] { false, true })
        {
            var c = (float[])problem.C.Clone();
            Gemm.Compute(true, false, problem.M, problem.N, problem.K, problem.A, problem.Lda,
                problem.B, problem.Ldb, c, problem.Ldc, accumulate: true, parallel: parallel);
            TestData.AssertClose(c, expected, atol: 1e-5f * problem.K, rtol: 1e-4f, $"parallel={parallel}");
        }
    }

    [Fact]
    public async Task Compute_SerialCallsFromTwoThreadsAtOnce_UseSeparateScratch()
    {
        var problems = new[]
        {
            new Problem(false, true, false, 200, 300, 1100, seed: 21),
            new Problem(true, false, false, 250, 180, 700, seed: 22),
        };
        var expected = problems.Select(p => p.Run(GemmKernel.Auto, pool: null)).ToArray();

        var runs = problems.Select(p => Task.Run(() =>
        {
            var results = new List<float[]>();
            for (int r = 0; r < 20; r++) results.Add(p.Run(GemmKernel.Auto, pool: null));
            return results;
        })).ToArray();
        var all = await Task.WhenAll(runs);

        for (int i = 0; i < problems.Length; i++)
            Assert.All(all[i], c => Assert.Equal(expected[i], c));
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Compute_ZeroDepth_ClearsOrKeepsC(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var c = new float[] { 1, 2, 3, 4, 5, 6 };

        Gemm.Compute(kernel, null, false, false, 2, 2, 0, [], 1, [], 2, c, 3, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c);

        Gemm.Compute(kernel, null, false, false, 2, 2, 0, [], 1, [], 2, c, 3, accumulate: false);
        Assert.Equal(new float[] { 0, 0, 3, 0, 0, 6 }, c);
    }

    [Fact]
    public void Compute_BadArguments_ThrowWithTheOperandNamed()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];

        var shortA = Assert.Throws<ArgumentException>(() => Gemm.Compute(false, false, 2, 2, 4, a, 4, b, 2, c, 2, false));
        Assert.Contains("A is [M, K]", shortA.Message);
        var narrowB = Assert.Throws<ArgumentException>(() => Gemm.Compute(false, true, 2, 2, 3, a, 3, b, 2, c, 2, false));
        Assert.Contains("B is [N, K]", narrowB.Message);
        var shortC = Assert.Throws<ArgumentException>(() => Gemm.Compute(false, false, 2, 3, 2, a, 2, b, 3, c, 3, false));
        Assert.Contains("C is [M, N]", shortC.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Compute(false, false, -1, 2, 2, a, 2, b, 2, c, 2, false));
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public unsafe void Tiles_EveryKernel_MatchPlainLoopsFromRowsAndFromColumns(string kernelName)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        int MR = Gemm.TileRowsOf(kernel), NR = Gemm.TileColumnsOf(kernel), kc = 37;
        int lda = kc + 3, aStep = MR + 2, bStep = NR + 5, ldc = NR + 7;
        var rows = TestData.Normal(MR * lda, 1);
        var columns = TestData.Normal(kc * aStep, 2);
        var b = TestData.Normal(kc * bStep, 3);
        var start = TestData.Normal(MR * ldc, 4);
        foreach (bool add in new[] { false, true })
        {
            var fromRows = (float[])start.Clone();
            var fromColumns = (float[])start.Clone();
            fixed (float* pr = rows, pc = columns, pb = b, cr = fromRows, cc = fromColumns)
            {
                Gemm.TileFromRows(kernel, kc, pr, lda, pb, bStep, cr, ldc, add);
                Gemm.TileFromColumns(kernel, kc, pc, aStep, pb, bStep, cc, ldc, add);
            }
            for (int r = 0; r < MR; r++)
                for (int j = 0; j < NR; j++)
                {
                    double sumRows = 0, sumColumns = 0;
                    for (int p = 0; p < kc; p++)
                    {
                        sumRows += (double)rows[r * lda + p] * b[p * bStep + j];
                        sumColumns += (double)columns[p * aStep + r] * b[p * bStep + j];
                    }
                    double baseline = add ? start[r * ldc + j] : 0;
                    Assert.Equal(baseline + sumRows, fromRows[r * ldc + j], 1e-4);
                    Assert.Equal(baseline + sumColumns, fromColumns[r * ldc + j], 1e-4);
                }
            // Columns past NR are never written.
            for (int r = 0; r < MR; r++)
                for (int j = NR; j < ldc; j++)
                    Assert.Equal(start[r * ldc + j], fromRows[r * ldc + j]);
        }
    }
}
