using ModeHop.Tensors;

namespace ModeHop.Lab;

/// <summary>The world's and generators' draws beyond single integers.</summary>
public static class Sampling
{
    /// <summary>Fisher–Yates, in place.</summary>
    public static void Shuffle<T>(Rng rng, IList<T> list)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary><paramref name="count"/> distinct values of [0, <paramref name="range"/>) in random order.</summary>
    public static int[] Distinct(Rng rng, int range, int count)
    {
        var all = Enumerable.Range(0, range).ToArray();
        Shuffle(rng, all);
        return all[..count];
    }
}
