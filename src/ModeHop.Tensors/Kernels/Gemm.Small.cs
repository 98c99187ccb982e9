using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

// Matrix-vector shapes: C with at most SmallEdge rows or columns. Packing would pad each one to a
// 12×32 tile and copy the big operand once more, so these run on the unpacked operands as
//   gemv: out[x] = Σ_p s[p]·Y[p, x]      (the big operand's rows run along the output), or
//   dot:  out    = Σ_p u[p]·v[p]         (the big operand's rows run along k).
// Parallel tasks take ranges of the long output dimension; each element's sum is the same whatever
// the range, so results do not depend on the thread count.
public static partial class Gemm
{
    const int SmallEdge = 4;
    // Outputs of the long dimension per task.
    const int SmallChunk = 256;

    static bool UseSmall(int m, int n) => m <= SmallEdge || n <= SmallEdge;

    static unsafe void Small<TK>(in Operands op, WorkerPool? pool) where TK : struct, IMicroKernel
    {
        int length = op.M <= SmallEdge ? op.N : op.M;
        bool parallel = pool is not null && (long)op.M * op.N * op.K >= ParallelMinWork;
        Scratch.BlockA(op.K); // see Packed: the caller's buffer is sized whether or not it runs a task
        var body = new SmallTask<TK> { Op = op, Length = length };
        RunTasks(parallel ? pool : null, CeilDiv(length, SmallChunk), ref body);
    }

