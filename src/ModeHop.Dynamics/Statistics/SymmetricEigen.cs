namespace ModeHop.Dynamics.Statistics;

/// <summary>
/// Eigen-decomposition A = V·Λ·Vᵀ of a real symmetric matrix by the cyclic Jacobi method (Golub &amp; Van Loan,
/// Matrix Computations, §8.5): sweep over every pair p &lt; q and apply the plane rotation that zeroes A[p,q], until the
/// off-diagonal mass is below 1e-15·‖A‖_F or 100 sweeps have run (convergence is quadratic: a handful of sweeps in
/// practice). Slow for large n (O(n³) per sweep), exact to rounding and simple, which is what the spectra of the
/// predictors need: their matrices are the smaller Gram matrix of a probe batch (N×N or C×C, tens to hundreds).
/// </summary>
public sealed class SymmetricEigen
{
    /// <summary>The eigenvalues, largest first.</summary>
    public double[] Values { get; }

    /// <summary>The eigenvectors as columns, row-major [n, n]: column k (entries [i·n + k]) belongs to <see cref="Values"/>[k].</summary>
    public double[] Vectors { get; }

    /// <summary>The order of the matrix.</summary>
    public int Order { get; }

    /// <summary>Sweeps run until convergence.</summary>
    public int Sweeps { get; }

    const int MaxSweeps = 100;
    const double Tolerance = 1e-15;

    SymmetricEigen(double[] values, double[] vectors, int order, int sweeps)
    {
        Values = values;
        Vectors = vectors;
        Order = order;
        Sweeps = sweeps;
    }

    /// <summary>Decomposes the symmetric matrix <paramref name="matrix"/> [n, n] (row-major; only symmetry within 1e-9 relative is accepted).</summary>
    /// <exception cref="ArgumentException">Not n×n, a NaN or ±∞ entry, or not symmetric.</exception>
    public static SymmetricEigen Decompose(ReadOnlySpan<double> matrix, int order)
    {
        int n = order;
        if (n < 1 || matrix.Length != (long)n * n)
            throw new ArgumentException($"matrix has {matrix.Length} entries; expected {n}×{n} (row-major).", nameof(matrix));
        SeriesChecks.RequireFinite(matrix, nameof(matrix));
        var a = matrix.ToArray();                                        // [n, n], rotated in place
        double frobenius = 0;
        foreach (double x in a) frobenius += x * x;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (Math.Abs(a[i * n + j] - a[j * n + i]) > 1e-9 * Math.Sqrt(frobenius))
                    throw new ArgumentException($"matrix[{i},{j}] = {a[i * n + j]} but matrix[{j},{i}] = {a[j * n + i]}; pass a symmetric matrix.", nameof(matrix));
        var v = new double[n * n];                                       // [n, n], columns = eigenvectors
        for (int i = 0; i < n; i++) v[i * n + i] = 1;

        int sweeps = 0;
        double threshold = Tolerance * Tolerance * frobenius;
        while (sweeps < MaxSweeps && OffDiagonal(a, n) > threshold)
        {
            sweeps++;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                    Rotate(a, v, n, p, q);
        }

        var ranking = Enumerable.Range(0, n).OrderByDescending(k => a[k * n + k]).ThenBy(k => k).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            values[k] = a[ranking[k] * n + ranking[k]];
            for (int i = 0; i < n; i++) vectors[i * n + k] = v[i * n + ranking[k]];
        }
        return new SymmetricEigen(values, vectors, n, sweeps);
    }

    /// <summary>Σ_{i≠j} A[i,j]².</summary>
    static double OffDiagonal(double[] a, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (i != j) sum += a[i * n + j] * a[i * n + j];
        return sum;
    }

    /// <summary>
    /// The Jacobi rotation J(p, q, θ) with A ← JᵀAJ zeroing A[p,q]: θ = (A[q,q] − A[p,p]) / (2A[p,q]),
    /// t = sign(θ) / (|θ| + √(θ² + 1)) (the smaller root, so the rotation angle is at most π/4), c = 1/√(t² + 1), s = t·c.
    /// </summary>
    static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        double apq = a[p * n + q];
        if (apq == 0) return;
        double app = a[p * n + p], aqq = a[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        double t = (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++)                                      // columns p and q: A ← A·J
        {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)                                      // rows p and q: A ← Jᵀ·A
        {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = a[q * n + p] = 0;                                 // exactly zero by construction
        for (int k = 0; k < n; k++)                                      // V ← V·J
        {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }
}
