using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

/// <summary>Synthetic task series with known answers: checkpoint i is at step 100·i with 1000 tokens per step.</summary>
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
}
