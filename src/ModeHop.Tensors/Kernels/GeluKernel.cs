using System.Runtime.Intrinsics;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// The two GELUs, elementwise over any shape.
/// Tanh approximation (GPT-2 <c>gelu_new</c>): y = 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³).
/// Exact (GPT-NeoX <c>gelu</c>): y = 0.5·x·(1 + erf(x/√2)) = x·Φ(x).
/// The fast tanh form uses the identity 0.5·(1 + tanh(u)) = σ(2u), so it needs one exp and no tanh.
/// </summary>
public static class GeluKernel
{
    const double Sqrt2OverPi = 0.7978845608028654;   // √(2/π)
    const double Cubic = 0.044715;
    const double InvSqrt2 = 0.7071067811865476;      // 1/√2
    const double InvSqrt2Pi = 0.3989422804014327;    // 1/√(2π), the normal density at 0

    /// <summary>Tanh GELU in double precision, one element at a time.</summary>
    public static void TanhForwardReference(ReadOnlySpan<float> x, Span<float> output)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i], u = Sqrt2OverPi * (v + Cubic * v * v * v);
            output[i] = (float)(0.5 * v * (1 + Math.Tanh(u)));
        }
    }

    /// <summary>dX += dOut · (0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²)), t = tanh(u); double precision.</summary>
    public static void TanhBackwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> dOut, Span<float> dX)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i], u = Sqrt2OverPi * (v + Cubic * v * v * v), t = Math.Tanh(u);
            double slope = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * Sqrt2OverPi * (1 + 3 * Cubic * v * v);
            dX[i] += (float)(slope * dOut[i]);
        }
    }

    /// <summary>Exact GELU in double precision through <see cref="FloatMath.ErfReference"/>.</summary>
    public static void ErfForwardReference(ReadOnlySpan<float> x, Span<float> output)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            output[i] = (float)(0.5 * v * (1 + FloatMath.ErfReference(v * InvSqrt2)));
        }
    }

    /// <summary>dX += dOut · (Φ(x) + x·φ(x)), φ(x) = exp(−x²/2)/√(2π); double precision.</summary>
    public static void ErfBackwardReference(ReadOnlySpan<float> x, ReadOnlySpan<float> dOut, Span<float> dX)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double slope = 0.5 * (1 + FloatMath.ErfReference(v * InvSqrt2)) + v * InvSqrt2Pi * Math.Exp(-0.5 * v * v);
            dX[i] += (float)(slope * dOut[i]);
        }
    }

    public static void TanhForward(ReadOnlySpan<float> x, Span<float> output) => VectorLoops.Map<TanhMap>(x, output);

    /// <summary>dX += (or, when not <paramref name="accumulate"/>, =) the tanh GELU's slope · dOut.</summary>
    public static void TanhBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dOut, Span<float> dX, bool accumulate = true) => VectorLoops.Grad<TanhGrad>(x, dOut, dX, accumulate);

    public static void ErfForward(ReadOnlySpan<float> x, Span<float> output) => VectorLoops.Map<ErfMap>(x, output);

    /// <summary>dX += (or, when not <paramref name="accumulate"/>, =) the exact GELU's slope · dOut.</summary>
    public static void ErfBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dOut, Span<float> dX, bool accumulate = true) => VectorLoops.Grad<ErfGrad>(x, dOut, dX, accumulate);

    // 2u = x·(a + b·x²) with a = 2√(2/π), b = 2√(2/π)·0.044715.
    static Vector512<float> TwoU(Vector512<float> x)
        => x * Vector512.FusedMultiplyAdd(x * x, Vector512.Create((float)(2 * Sqrt2OverPi * Cubic)), Vector512.Create((float)(2 * Sqrt2OverPi)));

    internal struct TanhMap : IVectorMap
    {
        public static Vector512<float> Apply(Vector512<float> x) => x * FloatMath.Sigmoid(TwoU(x));
    }

    // y = x·s with s = σ(2u): dy/dx = s + x·2s(1 − s)·du/dx, du/dx = √(2/π)·(1 + 3·0.044715·x²).
    internal struct TanhGrad : IVectorGrad
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> dOut)
        {
            var s = FloatMath.Sigmoid(TwoU(x), out var complement);
            var twoDu = Vector512.FusedMultiplyAdd(x * x, Vector512.Create((float)(2 * Sqrt2OverPi * 3 * Cubic)), Vector512.Create((float)(2 * Sqrt2OverPi)));
            var slope = Vector512.FusedMultiplyAdd(x * s * complement, twoDu, s);
            return slope * dOut;
        }
    }

    internal struct ErfMap : IVectorMap
    {
        public static Vector512<float> Apply(Vector512<float> x)
            => Vector512.Create(0.5f) * x * (Vector512<float>.One + FloatMath.Erf(x * Vector512.Create((float)InvSqrt2)));
    }

    internal struct ErfGrad : IVectorGrad
    {
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> dOut)
        {
            // exp(−x²/2) = exp(−z²) with z = x/√2 is both the density's exp and the one erf(z) needs.
            var z = x * Vector512.Create((float)InvSqrt2);
            var e = FloatMath.Exp(-(z * z));
            var cdf = Vector512.Create(0.5f) * (Vector512<float>.One + FloatMath.Erf(z, e));
            var pdf = Vector512.Create((float)InvSqrt2Pi) * e;
            return Vector512.FusedMultiplyAdd(x, pdf, cdf) * dOut;
        }
    }
}
