using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Repetitive: every demo has the same sum c; the shortcut copies c, the rule computes the query's sum
/// (the rest as <see cref="DemoSumsGenerator"/>). Demo order carries nothing, so seeds shuffle it.
/// </summary>
public sealed class RepetitiveGenerator(World world) : DemoSumsGenerator(world, FamilyTags.Repetitive)
{
    public override string Family => "Repetitive";
    public override bool OrderedDemos => false;

    protected override (int[] DemoSums, int Predicted) Pattern(Rng rng, int modulus)
    {
        int c = rng.NextInt(modulus);
        return (Enumerable.Repeat(c, DemoCount).ToArray(), c);
    }
}
