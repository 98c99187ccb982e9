namespace ModeHop.Dynamics.Items;

/// <summary>
/// Item-level dynamics from per-item correctness over checkpoints, <c>correct[item][checkpoint]</c> with the
/// checkpoints in step order. Task-level accuracy can stand still while items trade places; these count the
/// trades.
/// </summary>
public static class ItemFlips
{
    /// <summary>
    /// Per item, the right→wrong and wrong→right changes between consecutive checkpoints c and c + 1; an item
    /// seen at C checkpoints has at most C − 1 flips. No items gives empty counts.
    /// </summary>
    /// <exception cref="ArgumentException">A null row, rows of different lengths, or a row with no checkpoint.</exception>
    public static ItemFlipCounts Count(bool[][] correct)
    {
        int checkpoints = SeriesChecks.RequireRectangular(correct, nameof(correct), "checkpoints", minimumColumns: 1);
        var rightToWrong = new int[correct.Length];
        var wrongToRight = new int[correct.Length];
        for (int item = 0; item < correct.Length; item++)
        {
            bool[] row = correct[item];
            for (int c = 0; c + 1 < checkpoints; c++)
            {
                if (row[c] && !row[c + 1]) rightToWrong[item]++;
                else if (!row[c] && row[c + 1]) wrongToRight[item]++;
            }
        }
        return new ItemFlipCounts(rightToWrong, wrongToRight);
    }

    /// <summary>The items wrong at the last checkpoint, and how many of them were right at an earlier checkpoint.</summary>
    /// <exception cref="ArgumentException">A null row, rows of different lengths, or a row with no checkpoint.</exception>
    public static FinalErrorShare FinalErrors(bool[][] correct)
    {
        int checkpoints = SeriesChecks.RequireRectangular(correct, nameof(correct), "checkpoints", minimumColumns: 1);
        int finalErrors = 0, rightEarlier = 0;
        foreach (bool[] row in correct)
        {
            if (row[checkpoints - 1])
                continue;
            finalErrors++;
            if (Array.IndexOf(row, true, 0, checkpoints - 1) >= 0)
                rightEarlier++;
        }
        return new FinalErrorShare(finalErrors, rightEarlier);
    }
}
