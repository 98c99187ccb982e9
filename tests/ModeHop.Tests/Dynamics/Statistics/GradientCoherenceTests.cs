using ModeHop.Dynamics.Statistics;

namespace ModeHop.Tests.Dynamics.Statistics;

public class GradientCoherenceTests
{
    static double[] Gram(double[][] g) =>
        g.SelectMany(a => g.Select(b => a.Zip(b, (x, y) => x * y).Sum())).ToArray();

    [Fact]
    public void ThreeGradients_HandComputed()
    {
        // (1,0), (0,1), (1,1): squared norms 1, 1, 2; cosines 0, 1/√2, 1/√2.
        var gram = Gram([[1, 0], [0, 1], [1, 1]]);

        Assert.Equal(Math.Log(4.0 / 3), GradientCoherence.LogFisherTrace(gram, 3), 12);
        Assert.Equal(2 / Math.Sqrt(2) / 3, GradientCoherence.MeanAbsCosine(gram, 3), 12);
    }

    [Fact]
    public void ParallelAndOpposite_AbsCosineOne()
    {
        var gram = Gram([[1, 2, 3], [-2, -4, -6], [0.5, 1, 1.5]]);

        Assert.Equal(1, GradientCoherence.MeanAbsCosine(gram, 3), 12);
        Assert.Equal(Math.Log(14 * (1 + 4 + 0.25) / 3), GradientCoherence.LogFisherTrace(gram, 3), 12);
    }

    [Fact]
    public void ZeroGradient_LeftOutOfThePairs()
    {
        var gram = Gram([[1, 0], [0, 0], [1, 0]]);

        Assert.Equal(1, GradientCoherence.MeanAbsCosine(gram, 3), 12);
        Assert.True(double.IsNaN(GradientCoherence.MeanAbsCosine(Gram([[1, 0]]), 1)));
        Assert.Equal(double.NegativeInfinity, GradientCoherence.LogFisherTrace(Gram([[0, 0], [0, 0]]), 2));
    }

    [Fact]
    public void BadGram_Throws()
    {
        Assert.Throws<ArgumentException>(() => GradientCoherence.MeanAbsCosine([1, 0, 0], 2));
        Assert.Throws<ArgumentException>(() => GradientCoherence.LogFisherTrace([-1, 0, 0, 1], 2));
    }
}
