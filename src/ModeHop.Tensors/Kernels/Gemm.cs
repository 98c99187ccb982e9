using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major spans:
/// <c>C[M,N] = (accumulate ? C : 0) + op(A)·op(B)</c>, where
/// op(A) is A[M,K] (leading dimension lda) or, when <c>transA</c>, the transpose of A[K,M];
/// op(B) is B[K,N] (ldb) or, when <c>transB</c>, the transpose of B[N,K].
/// The three training forms of a linear layer are Y = X·Wᵀ (transB), dX += dY·W and
/// dW += dYᵀ·X (transA, accumulate).
/// </summary>
/// <remarks>
/// The fast path is a GotoBLAS/BLIS-style packed GEMM (see Gemm.Packed.cs): a register-blocked
/// micro-kernel (12×32 on AVX-512, 6×16 on AVX2) over B packed k-major and A packed the same way
/// or, when not transposed, read in place; a long k with a small C runs its k blocks in one phase
/// (Gemm.SplitK.cs), and few rows with many outputs run as Cᵀ stored transposed (Gemm.Swap.cs).
/// C with at most 4 rows or columns runs as matrix-vector
/// products instead (Gemm.Small.cs), and X·Wᵀ with a few more rows as register-tiled dot products on
/// AVX-512 (Gemm.Dot.cs); machines without AVX2 get plain loops (Gemm.Scalar.cs).
/// Every element of C is summed in the same order whatever the thread count or tiling:
/// k in blocks fixed by K alone, FMA chains in k order inside a block (for dW read in place, chains over
/// sub-blocks of a block added in order), blocks added to C in order.
/// </remarks>
public static partial class Gemm
{
    /// <summary>The fast path, parallel over the shared pool unless <paramref name="parallel"/> is false
    /// (then it runs entirely on the calling thread).</summary>
    public static void Compute(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate, bool parallel = true)
    {
        Compute(GemmKernel.Auto, parallel ? WorkerPool.Shared : null,
            transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    /// <summary>The kernel <see cref="GemmKernel.Auto"/> resolves to on this machine.</summary>
    internal static GemmKernel BestKernel { get; } =
        Kernel512.IsSupported ? GemmKernel.Avx512
        : Kernel256.IsSupported ? GemmKernel.Avx2
        : GemmKernel.Scalar;

    /// <summary>True when <paramref name="kernel"/> can run on this machine.</summary>
    internal static bool IsSupported(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Auto or GemmKernel.Scalar => true,
        GemmKernel.Avx512 => Kernel512.IsSupported,
        GemmKernel.Avx2 => Kernel256.IsSupported,
        _ => false,
    };

    /// <summary>
    /// <see cref="Compute(bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool, bool)"/>
    /// with the implementation chosen by the caller (tests) and parallel over <paramref name="pool"/>,
    /// or serial on the calling thread when it is null.
    /// </summary>
    internal static unsafe void Compute(GemmKernel kernel, WorkerPool? pool,
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
        => Compute(kernel, pool, transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, default, default, EpilogueActivation.None);

    /// <summary>
    /// Y = X·Wᵀ + bias (+ residual), then act = f(Y) when <paramref name="activation"/> is not None (a linear layer with its
    /// residual add or its activation in one pass; see <see cref="Epilogue"/>). x [M, K], weight [N, K], bias [N] or empty,
    /// y [M, N], activated [M, N] or empty, residual [M, N] or empty.
    /// </summary>
    internal static void LinearForward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int m, int n, int k,
        EpilogueActivation activation, Span<float> y, Span<float> activated, ReadOnlySpan<float> residual = default)
        => Compute(GemmKernel.Auto, WorkerPool.Shared, false, true, m, n, k, x, k, weight, k, y, n, accumulate: false, bias, activated, activation, residual);

    /// <summary>As the fast path, then the epilogue on every element of C (bias [N] or empty; activated and residual
    /// [M, N] with leading dimension N, or empty).</summary>
    internal static unsafe void Compute(GemmKernel kernel, WorkerPool? pool,
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate,
        ReadOnlySpan<float> bias, Span<float> activated, EpilogueActivation activation, ReadOnlySpan<float> residual = default)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (!bias.IsEmpty && bias.Length != n)
            throw new ArgumentException($"Gemm: the bias has {bias.Length} values, expected N = {n}.");
        if ((activation != EpilogueActivation.None) != !activated.IsEmpty || (!activated.IsEmpty && activated.Length < (long)m * n))
            throw new ArgumentException($"Gemm: activation {activation} needs an activated output of [M, N] = [{m}, {n}], got {activated.Length} values.");
        if (!residual.IsEmpty && residual.Length < (long)m * n)
            throw new ArgumentException($"Gemm: the residual has {residual.Length} values, expected [M, N] = [{m}, {n}].");
        if (kernel == GemmKernel.Auto) kernel = BestKernel;
        else if (!IsSupported(kernel))
            throw new PlatformNotSupportedException($"Gemm: kernel {kernel} needs CPU instructions this machine lacks; use {BestKernel}.");
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, pact = activated, pres = residual)
        {
            var epilogue = new Epilogue(bias.IsEmpty ? null : pbias, activation, activated.IsEmpty ? null : pact, n, residual.IsEmpty ? null : pres);
            var op = new Operands(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, epilogue);
            if (k == 0)
            {
                if (!accumulate) ClearC(op);
                EpilogueAfter(op);
                return;
            }
            switch (kernel)
            {
                case GemmKernel.Avx512:
                    if (UseSmall(m, n)) { Small<Kernel512>(op, pool); EpilogueAfter(op); }
                    else if (UseDot(op)) { Dot(op, pool); EpilogueAfter(op); }
                    else PackedOrSwapped<Kernel512>(op, pool);
                    break;
                case GemmKernel.Avx2:
                    if (UseSmall(m, n)) { Small<Kernel256>(op, pool); EpilogueAfter(op); }
                    else PackedOrSwapped<Kernel256>(op, pool);
                    break;
                default:
                    Scalar(op);
                    EpilogueAfter(op);
                    break;
            }
        }
    }

