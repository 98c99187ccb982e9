namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// Pruned Exact Linear Time search (Killick, Fearnhead &amp; Eckley 2012) with the semantics of ruptures' <c>Pelt</c>,
/// so that the same series, cost, penalty, min_size and jump give the same breakpoints.
/// </summary>
/// <remarks>
/// With F(0) = 0, for each end e on the grid (every multiple of Jump that is ≥ m, then n itself):
/// <code>
///   F(e) = min over admissible starts t of  F(t) + c(t, e) + β
/// </code>
/// where m = max(MinSize, cost.MinSize) and β the penalty. The admissible set gains one start per end,
/// ⌊(e − m) / Jump⌋ · Jump (the last grid point that leaves a segment of m values), and after F(e) is known it
/// keeps only the starts with F(t) + c(t, e) + β ≤ F(e) + β. A start with no F of its own (a grid point
/// 0 &lt; t &lt; m) is passed over and dropped. Ties go to the earliest start. The answer backtracks from F(n).
/// <para>
/// The pruning is exact when every segment may be split anywhere; with m &gt; 1 ruptures' rule can drop a start
/// t at an end s that is still the best start for an end in (s, s + m), where s itself is too close to start the
/// last segment, and then misses the optimum (deepcharles/ruptures PR #383). ModeHop keeps ruptures' rule, and
/// so its answers, on purpose; this is rare (see tools/reference/changepoints.py) and the result is still a
/// valid segmentation within a small amount of the optimum.
/// </para>
/// Worst case O(n²) cost evaluations (no change at all prunes nothing), O(n) when changes keep coming.
/// </remarks>
public static class Pelt
{
    /// <summary>The sorted breakpoints of the series behind <paramref name="cost"/>, the last one being its length.</summary>
    /// <exception cref="ArgumentException">Invalid settings, or a series shorter than the minimum segment size.</exception>
    public static int[] Detect(ISegmentCost cost, ChangePointSettings settings)
    {
        int m = ChangePointSearch.EffectiveMinSize(cost, settings);
        int n = cost.Length, jump = settings.Jump;
        double penalty = settings.Penalty;

        var best = new double[n + 1];     // F(e): least penalised cost of series[0..e), where solved[e]
        var lastStart = new int[n + 1];   // the start of the last segment of that optimum
        var solved = new bool[n + 1];
        solved[0] = true;
        var admissible = new List<int>();
        var totals = new List<double>();  // F(t) + c(t, e) + β for the admissible starts that are solved

        void Solve(int end)
        {
            admissible.Add((end - m) / jump * jump);   // end ≥ m, so this is the floor
            totals.Clear();
            double bestTotal = double.PositiveInfinity;
            int bestStart = -1, kept = 0;
            for (int i = 0; i < admissible.Count; i++)
            {
                int t = admissible[i];
                if (!solved[t])
                    continue;
                double total = best[t] + (cost.Error(t, end) + penalty);
                if (total < bestTotal)
                {
                    bestTotal = total;
                    bestStart = t;
                }
                admissible[kept++] = t;   // compacted over the unsolved starts, which ruptures drops too
                totals.Add(total);
            }
            admissible.RemoveRange(kept, admissible.Count - kept);
            best[end] = bestTotal;
            lastStart[end] = bestStart;
            solved[end] = true;

            double limit = bestTotal + penalty;
            kept = 0;
            for (int i = 0; i < admissible.Count; i++)
                if (totals[i] <= limit)
                    admissible[kept++] = admissible[i];
            admissible.RemoveRange(kept, admissible.Count - kept);
        }

        // the grid: multiples of jump that are ≥ m and < n (long: k + jump may pass int.MaxValue)
        for (long k = (m + (long)jump - 1) / jump * jump; k < n; k += jump)
            Solve((int)k);
        Solve(n);

        var breakpoints = new List<int>();
        for (int e = n; e > 0; e = lastStart[e])
            breakpoints.Add(e);
        breakpoints.Reverse();
        return breakpoints.ToArray();
    }
}
