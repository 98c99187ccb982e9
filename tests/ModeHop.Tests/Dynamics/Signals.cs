using ModeHop.Dynamics;
using ModeHop.Tensors;

namespace ModeHop.Tests.Dynamics;

/// <summary>
/// Synthetic series with known answers. Task series: checkpoint i is at step 100·i with 1000 tokens per step.
/// Piecewise signals: regimes of known lengths with seeded Gaussian noise, so their breakpoints are known.
/// </summary>
internal static class Signals
{
    public static TaskPoint[] Points(double[] hardAcc, double[] margin, double spread = 0.1) =>
        Points(hardAcc, margin, Enumerable.Repeat(spread, hardAcc.Length).ToArray());

    public static TaskPoint[] Points(double[] hardAcc, double[] margin, double[] spread)
    {
        if (hardAcc.Length != margin.Length || margin.Length != spread.Length)
            throw new ArgumentException("a synthetic signal needs one hard_acc, margin and spread per checkpoint");
        return hardAcc.Select((h, i) => new TaskPoint(100L * i, 100_000L * i, h, margin[i], spread[i])).ToArray();
    }

    /// <summary>n values evenly spaced from a to b inclusive.</summary>
    public static double[] Ramp(double a, double b, int n) =>
        Enumerable.Range(0, n).Select(i => a + (b - a) * i / (n - 1)).ToArray();

    /// <summary>
    /// Regime r holds lengths[r] values drawn from N(levels[r], scales[r]²), with a seeded generator: its
    /// breakpoints are <see cref="Breakpoints"/>(lengths).
    /// </summary>
    public static double[] Piecewise(double[] levels, double[] scales, int[] lengths, ulong seed)
    {
        if (levels.Length != lengths.Length || scales.Length != lengths.Length)
            throw new ArgumentException("a piecewise signal needs one level, scale and length per regime");
        var rng = new Rng(seed);
        var values = new List<double>();
        for (int r = 0; r < lengths.Length; r++)
            for (int i = 0; i < lengths[r]; i++)
                values.Add(levels[r] + scales[r] * rng.NextNormal());
        return values.ToArray();
    }

    /// <summary>Piecewise-constant levels with the same noise in every regime.</summary>
    public static double[] Piecewise(double[] levels, int[] lengths, double noise, ulong seed) =>
        Piecewise(levels, levels.Select(_ => noise).ToArray(), lengths, seed);

    /// <summary>n values of N(0, scale²) noise.</summary>
    public static double[] Noise(int n, double scale, ulong seed) => Piecewise([0.0], [scale], [n], seed);

    /// <summary>The ruptures-style breakpoints of regimes of these lengths: their running sums, ending at n.</summary>
    public static int[] Breakpoints(int[] lengths)
    {
        var ends = new int[lengths.Length];
        for (int r = 0, sum = 0; r < lengths.Length; r++)
            ends[r] = sum += lengths[r];
        return ends;
    }
}
