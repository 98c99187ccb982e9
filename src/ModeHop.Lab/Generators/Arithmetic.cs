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

    /// <summary>A number in [0, P) that no demo or query of the episode mentions (a control's parrot: no copy favours it).</summary>
    public int Absent(Rng rng, IEnumerable<EpisodeDemo> parts)
    {
        var used = new HashSet<string>(parts.SelectMany(d => (d.Prompt + " " + d.Answer).Split(' ')));
        var free = Enumerable.Range(0, P).Where(n => !used.Contains(Number(n))).ToArray();
        return free.Length > 0 ? free[rng.NextInt(free.Length)] : rng.NextInt(P);
    }

    public static string Number(int value) => "n" + value;
}
