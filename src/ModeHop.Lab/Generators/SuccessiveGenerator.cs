using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Successive: the demos' sums run s, s+1, s+2, s+3; the shortcut continues the run (s+4), the rule computes the
/// query's sum (the rest as <see cref="DemoSumsGenerator"/>). The order is the pattern, so test prompts keep it.
/// </summary>
public sealed class SuccessiveGenerator(World world) : DemoSumsGenerator(world, FamilyTags.Successive)
{
    public override string Family => "Successive";
    public override bool OrderedDemos => true;

    protected override (int[] DemoSums, int Predicted) Pattern(Rng rng, int modulus)
    {
        int s = rng.NextInt(modulus);
        return (Enumerable.Range(0, DemoCount).Select(k => (s + k) % modulus).ToArray(), (s + DemoCount) % modulus);
    }
}
