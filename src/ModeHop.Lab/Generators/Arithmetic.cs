using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>Sums modulo the world's prime, shared by Repetitive and Successive: demos read <c>tag na nb =</c> → <c>n(a+b)</c>.</summary>
internal sealed class Arithmetic(string tag, int modulus)
{
    public int P => modulus;

    public EpisodeDemo WithSum(Rng rng, int sum)
    {
        int a = rng.NextInt(P), b = ((sum - a) % P + P) % P;
        return new EpisodeDemo($"{tag} n{a} n{b} =", Number(sum));
    }

    public EpisodeDemo Random(Rng rng) => WithSum(rng, rng.NextInt(P));

    /// <summary>A number in [0, P) other than <paramref name="avoid"/>.</summary>
    public int Other(Rng rng, int avoid) => (avoid + 1 + rng.NextInt(P - 1)) % P;

    public static string Number(int value) => "n" + value;
}
