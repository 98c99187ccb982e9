using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Background text: <c>text</c> then words from a sparse Markov chain over w0..w{n−1}, interrupted by copies of
/// earlier spans and by enumerations of numbers n_k, n_k+1, … — reasons for copy and successor circuits to exist.
/// Every word is scored (the full language-model loss).
/// </summary>
public sealed class BackgroundText
{
    const int Successors = 4;
    const double CopyProbability = 0.06, EnumerationProbability = 0.04;
    readonly World world;
    readonly int[] next; // [words, Successors]

    public BackgroundText(World world)
    {
        this.world = world;
        int n = world.Sizes.BackgroundWords;
        var rng = Rng.ForStream(world.Seed, 0xBAC6);
        next = new int[n * Successors];
        for (int i = 0; i < next.Length; i++) next[i] = rng.NextInt(n);
    }

    /// <summary>A document of <paramref name="length"/> words, the tag included.</summary>
    public string[] Generate(Rng rng, int length)
    {
        var words = new List<string>(length) { FamilyTags.Background };
        int n = world.Sizes.BackgroundWords, P = world.Sizes.Modulus;
        int current = rng.NextInt(n);
        words.Add("w" + current);
        while (words.Count < length)
        {
            double u = rng.NextDouble();
            if (u < CopyProbability && words.Count >= 8)
            {
                int span = 3 + rng.NextInt(5), from = 1 + rng.NextInt(words.Count - 4);
                for (int k = 0; k < span && words.Count < length; k++) words.Add(words[Math.Min(from + k, words.Count - 1)]);
            }
            else if (u < CopyProbability + EnumerationProbability)
            {
                int start = rng.NextInt(P), span = 3 + rng.NextInt(4);
                for (int k = 0; k < span && words.Count < length; k++) words.Add("n" + (start + k) % P);
            }
            else
            {
                current = next[current * Successors + Math.Min(Successors - 1, (int)(-Math.Log(1 - rng.NextDouble()) * 1.2))];
                words.Add("w" + current);
            }
        }
        return words.ToArray();
    }
}
