namespace ModeHop.Tensors.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// Plain loops for machines without 256-bit SIMD. Rows of C are summed in place in k order
    /// (i-p-j) when B rows are contiguous, and as dot products when B is transposed.
    /// </summary>
    static unsafe void Scalar(in Operands op)
    {
        int M = op.M, N = op.N, K = op.K;
        for (int i = 0; i < M; i++)
        {
            float* c = op.C + i * op.Ldc;
            if (op.TransB)
            {
                for (int j = 0; j < N; j++)
                {
                    float* b = op.B + j * op.Ldb;
                    float sum = 0f;
                    for (int p = 0; p < K; p++) sum += ElementA(op, i, p) * b[p];
                    c[j] = op.Accumulate ? c[j] + sum : sum;
                }
                continue;
            }
            if (!op.Accumulate) new Span<float>(c, N).Clear();
            for (int p = 0; p < K; p++)
            {
                float x = ElementA(op, i, p);
                float* b = op.B + p * op.Ldb;
                for (int j = 0; j < N; j++) c[j] += x * b[j];
            }
        }
    }

    static unsafe float ElementA(in Operands op, int i, int p)
        => op.TransA ? op.A[p * op.Lda + i] : op.A[i * op.Lda + p];
}
