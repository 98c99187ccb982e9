namespace ModeHop.Dynamics;

/// <summary>The input contract of a plain series of numbers, checked once before any analysis.</summary>
internal static class SeriesChecks
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="series"/> has at least
    /// <paramref name="minimumLength"/> values and every one is finite; the message names the first bad index.
    /// </summary>
    public static void RequireFinite(ReadOnlySpan<double> series, string name, int minimumLength = 1)
    {
        if (series.Length < minimumLength)
            throw new ArgumentException(series.Length == 0
                ? $"{name} is empty; pass at least {minimumLength} value{(minimumLength == 1 ? "" : "s")}."
                : $"{name} has {series.Length} value{(series.Length == 1 ? "" : "s")}; expected at least {minimumLength}.", name);
        for (int i = 0; i < series.Length; i++)
            if (!double.IsFinite(series[i]))
                throw new ArgumentException(
                    $"{name}[{i}] = {series[i]} is not a finite number; drop or interpolate missing checkpoints before the analysis.", name);
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="rows"/> and each of its rows are present and
    /// every row has as many columns as the first, at least <paramref name="minimumColumns"/>.
    /// </summary>
    /// <returns>The column count (0 when there are no rows).</returns>
    public static int RequireRectangular<T>(T[][] rows, string name, string columns, int minimumColumns)
    {
        ArgumentNullException.ThrowIfNull(rows, name);
        if (rows.Length == 0)
            return 0;
        int width = rows[0]?.Length ?? throw new ArgumentException($"{name}[0] is null; pass one array of {columns} per row.", name);
        if (width < minimumColumns)
            throw new ArgumentException($"{name}[0] has {width} {columns}; expected at least {minimumColumns}.", name);
        for (int i = 1; i < rows.Length; i++)
        {
            T[] row = rows[i] ?? throw new ArgumentException($"{name}[{i}] is null; pass one array of {columns} per row.", name);
            if (row.Length != width)
                throw new ArgumentException(
                    $"{name}[{i}] has {row.Length} {columns} but {name}[0] has {width}; every row needs one value per column.", name);
        }
        return width;
    }
}
