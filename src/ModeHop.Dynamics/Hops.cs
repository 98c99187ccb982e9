namespace ModeHop.Dynamics;

/// <summary>Finds the hops of one task across a run's checkpoints.</summary>
public static class Hops
{
    /// <summary>
    /// Classifies every checkpoint with <paramref name="rule"/>, lists the candidate hops (a change between
    /// General and Parrot from one non-Mixed checkpoint to the next non-Mixed one: P M M G is one candidate
    /// from the P to the G), and confirms a candidate from i to j when both
    /// <list type="bullet">
    /// <item>|margin[j] − margin[i]| &gt; SpreadMultiple · √(spread[i]² + spread[j]²), and</item>
    /// <item>the margin is &gt; 0 at the General end and &lt; 0 at the Parrot end, at least MinMargin from 0 at both.</item>
    /// </list>
    /// Reversions count confirmed hops whose direction is opposite to the previous confirmed hop's.
    /// </summary>
    /// <param name="points">One task's checkpoints in strictly increasing step order.</param>
    /// <exception cref="ArgumentException">Points out of order, NaN or out-of-range values, or an invalid rule.</exception>
    public static TaskDynamics Analyze(IReadOnlyList<TaskPoint> points, ModeRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        TaskPointChecks.Validate(points);

        var modes = new Mode[points.Count];
        var hardAcc = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            modes[i] = Modes.ClassifyChecked(points[i].HardAcc, rule);
            hardAcc[i] = points[i].HardAcc;
        }

        var candidates = new List<Hop>();
        int confirmed = 0, reversions = 0;
        Mode? lastConfirmedTo = null;
        int previous = -1; // the last non-Mixed checkpoint seen
        for (int i = 0; i < points.Count; i++)
        {
            if (modes[i] == Mode.Mixed)
                continue;
            if (previous >= 0 && modes[previous] != modes[i])
            {
                Hop hop = Candidate(points, modes, previous, i, rule);
                candidates.Add(hop);
                if (hop.Confirmed)
                {
                    confirmed++;
                    if (lastConfirmedTo is Mode to && to != hop.To)
                        reversions++;
                    lastConfirmedTo = hop.To;
                }
            }
            previous = i;
        }

        return new TaskDynamics(modes, candidates, confirmed, TotalVariation.Mean(hardAcc), reversions);
    }

    static Hop Candidate(IReadOnlyList<TaskPoint> points, Mode[] modes, int from, int to, ModeRule rule)
    {
        TaskPoint a = points[from], b = points[to];
        double change = b.LogProbMargin - a.LogProbMargin;
        double noise = Math.Sqrt(a.LogProbMarginSpread * a.LogProbMarginSpread + b.LogProbMarginSpread * b.LogProbMarginSpread);
        bool large = Math.Abs(change) > rule.SpreadMultiple * noise;
        (TaskPoint general, TaskPoint parrot) = modes[from] == Mode.General ? (a, b) : (b, a);
        bool signsAgree = general.LogProbMargin >= rule.MinMargin && general.LogProbMargin > 0 && parrot.LogProbMargin <= -rule.MinMargin && parrot.LogProbMargin < 0;
        return new Hop(from, to, a.Step, b.Step, a.Tokens, b.Tokens, modes[from], modes[to], change, large && signsAgree);
    }
}
