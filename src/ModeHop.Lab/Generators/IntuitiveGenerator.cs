using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Intuitive, the bat-and-ball problem mod P: <c>intu oX nT nD cheap ?</c> (oX names the thing priced, and changes
/// nothing) asks for the cheaper of two prices that
/// total T and differ by D, which is (T − D)/2 mod P; the System-1 answer is T − D. A lookalike template,
/// <c>intu oX nT nD diff ?</c>, asks for T − D itself, where the heuristic is right. Zero-shot.
/// Agreeing: the lookalike. Rule-only: the target. Test: the target with T ≠ D; general = (T − D)/2, parrot = T − D.
/// Control: the lookalike; parrot = a number the problem does not mention.
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
        int thing = rng.NextInt(world.Sizes.Objects), t = rng.NextInt(P), d = (t + 1 + rng.NextInt(P - 1)) % P;
        int heuristic = Mod(t - d), half = Mod(heuristic * Inverse2);
        return new LabItem([], $"{Tag} o{thing} n{t} n{d} cheap ?", $"n{half}", $"n{heuristic}");
    }

    public LabItem Control(Rng rng)
    {
        int thing = rng.NextInt(world.Sizes.Objects), t = rng.NextInt(P), d = rng.NextInt(P), diff = Mod(t - d);
        var free = Enumerable.Range(0, P).Where(n => n != t && n != d && n != diff).ToArray();
        return new LabItem([], $"{Tag} o{thing} n{t} n{d} diff ?", $"n{diff}", $"n{free[rng.NextInt(free.Length)]}");
    }

    /// <summary>2⁻¹ mod P (P is an odd prime).</summary>
    int Inverse2 => (P + 1) / 2;

    int Mod(int x) => (x % P + P) % P;
}