    unsafe struct SmallTask<TK> : IParallelBody where TK : struct, IMicroKernel
    {
        public Operands Op;
        public int Length;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int index)
        {
            ref readonly var op = ref Op;
            int x0 = index * SmallChunk, width = Math.Min(SmallChunk, Length - x0), K = op.K;
            float* gathered = Scratch.BlockA(K);
            if (op.M <= SmallEdge)
            {
                // Rows of C: c[i, x0..] = a_i · op(B)[.., x0..].
                for (int i = 0; i < op.M; i++)
                {
                    float* c = op.C + i * op.Ldc + x0;
                    float* a = op.TransA ? op.A + i : op.A + i * op.Lda;
                    nint aStride = op.TransA ? op.Lda : 1;
                    if (!op.TransB)
                    {
                        Gemv<TK>(a, aStride, op.B + x0, op.Ldb, K, width, c, 1, op.Accumulate);
                        continue;
                    }
                    if (aStride != 1) a = Gather(a, aStride, K, gathered);
                    for (int j = 0; j < width; j++)
                        Put(c + j, Dot<TK>(a, op.B + (x0 + j) * op.Ldb, K), op.Accumulate);
                }
                return;
            }
            // Columns of C: c[x0.., j] = op(A)[x0.., ..] · b_j.
            for (int j = 0; j < op.N; j++)
            {
                float* c = op.C + x0 * op.Ldc + j;
                float* b = op.TransB ? op.B + j * op.Ldb : Gather(op.B + j, op.Ldb, K, gathered);
                if (op.TransA)
                {
                    Gemv<TK>(b, 1, op.A + x0, op.Lda, K, width, c, op.Ldc, op.Accumulate);
                    continue;
                }
                for (int i = 0; i < width; i++)
                    Put(c + i * op.Ldc, Dot<TK>(op.A + (x0 + i) * op.Lda, b, K), op.Accumulate);
            }
        }
    }

    static unsafe float* Gather(float* src, nint stride, int count, float* dst)
    {
        for (int p = 0; p < count; p++) dst[p] = src[p * stride];
        return dst;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Put(float* c, float value, bool add) => *c = add ? *c + value : value;

    /// <summary>dst[x·dstStride] (+)= Σ_p s[p·sStride]·y[p·ldy + x] for x &lt; width, each sum in p order.</summary>
    [SkipLocalsInit]
    static unsafe void Gemv<TK>(float* s, nint sStride, float* y, nint ldy, int k, int width,
        float* dst, nint dstStride, bool add) where TK : struct, IMicroKernel
    {
        float* sums = stackalloc float[64];
        for (int x = 0; x < width; x += 64)
        {
            int w = Math.Min(64, width - x);
            if (TK.Lanes == 16) GemvSlab512(s, sStride, y + x, ldy, k, w, sums);
            else GemvSlab256(s, sStride, y + x, ldy, k, w, sums);
            for (int i = 0; i < w; i++) Put(dst + (x + i) * dstStride, sums[i], add);
        }
    }

    /// <summary>sums[x] = Σ_p s[p·sStride]·y[p·ldy + x] for x &lt; w ≤ 64.</summary>
    static unsafe void GemvSlab512(float* s, nint sStride, float* y, nint ldy, int k, int w, float* sums)
    {
        if (w == 64)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int p = 0; p < k; p++, s += sStride, y += ldy)
            {
                var x = Vector512.Create(*s);
                a0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(y), a0);
                a1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(y + 16), a1);
                a2 = Vector512.FusedMultiplyAdd(x, Vector512.Load(y + 32), a2);
                a3 = Vector512.FusedMultiplyAdd(x, Vector512.Load(y + 48), a3);
            }
            a0.Store(sums); a1.Store(sums + 16); a2.Store(sums + 32); a3.Store(sums + 48);
            return;
        }
        int v = 0;
        for (; v + 16 <= w; v += 16)
        {
            Vector512<float> a = default;
            for (int p = 0; p < k; p++) a = Vector512.FusedMultiplyAdd(Vector512.Create(s[p * sStride]), Vector512.Load(y + p * ldy + v), a);
            a.Store(sums + v);
        }
        GemvScalar(s, sStride, y, ldy, k, v, w, sums);
    }

    /// <summary><see cref="GemvSlab512"/> on 256-bit vectors.</summary>
    static unsafe void GemvSlab256(float* s, nint sStride, float* y, nint ldy, int k, int w, float* sums)
    {
        int v = 0;
        for (; v + 32 <= w; v += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            float* sp = s, yp = y + v;
            for (int p = 0; p < k; p++, sp += sStride, yp += ldy)
            {
                var x = Vector256.Create(*sp);
                a0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(yp), a0);
                a1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(yp + 8), a1);
                a2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(yp + 16), a2);
                a3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(yp + 24), a3);
            }
            a0.Store(sums + v); a1.Store(sums + v + 8); a2.Store(sums + v + 16); a3.Store(sums + v + 24);
        }
        for (; v + 8 <= w; v += 8)
        {
            Vector256<float> a = default;
            for (int p = 0; p < k; p++) a = Vector256.FusedMultiplyAdd(Vector256.Create(s[p * sStride]), Vector256.Load(y + p * ldy + v), a);
            a.Store(sums + v);
        }
        GemvScalar(s, sStride, y, ldy, k, v, w, sums);
    }

    static unsafe void GemvScalar(float* s, nint sStride, float* y, nint ldy, int k, int from, int w, float* sums)
    {
        for (int x = from; x < w; x++)
        {
            float sum = 0f;
            for (int p = 0; p < k; p++) sum = MathF.FusedMultiplyAdd(s[p * sStride], y[p * ldy + x], sum);
            sums[x] = sum;
        }
    }

    /// <summary>Σ_p u[p]·v[p] with four vector partial sums (p mod 4 vectors) added in a fixed order.</summary>
    static unsafe float Dot<TK>(float* u, float* v, int k) where TK : struct, IMicroKernel
    {
        int p = 0;
        float sum;
        if (TK.Lanes == 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; p + 64 <= k; p += 64)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(u + p), Vector512.Load(v + p), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(u + p + 16), Vector512.Load(v + p + 16), a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(u + p + 32), Vector512.Load(v + p + 32), a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(u + p + 48), Vector512.Load(v + p + 48), a3);
            }
            for (; p + 16 <= k; p += 16)
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(u + p), Vector512.Load(v + p), a0);
            sum = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; p + 32 <= k; p += 32)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(u + p), Vector256.Load(v + p), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(u + p + 8), Vector256.Load(v + p + 8), a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(u + p + 16), Vector256.Load(v + p + 16), a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(u + p + 24), Vector256.Load(v + p + 24), a3);
            }
            for (; p + 8 <= k; p += 8)
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(u + p), Vector256.Load(v + p), a0);
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        for (; p < k; p++) sum = MathF.FusedMultiplyAdd(u[p], v[p], sum);
        return sum;
    }
}
