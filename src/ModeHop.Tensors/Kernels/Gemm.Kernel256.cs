using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModeHop.Tensors.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// 6×16 AVX2 micro-kernel for machines without AVX-512: 12 ymm accumulators plus two B vectors and
    /// one broadcast fit the 16 ymm registers of AVX2.
    /// </summary>
    private unsafe struct Kernel256 : IMicroKernel
    {
        public static int MR => 6;
        public static int NR => 16;
        public static int Lanes => 8;
        public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;

        /// <summary>Ã packed k-major as MR-row panels, B̃ as an NR-column sliver.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool add, float* bias) => RunStrided(kc, a, 6, b, 16, c, ldc, add, bias);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RunStrided(int kc, float* a, nint aStep, float* b, nint bStep, float* c, nint ldc, bool add, float* bias)
        {
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default,
                c20 = default, c21 = default, c30 = default, c31 = default,
                c40 = default, c41 = default, c50 = default, c51 = default;
            for (int p = 0; p < kc; p++)
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 8);
                var x = Vector256.Create(a[0]);
                c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                x = Vector256.Create(a[1]);
                c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                x = Vector256.Create(a[2]);
                c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                x = Vector256.Create(a[3]);
                c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
                x = Vector256.Create(a[4]);
                c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
                x = Vector256.Create(a[5]);
                c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
                a += aStep;
                b += bStep;
            }
            Store(c, c00, c01, add, bias); c += ldc;
            Store(c, c10, c11, add, bias); c += ldc;
            Store(c, c20, c21, add, bias); c += ldc;
            Store(c, c30, c31, add, bias); c += ldc;
            Store(c, c40, c41, add, bias); c += ldc;
            Store(c, c50, c51, add, bias);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RunRows(int kc, float* a, nint lda, float* b, nint bStep, float* c, nint ldc, bool add, float* bias)
        {
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default,
                c20 = default, c21 = default, c30 = default, c31 = default,
                c40 = default, c41 = default, c50 = default, c51 = default;
            // Rows 0-2 and 3-5 at base, base + lda, base + 2·lda.
            float* a0 = a, a3 = a + 3 * lda;
            nint l1 = lda, l2 = 2 * lda;
            for (int p = 0; p < kc; p++)
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + 8);
                var x = Vector256.Create(a0[0]);
                c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                x = Vector256.Create(a0[l1]);
                c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                x = Vector256.Create(a0[l2]);
                c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                x = Vector256.Create(a3[0]);
                c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
                x = Vector256.Create(a3[l1]);
                c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
                x = Vector256.Create(a3[l2]);
                c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
                a0++; a3++;
                b += bStep;
            }
            Store(c, c00, c01, add, bias); c += ldc;
            Store(c, c10, c11, add, bias); c += ldc;
            Store(c, c20, c21, add, bias); c += ldc;
            Store(c, c30, c31, add, bias); c += ldc;
            Store(c, c40, c41, add, bias); c += ldc;
            Store(c, c50, c51, add, bias);
        }

        /// <summary>c (+)= v, then + bias[0..NR) when there is one (the tile's last k block, see Epilogue).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* c, Vector256<float> v0, Vector256<float> v1, bool add, float* bias)
        {
            if (add)
            {
                v0 = Vector256.Load(c) + v0;
                v1 = Vector256.Load(c + 8) + v1;
            }
            if (bias != null)
            {
                v0 += Vector256.Load(bias);
                v1 += Vector256.Load(bias + 8);
            }
            Vector256.Store(v0, c);
            Vector256.Store(v1, c + 8);
        }
    }
}
