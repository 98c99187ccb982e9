namespace ModeHop.Tensors;

/// <summary>
/// The one random number generator: xoshiro256** seeded through SplitMix64. Same seed ⇒ same
/// sequence on every machine and runtime (System.Random makes no such promise across versions).
/// </summary>
public sealed class Rng
{
    ulong s0, s1, s2, s3;

    public Rng(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>A generator for one stream derived from a seed and stream coordinates (e.g. step, row).</summary>
    public static Rng ForStream(ulong seed, params ReadOnlySpan<ulong> coordinates)
    {
        ulong h = seed ^ 0x9E3779B97F4A7C15UL;
        foreach (ulong c in coordinates)
        {
            ulong x = h ^ (c + 0x632BE59BD9B4E019UL);
            h = SplitMix(ref x);
        }
        return new Rng(h);
    }

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "Bound must be positive.");
        ulong b = (ulong)bound;
        while (true)
        {
            ulong x = NextUInt64();
            UInt128 m = (UInt128)x * b;
            ulong low = (ulong)m;
            if (low >= b || low >= (0UL - b) % b) return (int)(m >> 64);
        }
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box–Muller (one value per call; the pair's twin is discarded for simplicity).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="values"/> with normal(0, std) values.</summary>
    public void FillNormal(Span<float> values, float std)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)(NextNormal() * std);
    }
}
