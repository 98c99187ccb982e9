namespace ModeHop.Suite;

/// <summary>
/// The suite's random number generator: SplitMix64 (Steele, Lea, Flood 2014), whose whole algorithm is the five lines
/// of <see cref="NextUInt64"/>, so demo choices stay the same bytes on every runtime (System.Random promises no such thing).
/// It is the suite's own rather than ModeHop.Tensors.Rng so that a change to the engine's generator cannot change
/// which demos a task's prompts hold.
/// </summary>
internal sealed class SplitMix64(ulong state)
{
    ulong state = state;

    public ulong NextUInt64()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "Bound must be positive.");
        ulong b = (ulong)bound;
        while (true)
        {
            UInt128 m = (UInt128)NextUInt64() * b;
            ulong low = (ulong)m;
            if (low >= b || low >= (0UL - b) % b) return (int)(m >> 64);
        }
    }

    /// <summary>
    /// Fisher–Yates from the front: for i = 0 … count−1, swap values[i] with values[i + NextInt(n − i)]. With
    /// count &lt; n this is a partial shuffle: values[0..count) is a uniform draw without replacement.
    /// </summary>
    public void Shuffle<T>(Span<T> values, int count)
    {
        int n = values.Length;
        for (int i = 0; i < count && i < n - 1; i++)
        {
            int j = i + NextInt(n - i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    public void Shuffle<T>(Span<T> values) => Shuffle(values, values.Length);
}