    static void Validate(bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm: sizes must be non-negative, got m={m}, n={n}, k={k}.");
        CheckOperand("A", transA ? k : m, transA ? m : k, aLength, lda, transA ? "[K, M] (transA)" : "[M, K]");
        CheckOperand("B", transB ? n : k, transB ? k : n, bLength, ldb, transB ? "[N, K] (transB)" : "[K, N]");
        CheckOperand("C", m, n, cLength, ldc, "[M, N]");
    }

    static void CheckOperand(string name, int rows, int columns, int length, int leading, string layout)
    {
        if (leading < Math.Max(1, columns))
            throw new ArgumentException($"Gemm: {name} is {layout} = [{rows}, {columns}], so its leading dimension must be at least {Math.Max(1, columns)}, got {leading}.");
        if (rows == 0 || columns == 0) return;
        long need = (long)(rows - 1) * leading + columns;
        if (length < need)
            throw new ArgumentException($"Gemm: {name} is {layout} = [{rows}, {columns}] with leading dimension {leading}, which needs {need} floats, but the span holds {length}.");
    }

    static unsafe void ClearC(in Operands op)
    {
        for (int i = 0; i < op.M; i++) new Span<float>(op.C + i * op.Ldc, op.N).Clear();
    }

    /// <summary>The epilogue as a pass over all of C, for the paths that do not apply it tile by tile (small shapes).</summary>
    static unsafe void EpilogueAfter(in Operands op)
    {
        if (!op.Epilogue.IsEmpty) ApplyEpilogue(op.Epilogue, op.C, op.Ldc, 0, 0, op.M, op.N);
    }

    /// <summary>The arguments of one multiply, pinned.</summary>
    /// <remarks>
    /// With <see cref="TransposedC"/> the operands are those of Cᵀ = op(B)ᵀ·op(A)ᵀ (see <see cref="Swapped"/>): M, N, A and B
    /// describe Cᵀ, while C, its leading dimension and the epilogue stay those of C, so element (i, j) of the product is
    /// stored at C[j, i].
    /// </remarks>
    private readonly unsafe struct Operands(bool transA, bool transB, int m, int n, int k,
        float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate, Epilogue epilogue = default, bool transposedC = false)
    {
        public readonly bool TransA = transA, TransB = transB, Accumulate = accumulate, TransposedC = transposedC;
        public readonly int M = m, N = n, K = k;
        public readonly float* A = a, B = b, C = c;
        public readonly nint Lda = lda, Ldb = ldb, Ldc = ldc;
        public readonly Epilogue Epilogue = epilogue;

        /// <summary>The same multiply as Cᵀ = op(B)ᵀ·op(A)ᵀ, stored transposed into C: every element is the same FMA chain.</summary>
        public Operands Swapped() => new(!TransB, !TransA, N, M, K, B, Ldb, A, Lda, C, Ldc, Accumulate, Epilogue, transposedC: true);

        /// <summary>The same multiply with <see cref="Epilogue.WithBiasOnly"/>.</summary>
        public Operands WithBiasOnly() => new(TransA, TransB, M, N, K, A, Lda, B, Ldb, C, Ldc, Accumulate, Epilogue.WithBiasOnly(), TransposedC);
    }

    /// <summary>Plain triple loop: the oracle every fast path is tested against.</summary>
    public static void Reference(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate)
    {
        int M = m, N = n, K = k;
        for (int i = 0; i < M; i++)
        {
            for (int j = 0; j < N; j++)
            {
                float sum = 0f;
                for (int p = 0; p < K; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
        }
    }
}

/// <summary>Which implementation <see cref="Gemm"/> runs; tests force each one.</summary>
internal enum GemmKernel
{
    /// <summary>The best one this machine supports.</summary>
    Auto,
    /// <summary>12×32 micro-kernel on <see cref="Vector512{T}"/>.</summary>
    Avx512,
    /// <summary>6×16 micro-kernel on <see cref="Vector256{T}"/> (AVX2 + FMA machines).</summary>
    Avx2,
    /// <summary>Plain loops, for machines without 256-bit SIMD.</summary>
    Scalar,
}
