using System.Runtime.CompilerServices;

namespace ModeHop.Tensors.Kernels;

public static partial class Gemm
{
    /// <summary>Rows of C that one micro-kernel call computes on this machine (MR).</summary>
    internal static int TileRows => TileRowsOf(BestKernel);

    /// <summary>Columns of C that one micro-kernel call computes on this machine (NR).</summary>
    internal static int TileColumns => TileColumnsOf(BestKernel);

    internal static int TileRowsOf(GemmKernel kernel) => Resolve(kernel) switch
    {
        GemmKernel.Avx512 => Kernel512.MR,
        GemmKernel.Avx2 => Kernel256.MR,
        _ => ScalarTileRows,
    };

    internal static int TileColumnsOf(GemmKernel kernel) => Resolve(kernel) switch
    {
        GemmKernel.Avx512 => Kernel512.NR,
        GemmKernel.Avx2 => Kernel256.NR,
        _ => ScalarTileColumns,
    };

    const int ScalarTileRows = 4, ScalarTileColumns = 8;

    static GemmKernel Resolve(GemmKernel kernel) => kernel == GemmKernel.Auto ? BestKernel : kernel;

    /// <summary>
    /// One whole micro-kernel tile for callers that lay their operands out themselves (attention):
    /// C[MR, NR] (+)= A·B over kc, with A read as MR rows of a row-major matrix (<c>a[r*lda + p]</c>) and
    /// B k-major (<c>b[p*bStep + j]</c>). Every one of the MR rows and NR columns is read and written:
    /// the caller pads its operands.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void TileFromRows(int kc, float* a, nint lda, float* b, nint bStep, float* c, nint ldc, bool add)
        => TileFromRows(GemmKernel.Auto, kc, a, lda, b, bStep, c, ldc, add);

    /// <summary>As <see cref="TileFromRows(int, float*, nint, float*, nint, float*, nint, bool)"/>, with A k-major (<c>a[p*aStep + r]</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void TileFromColumns(int kc, float* a, nint aStep, float* b, nint bStep, float* c, nint ldc, bool add)
        => TileFromColumns(GemmKernel.Auto, kc, a, aStep, b, bStep, c, ldc, add);

    internal static unsafe void TileFromRows(GemmKernel kernel, int kc, float* a, nint lda, float* b, nint bStep, float* c, nint ldc, bool add)
    {
        switch (Resolve(kernel))
        {
            case GemmKernel.Avx512: Kernel512.RunRows(kc, a, lda, b, bStep, c, ldc, add, null); break;
            case GemmKernel.Avx2: Kernel256.RunRows(kc, a, lda, b, bStep, c, ldc, add, null); break;
            default: ScalarTile(kc, a, lda, 1, b, bStep, c, ldc, add); break;
        }
    }

    internal static unsafe void TileFromColumns(GemmKernel kernel, int kc, float* a, nint aStep, float* b, nint bStep, float* c, nint ldc, bool add)
    {
        switch (Resolve(kernel))
        {
            case GemmKernel.Avx512: Kernel512.RunStrided(kc, a, aStep, b, bStep, c, ldc, add, null); break;
            case GemmKernel.Avx2: Kernel256.RunStrided(kc, a, aStep, b, bStep, c, ldc, add, null); break;
            default: ScalarTile(kc, a, 1, aStep, b, bStep, c, ldc, add); break;
        }
    }

    /// <summary>The plain-loop tile: A element (r, p) at <c>a[r*rowStep + p*kStep]</c>.</summary>
    static unsafe void ScalarTile(int kc, float* a, nint rowStep, nint kStep, float* b, nint bStep, float* c, nint ldc, bool add)
    {
        for (int r = 0; r < ScalarTileRows; r++)
            for (int j = 0; j < ScalarTileColumns; j++)
            {
                float sum = 0f;
                for (int p = 0; p < kc; p++) sum += a[r * rowStep + p * kStep] * b[p * bStep + j];
                c[r * ldc + j] = add ? c[r * ldc + j] + sum : sum;
            }
    }
}
