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
/// then, with an activation, <c>act[i, j] = f(c[i, j])</c> into a second output. The packed path applies it to each tile
/// as it leaves the micro-kernel, while the tile is in L1, instead of a pass over C per step afterwards. The values are
/// those of the separate passes (<see cref="BiasKernel.Forward"/>, then <see cref="GeluKernel"/>): the add and f are
/// elementwise, lane by lane.
/// </summary>
internal readonly unsafe struct Epilogue(float* bias, EpilogueActivation activation, float* activated, nint ldActivated)
{
    /// <summary>[N], or null for none.</summary>
    public readonly float* Bias = bias;
    public readonly EpilogueActivation Activation = activation;
    /// <summary>act [M, N] with leading dimension <see cref="LdActivated"/>; null without an activation.</summary>
    public readonly float* Activated = activated;
    public readonly nint LdActivated = ldActivated;

    public bool IsEmpty => Bias == null && Activation == EpilogueActivation.None;
}

public static partial class Gemm
{
    /// <summary>Applies <paramref name="e"/> to C[i0.., j0..] (rows × columns), c pointing at C[i0, j0].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void ApplyEpilogue(in Epilogue e, float* c, nint ldc, int i0, int j0, int rows, int columns)
    {
        int full = columns & ~15, rest = columns - full;
        for (int r = 0; r < rows; r++)
        {
            float* cr = c + r * ldc;
            float* bias = e.Bias == null ? null : e.Bias + j0;
            float* act = e.Activated == null ? null : e.Activated + (i0 + r) * e.LdActivated + j0;
            for (int x = 0; x < full; x += 16)
            {
                var v = Vector512.Load(cr + x);
                if (bias != null)
                {
                    v += Vector512.Load(bias + x);
                    v.Store(cr + x);
                }
                if (act != null) Activate(e.Activation, v).Store(act + x);
            }
            if (rest == 0) continue;
            var t = VectorLoops.LoadTail(cr + full, rest, 0f);
            if (bias != null)
            {
                t += VectorLoops.LoadTail(bias + full, rest, 0f);
                VectorLoops.StoreTail(t, cr + full, rest);
            }
            if (act != null) VectorLoops.StoreTail(Activate(e.Activation, t), act + full, rest);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Activate(EpilogueActivation activation, Vector512<float> x)
        => activation == EpilogueActivation.GeluTanh ? GeluKernel.TanhMap.Apply(x) : GeluKernel.ErfMap.Apply(x);
}
