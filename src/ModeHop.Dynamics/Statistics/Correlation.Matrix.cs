namespace ModeHop.Dynamics.Statistics;

public static partial class Correlation
{
    /// <summary>
    /// The Pearson correlation of every pair of series: entry [i][j] = r(series[i], series[j]), for
    /// series[task][checkpoint] (e.g. the tasks of one family, each its metric over the run's checkpoints).
    /// Symmetric; the diagonal is 1, or NaN for a constant series, as is every entry in its row.
    /// </summary>
    /// <exception cref="ArgumentException">A null or ragged row, fewer than 2 checkpoints, or a NaN or ±∞ value.</exception>
    public static double[][] PearsonMatrix(double[][] series) => Matrix(series, rank: false);

    /// <summary><see cref="PearsonMatrix"/> with Spearman's ρ: how alike the tasks' orderings of the checkpoints are.</summary>
    public static double[][] SpearmanMatrix(double[][] series) => Matrix(series, rank: true);

    /// <summary>
    /// The mean of the entries above the diagonal that are not NaN: how strongly a family's tasks move together
    /// (the "universality" of a behaviour across datasets). NaN when there is no such entry.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static double MeanOffDiagonal(double[][] matrix)
    {
        int n = SeriesChecks.RequireRectangular(matrix, nameof(matrix), "columns", minimumColumns: 0);
        if (n != matrix.Length)
            throw new ArgumentException($"matrix has {matrix.Length} rows and {n} columns; pass a square correlation matrix.", nameof(matrix));
        double sum = 0;
        int entries = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (!double.IsNaN(matrix[i][j]))
                {
                    sum += matrix[i][j];
                    entries++;
                }
        return entries == 0 ? double.NaN : sum / entries;
    }

    static double[][] Matrix(double[][] series, bool rank)
    {
        SeriesChecks.RequireRectangular(series, nameof(series), "checkpoints", minimumColumns: 2);
        int k = series.Length;
        var rows = new double[k][];
        for (int i = 0; i < k; i++)
        {
            SeriesChecks.RequireFinite(series[i], $"series[{i}]");
            rows[i] = rank ? AverageRanks(series[i]) : series[i];
        }
        var matrix = new double[k][];
        for (int i = 0; i < k; i++)
            matrix[i] = new double[k];
        for (int i = 0; i < k; i++)
            for (int j = i; j < k; j++)
            {
                double r = PearsonChecked(rows[i], rows[j]);
                matrix[i][j] = matrix[j][i] = i == j && !double.IsNaN(r) ? 1 : r;   // 1 exactly, not 1 − 1 ulp
            }
        return matrix;
    }
}
