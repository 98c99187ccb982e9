using System.Runtime.Intrinsics;

namespace ModeHop.Tensors.Kernels;

/// <summary>SiLU (swish), elementwise over any shape: y = x·σ(x). Backward: dX += dOut·σ(x)·(1 + x·(1 − σ(x))).</summary>
public static class SiluKernel
{
    /// <summary>SiLU in double precision.</summary>
    public static void ForwardReference(ReadOnlySpan<float> x, Span<float> output)
    {
        for (int i = 0; i < x.Length; i++) output[i] = (float)(x[i] / (1 + Math.Exp(-(double)x[i])));
    }

    public static void BackwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> dOut, Span<float> dX)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i], s = 1 / (1 + Math.Exp(-v));
            dX[i] += (float)(dOut[i] * s * (1 + v * (1 - s)));
        }
    }

    public static void Forward(ReadOnlySpan<float> x, Span<float> output) => VectorLoops.Map<SiluMap>(x, output);

    /// <summary>dX += (or, when not <paramref name="accumulate"/>, =) SiLU's slope · dOut.</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dOut, Span<float> dX, bool accumulate = true) => VectorLoops.Grad<SiluGrad>(x, dOut, dX, accumulate);

    /// <summary>x·σ(x) on 16 lanes.</summary>
    internal static Vector512<float> Apply(Vector512<float> x) => x * FloatMath.Sigmoid(x);

    /// <summary>d(x·σ(x))/dx = σ(x)·(1 + x·(1 − σ(x))) on 16 lanes.</summary>
    internal static Vector512<float> Slope(Vector512<float> x)
    {
        var s = FloatMath.Sigmoid(x, out var complement);
        return s * Vector512.FusedMultiplyAdd(x, complement, Vector512<float>.One);
    }

    struct SiluMap : IVectorMap
    {
        public static Vector512<float> Apply(Vector512<float> x) => SiluKernel.Apply(x);
    }

    struct SiluGrad : IVectorGrad
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> dOut) => Slope(x) * dOut;
    }
}
