using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModeHop.Tensors.Kernels;

/// <summary>The elementwise function an <see cref="Epilogue"/> applies after the bias.</summary>
internal enum EpilogueActivation
{
    None,
    /// <summary>GPT-2's tanh GELU (<see cref="GeluKernel.TanhForward"/>).</summary>
    GeluTanh,
    /// <summary>The exact erf GELU (<see cref="GeluKernel.ErfForward"/>).</summary>
    GeluErf,
}

/// <summary>
/// What a multiply does to each element of C once its sum is complete: <c>c[i, j] += bias[j]</c> (when there is a bias),
/// then <c>c[i, j] = residual[i, j] + c[i, j]</c> (when there is a residual), then, with an activation,
/// <c>act[i, j] = f(c[i, j])</c> into a second output. The packed path applies it to each tile as it leaves the
/// micro-kernel, while the tile is in L1, instead of a pass over C per step afterwards. The values are those of the
/// separate passes (<see cref="BiasKernel.Forward"/>, <see cref="VectorLoops.Add"/>, then <see cref="GeluKernel"/>): the
/// adds and f are elementwise, lane by lane.
/// </summary>
internal readonly unsafe struct Epilogue(float* bias, EpilogueActivation activation, float* activated, nint ld, float* residual = null)
{
    /// <summary>[N], or null for none.</summary>
    public readonly float* Bias = bias;
    public readonly EpilogueActivation Activation = activation;
    /// <summary>act [M, N] with leading dimension <see cref="Ld"/>; null without an activation.</summary>
    public readonly float* Activated = activated;
    /// <summary>The leading dimension of act and of the residual.</summary>
    public readonly nint Ld = ld;
    /// <summary>[M, N] with leading dimension <see cref="Ld"/>, added to C after the bias; null for none.</summary>
    public readonly float* Residual = residual;

    public bool IsEmpty => Bias == null && Residual == null && Activation == EpilogueActivation.None;

    /// <summary>True when it does more than add the bias: a residual or an activation.</summary>
    public bool HasElementwise => Residual != null || Activation != EpilogueActivation.None;

    /// <summary>This epilogue's bias alone.</summary>
    public Epilogue WithBiasOnly() => new(Bias, EpilogueActivation.None, null, Ld);
}

public static partial class Gemm
{
    /// <summary>
    /// Applies <paramref name="e"/> to C[i0.., j0..] (rows × columns), c pointing at C[i0, j0]; all but the bias when the
    /// micro-kernel has already added it (<paramref name="biasAdded"/>).
    /// </summary>
    static unsafe void ApplyEpilogue(in Epilogue e, float* c, nint ldc, int i0, int j0, int rows, int columns, bool biasAdded = false)
    {
        float* bias = e.Bias == null || biasAdded ? null : e.Bias + j0;
        float* act = e.Activated == null ? null : e.Activated + i0 * e.Ld + j0;
        if (bias != null) AddBias(c, ldc, bias, rows, columns);
        if (e.Residual != null) AddResidual(c, ldc, e.Residual + i0 * e.Ld + j0, e.Ld, rows, columns);
        if (e.Activation == EpilogueActivation.GeluTanh) Activate<GeluKernel.TanhMap>(c, ldc, act, e.Ld, rows, columns);
        else if (e.Activation == EpilogueActivation.GeluErf) Activate<GeluKernel.ErfMap>(c, ldc, act, e.Ld, rows, columns);
    }

    /// <summary>c[r, x] = residual[r, x] + c[r, x].</summary>
    static unsafe void AddResidual(float* c, nint ldc, float* residual, nint ldr, int rows, int columns)
    {
        int full = columns & ~15;
        for (int r = 0; r < rows; r++, c += ldc, residual += ldr)
        {
            for (int x = 0; x < full; x += 16) (Vector512.Load(residual + x) + Vector512.Load(c + x)).Store(c + x);
            for (int x = full; x < columns; x++) c[x] = residual[x] + c[x];
        }
    }

    /// <summary>
    /// The bias (or nothing, when null) on a whole tile of a transposed C before it is stored: tile row r holds C's column
    /// <paramref name="column0"/> + r, so it takes that column's bias. Only the first <paramref name="rows"/> rows are live.
    /// The same additions as <see cref="ApplyEpilogue"/> on the stored block, along rows of whole vectors (NR wide) instead of
    /// MR-wide ones.
    /// </summary>
    static unsafe void AddBiasToTransposedTile(float* bias, float* tile, int ldt, int column0, int rows)
    {
        if (bias == null) return;
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + r * ldt;
            var b = Vector512.Create(bias[column0 + r]);
            for (int x = 0; x < ldt; x += 16) (Vector512.Load(t + x) + b).Store(t + x);
        }
    }

    /// <summary>c[r, x] += bias[x].</summary>
    static unsafe void AddBias(float* c, nint ldc, float* bias, int rows, int columns)
    {
        int full = columns & ~15, rest = columns - full;
        for (int r = 0; r < rows; r++, c += ldc)
        {
            for (int x = 0; x < full; x += 16) (Vector512.Load(c + x) + Vector512.Load(bias + x)).Store(c + x);
            for (int x = full; x < columns; x++) c[x] += bias[x];
        }
    }

    /// <summary>act[r, x] = f(c[r, x]). Not inlined, so that f's exp is inlined here (see <see cref="Chunking"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static unsafe void Activate<TMap>(float* c, nint ldc, float* act, nint ldAct, int rows, int columns) where TMap : struct, IVectorMap
    {
        int full = columns & ~15, rest = columns - full;
        for (int r = 0; r < rows; r++, c += ldc, act += ldAct)
        {
            for (int x = 0; x < full; x += 16) TMap.Apply(Vector512.Load(c + x)).Store(act + x);
            if (rest > 0) VectorLoops.StoreTail(TMap.Apply(VectorLoops.LoadTail(c + full, rest, 0f)), act + full, rest);
        }
    }
}
