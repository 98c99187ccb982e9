namespace ModeHop.Dynamics;

/// <summary>The input contract of a task's point series, checked once before any analysis.</summary>
internal static class TaskPointChecks
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the point and the field unless every point is present,
    /// steps strictly increase, tokens are ≥ 0 and never decrease, hard_acc is in [0, 1],
    /// the margin is finite and its spread is finite and ≥ 0.
    /// </summary>
    public static void Validate(IReadOnlyList<TaskPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        for (int i = 0; i < points.Count; i++)
        {
            TaskPoint p = points[i] ?? throw Bad(i, "is null; pass one TaskPoint per checkpoint");
            if (!(p.HardAcc >= 0 && p.HardAcc <= 1))
                throw Bad(i, $"HardAcc = {p.HardAcc} is not a share in [0, 1]");
            if (!double.IsFinite(p.LogProbMargin))
                throw Bad(i, $"LogProbMargin = {p.LogProbMargin} is not a finite number");
            if (!(p.LogProbMarginSpread >= 0 && double.IsFinite(p.LogProbMarginSpread)))
                throw Bad(i, $"LogProbMarginSpread = {p.LogProbMarginSpread} is not a finite standard deviation ≥ 0");
            if (p.Tokens < 0)
                throw Bad(i, $"Tokens = {p.Tokens} is negative");
            if (i == 0)
                continue;
            TaskPoint q = points[i - 1];
            if (p.Step <= q.Step)
                throw Bad(i, $"Step = {p.Step} is not after points[{i - 1}].Step = {q.Step}; pass checkpoints in strictly increasing step order (sort by step, drop duplicates)");
            if (p.Tokens < q.Tokens)
                throw Bad(i, $"Tokens = {p.Tokens} is fewer than points[{i - 1}].Tokens = {q.Tokens}; tokens seen cannot fall as steps rise");
        }
    }

    static ArgumentException Bad(int index, string what) => new($"points[{index}]: {what}.", "points");
}
