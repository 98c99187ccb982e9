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
            var erf = givenExp ? FloatMath.Erf(x, FloatMath.Exp(-(x * x))) : FloatMath.Erf(x);
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
    public void Exp_DenseGrid_WithinOneUlpOfDouble()
    {
        // Steps of 2⁻¹⁰ over [−87, 88.7] (normal results), and every lane position.
        var lanes = new float[16];
        double worst = 0;
        float worstAt = 0;
        for (int k = 0; k < 176 * 1024; k += 16)
        {
            for (int l = 0; l < 16; l++) lanes[l] = Math.Min(88.7f, -87f + (k + l) / 1024f);
            var e = FloatMath.Exp(Vector512.Create(lanes));
            for (int l = 0; l < 16; l++)
            {
                double exact = Math.Exp(lanes[l]), error = Math.Abs(e[l] - exact) / exact;
                if (error > worst) { worst = error; worstAt = lanes[l]; }
            }
        }
        Assert.True(worst <= 1.2e-7, $"max relative exp error {worst:E3} at x = {worstAt}");
    }

    [Fact]
    public void Exp_EdgesAndSpecialValues()
    {
        var x = Vector512.Create([float.NegativeInfinity, -200f, -104f, -103.98f, -100f, -87.5f, 0f, -0f, 1f, 88.72f, 88.73f, 1000f, float.PositiveInfinity, float.NaN, -1e-30f, 1e-30f]);
        var e = FloatMath.Exp(x);
        Assert.Equal(0f, e[0]); // masked softmax lanes: exactly zero
        Assert.Equal(0f, e[1]);
        Assert.Equal(0f, e[2]);
        Assert.Equal(0f, e[3]);
        Assert.Equal(Math.Exp(-100), e[4], 2e-45); // subnormal, gradual underflow
        Assert.Equal(Math.Exp(-87.5), e[5], 1e-44);
        Assert.Equal(1f, e[6]);
        Assert.Equal(1f, e[7]);
        Assert.Equal((float)Math.E, e[8]);
        Assert.True(float.IsFinite(e[9]), $"exp(88.72) = {e[9]}");
        Assert.Equal(float.PositiveInfinity, e[10]);
        Assert.Equal(float.PositiveInfinity, e[11]);
        Assert.Equal(float.PositiveInfinity, e[12]);
        Assert.True(float.IsNaN(e[13]), $"exp(NaN) = {e[13]}");
        Assert.Equal(1f, e[14]);
        Assert.Equal(1f, e[15]);
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
