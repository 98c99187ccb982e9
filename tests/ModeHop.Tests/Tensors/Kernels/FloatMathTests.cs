using System.Runtime.Intrinsics;
using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

public class FloatMathTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.5, -0.9661051464753108)]
    [InlineData(0.01, 0.011283415555849616)]
    public void ErfReference_KnownValues_MatchToDoublePrecision(double x, double expected)
        => Assert.True(Math.Abs(FloatMath.ErfReference(x) - expected) <= 1e-15, $"erf({x}) = {FloatMath.ErfReference(x):R}, expected {expected:R}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Erf_DenseGrid_MaxAbsErrorBelow1e7(bool givenExp)
    {
        // Every float step of 2⁻¹⁴ over [−7, 7], both pieces of the approximation and the clamp.
        var lanes = new float[16];
        double worst = 0;
        float worstAt = 0;
        for (int k = 0; k < 14 * 16384; k += 16)
        {
            for (int l = 0; l < 16; l++) lanes[l] = -7f + (k + l) / 16384f;
            var x = Vector512.Create(lanes);
            var erf = givenExp ? FloatMath.Erf(x, Vector512.Exp(-(x * x))) : FloatMath.Erf(x);
            for (int l = 0; l < 16; l++)
            {
                double error = Math.Abs(erf[l] - FloatMath.ErfReference(lanes[l]));
                if (error > worst) { worst = error; worstAt = lanes[l]; }
            }
        }
        Assert.True(worst <= 1e-7, $"max |erf error| {worst:E3} at x = {worstAt}");
    }

    [Fact]
    public void Erf_SpecialValues_AreExact()
    {
        var erf = FloatMath.Erf(Vector512.Create([0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, 100f, -100f, float.NaN, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Equal(0f, erf[0]);
        Assert.Equal(1f, erf[2]);
        Assert.Equal(-1f, erf[3]);
        Assert.Equal(1e-30f * 1.1283791670955126f, erf[4], 1e-36f);
        Assert.Equal(1f, erf[5]);
        Assert.Equal(-1f, erf[6]);
        Assert.True(float.IsNaN(erf[7]), $"erf(NaN) = {erf[7]}");
    }

    [Fact]
    public void Sigmoid_WideRange_MatchesDouble()
    {
        var lanes = new float[16];
        for (int k = 0; k < 200; k++)
        {
            for (int l = 0; l < 16; l++) lanes[l] = -100f + (k * 16 + l) * (200f / 3200f);
            var s = FloatMath.Sigmoid(Vector512.Create(lanes));
            for (int l = 0; l < 16; l++)
            {
                double expected = 1 / (1 + Math.Exp(-(double)lanes[l]));
                // Below x ≈ −87, exp(−x) overflows and σ flushes to 0 from a value under 1e-38.
                Assert.True(Math.Abs(s[l] - expected) <= 3e-7 * expected + 1e-37, $"σ({lanes[l]}) = {s[l]}, expected {expected}");
                var withComplement = FloatMath.Sigmoid(Vector512.Create(lanes), out var complement);
                double expectedComplement = 1 / (1 + Math.Exp(lanes[l]));
                Assert.Equal(s[l], withComplement[l]);
                Assert.True(Math.Abs(complement[l] - expectedComplement) <= 3e-7 * expectedComplement + 1e-37, $"1 − σ({lanes[l]}) = {complement[l]}, expected {expectedComplement}");
            }
        }
    }
}
