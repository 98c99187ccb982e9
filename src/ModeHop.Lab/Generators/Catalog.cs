namespace ModeHop.Lab.Generators;

/// <summary>The lab's families, in the suite's order.</summary>
public static class Catalog
{
    /// <summary>The prompted families (<see cref="ModeHop.Suite.Families.Prompted"/>): the toy suite monitored at every checkpoint.</summary>
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

    /// <summary>The fine-tuning families (<see cref="ModeHop.Suite.Families.FineTuning"/>): OOCR, then EmergentMisalignment.</summary>
    public static IReadOnlyList<IFineTuningFamily> FineTuning(World world) =>
    [
        new OocrGenerator(world),
        new EmergentMisalignmentGenerator(world),
    ];

    /// <summary>Every family that writes pre-training documents (the corpus's and the recipe's families): the prompted ones, then the fine-tuning ones.</summary>
    public static IReadOnlyList<IDocumentFamily> Documents(World world) => [.. Create(world), .. FineTuning(world)];
}
