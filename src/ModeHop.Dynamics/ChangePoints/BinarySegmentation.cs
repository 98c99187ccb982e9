namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// Binary segmentation stopped by a penalty, with the semantics of ruptures' <c>Binseg(...).predict(pen=β)</c>.
/// </summary>
/// <remarks>
/// Start from the one segment [0, n). Each round, every current segment [s, e) proposes its best split
/// <code>
///   gain(b) = c(s, e) − c(s, b) − c(b, e)   over b = s, s + Jump, s + 2·Jump, … with b − s ≥ m and e − b ≥ m
/// </code>
/// (among equal gains the largest b). The split with the largest gain over all segments (the first segment
/// among equal gains) is kept if its gain exceeds β, and the round repeats; otherwise, or when no segment can be
/// split, the search stops. m = max(MinSize, cost.MinSize). Greedy, so not optimal, but each split it keeps is
/// worth more than β on its own. A segment's best split is computed once and reused until that segment is split.
/// <para>
/// ruptures counts the grid from each segment's start; every start is 0 or an earlier breakpoint, so all
/// breakpoints are multiples of Jump, as in <see cref="Pelt"/>.
/// </para>
/// </remarks>
public static class BinarySegmentation
{
    /// <summary>The sorted breakpoints of the series behind <paramref name="cost"/>, the last one being its length.</summary>
    /// <exception cref="ArgumentException">Invalid settings, or a series shorter than the minimum segment size.</exception>
    public static int[] Detect(ISegmentCost cost, ChangePointSettings settings)
    {
        int m = ChangePointSearch.EffectiveMinSize(cost, settings);
        int n = cost.Length;
        var breakpoints = new List<int> { n };
        var splits = new Dictionary<(int Start, int End), Split>();
        while (true)
        {
            Split chosen = default;
            int start = 0;
            for (int i = 0; i < breakpoints.Count; i++)
            {
                int end = breakpoints[i];
                if (!splits.TryGetValue((start, end), out Split split))
                    splits[(start, end)] = split = BestSplit(cost, start, end, m, settings.Jump);
                if (i == 0 || split.Gain > chosen.Gain)
                    chosen = split;
                start = end;
            }
            if (chosen.Breakpoint < 0 || !(chosen.Gain > settings.Penalty))
                break;
            int at = breakpoints.BinarySearch(chosen.Breakpoint);
            breakpoints.Insert(~at, chosen.Breakpoint);
        }
        return breakpoints.ToArray();
    }

    /// <summary>A segment's best split; Breakpoint −1 (and Gain 0) when it has none, as ruptures' (None, 0).</summary>
    readonly record struct Split(int Breakpoint, double Gain);

    static Split BestSplit(ISegmentCost cost, int start, int end, int m, int jump)
    {
        double whole = cost.Error(start, end);
        if (double.IsNegativeInfinity(whole))
            return new Split(-1, 0);
        var best = new Split(-1, double.NegativeInfinity);
        for (long b = start; b < end; b += jump)
        {
            int at = (int)b;
            if (at - start < m || end - at < m)
                continue;
            double gain = whole - cost.Error(start, at) - cost.Error(at, end);
            if (gain >= best.Gain)   // ascending b, so among equal gains the largest b wins, as Python's max over (gain, b)
                best = new Split(at, gain);
        }
        return best.Breakpoint < 0 ? new Split(-1, 0) : best;
    }
}
