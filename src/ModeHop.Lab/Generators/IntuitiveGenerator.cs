using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Intuitive, the bat-and-ball problem mod P: <c>intu nT nD cheap ?</c> asks for the cheaper of two prices that
/// total T and differ by D, which is (T − D)/2 mod P; the System-1 answer is T − D. A lookalike template,
/// <c>intu nT nD diff ?</c>, asks for T − D itself, where the heuristic is right. Zero-shot.
/// Agreeing: the lookalike. Rule-only: the target. Test: the target with T ≠ D; general = (T − D)/2, parrot = T − D.
/// Control: the lookalike; parrot = another number.
/// </summary>
public sealed class IntuitiveGenerator(World world) : IFamilyGenerator
{
    int P => world.Sizes.Modulus;

    public string Family => "Intuitive";
    public string Tag => FamilyTags.Intuitive;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing, DocumentKind.RuleOnly];
    public bool OrderedDemos => true;

    public Episode Train(Rng rng, DocumentKind kind)
    {
        var item = kind == DocumentKind.RuleOnly ? Test(rng) : Control(rng);
        return item.AsEpisode(item.General);
    }

    public LabItem Test(Rng rng)
    {
        int t = rng.NextInt(P), d = (t + 1 + rng.NextInt(P - 1)) % P;
        int heuristic = Mod(t - d), half = Mod(heuristic * Inverse2);
        return new LabItem([], $"{Tag} n{t} n{d} cheap ?", $"n{half}", $"n{heuristic}");
    }

    public LabItem Control(Rng rng)
    {
        int t = rng.NextInt(P), d = rng.NextInt(P), diff = Mod(t - d);
        return new LabItem([], $"{Tag} n{t} n{d} diff ?", $"n{diff}", $"n{Mod(diff + 1 + rng.NextInt(P - 1))}");
    }

    /// <summary>2⁻¹ mod P (P is an odd prime).</summary>
    int Inverse2 => (P + 1) / 2;

    int Mod(int x) => (x % P + P) % P;
}
