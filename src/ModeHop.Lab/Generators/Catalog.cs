namespace ModeHop.Lab.Generators;

/// <summary>The lab's families, in the suite's order.</summary>
public static class Catalog
{
    public static IReadOnlyList<IFamilyGenerator> Create(World world) =>
    [
        new FlippedGenerator(world),
        new RepetitiveGenerator(world),
        new SuccessiveGenerator(world),
        new TruthyGenerator(world),
        new IntuitiveGenerator(world),
        new PersonaGenerator(world),
        new EntityTrackingGenerator(world),
        new BacktrackingGenerator(world),
    ];
}
