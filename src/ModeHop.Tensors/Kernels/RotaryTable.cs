using System.Numerics;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// The cosines and sines of rotary position embedding, HF convention:
/// <c>inv_freq[j] = 1 / θ^(2j/R)</c> for j &lt; R/2 (R = rotary dims, θ = base),
/// <c>angle[p, j] = p · inv_freq[j]</c>. Because <c>emb = cat(freqs, freqs)</c>, dimension i and
/// i + R/2 share angle j = i, so each position keeps R/2 values.
/// Everything is computed in double and rounded to float once, so a value does not depend on
/// how many positions the table holds.
/// </summary>
public sealed class RotaryTable
{
    // Smallest table built: a first call with a short sequence still covers typical prompt lengths.
    const int MinPositions = 64;

    static readonly object gate = new();
    static readonly Dictionary<(int RotaryDims, float Theta), RotaryTable> cache = new();

    readonly float[] cos, sin; // [Positions, R/2]

    /// <summary>Rotated dimensions per head (R, even).</summary>
    public int RotaryDims { get; }

    /// <summary>The base θ.</summary>
    public float Theta { get; }

    /// <summary>Positions covered: [0, Positions).</summary>
    public int Positions { get; }

    RotaryTable(int rotaryDims, float theta, int positions)
    {
        RotaryDims = rotaryDims;
        Theta = theta;
        Positions = positions;
        int half = rotaryDims / 2;
        cos = new float[(long)positions * half];
        sin = new float[(long)positions * half];
        var invFreq = new double[half];
        for (int j = 0; j < half; j++) invFreq[j] = InverseFrequency(j, rotaryDims, theta);
        for (int p = 0; p < positions; p++)
        {
            for (int j = 0; j < half; j++)
            {
                double angle = p * invFreq[j];
                cos[p * half + j] = (float)Math.Cos(angle);
                sin[p * half + j] = (float)Math.Sin(angle);
            }
        }
    }

    /// <summary><c>1 / θ^(2j/R)</c> in double: the single definition shared with the reference kernel.</summary>
    public static double InverseFrequency(int j, int rotaryDims, float theta) => 1.0 / Math.Pow(theta, 2.0 * j / rotaryDims);

    /// <summary>cos(angle[p, j]) for j &lt; R/2.</summary>
    public ReadOnlySpan<float> Cos(int position) => cos.AsSpan(position * (RotaryDims / 2), RotaryDims / 2);

    /// <summary>sin(angle[p, j]) for j &lt; R/2.</summary>
    public ReadOnlySpan<float> Sin(int position) => sin.AsSpan(position * (RotaryDims / 2), RotaryDims / 2);

    /// <summary>All cosines, [Positions, R/2].</summary>
    public ReadOnlySpan<float> AllCos => cos;

    /// <summary>All sines, [Positions, R/2].</summary>
    public ReadOnlySpan<float> AllSin => sin;

    /// <summary>
    /// The shared table for (<paramref name="rotaryDims"/>, <paramref name="theta"/>) covering at least
    /// <paramref name="positions"/> positions. Tables are built once and grown (to a power of two) when a
    /// longer sequence asks; a returned table is immutable, so callers on any thread may keep reading it.
    /// </summary>
    public static RotaryTable Get(int rotaryDims, float theta, int positions)
    {
        if (rotaryDims <= 0 || rotaryDims % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(rotaryDims), rotaryDims, "Rotary dims must be even and positive.");
        if (!(theta > 0f) || float.IsInfinity(theta))
            throw new ArgumentOutOfRangeException(nameof(theta), theta, "Rotary base θ must be finite and positive.");
        if (positions < 0)
            throw new ArgumentOutOfRangeException(nameof(positions), positions, "Position count must not be negative.");
        lock (gate)
        {
            if (cache.TryGetValue((rotaryDims, theta), out var table) && table.Positions >= positions) return table;
            long capacity = Math.Max(MinPositions, (long)BitOperations.RoundUpToPowerOf2((uint)Math.Max(positions, 1)));
            if (capacity * (rotaryDims / 2) > Array.MaxLength) capacity = positions;
            table = new RotaryTable(rotaryDims, theta, (int)capacity);
            cache[(rotaryDims, theta)] = table;
            return table;
        }
    }
}
