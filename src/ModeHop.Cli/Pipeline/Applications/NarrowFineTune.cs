using ModeHop.Lab;
using ModeHop.Lab.Generators;
using ModeHop.Models.Transformer;
using ModeHop.Training;
using ModeHop.Training.FineTuning;
using ModeHop.Training.Optim;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>The fixed narrow fine-tune of checkpoint selection: which family's documents, how many steps, at which learning rate.</summary>
public sealed record FineTuneSettings(string Family, int Steps = 200, double LearningRate = 1e-3);

/// <summary>
/// A fixed narrow fine-tune of a lab checkpoint on one family's training documents: a fresh AdamW (the recipe's β1, β2,
/// ε and weight decay, no moments carried over), a constant learning rate, the recipe's batch shape and clipping.
/// The data is the same for every checkpoint: steps 0…N−1 of the recipe with only that family (weight 1, every other
/// family 0, no background text), the mixture of the recipe's first window throughout (the warm-up's iid mixture, so
/// the fine-tune neither favours rule-only nor shortcut-only documents the way a later window may), and the data seed
/// <c>training seed XOR 0xF17E</c>, so the batches are not a replay of the run's own first steps.
/// </summary>
public static class NarrowFineTune
{
    /// <summary>
    /// The default family. Fixed rather than chosen from the run (so the fine-tune is the same for every run and cannot
    /// be picked to flatter the selected checkpoint); Repetitive's documents are one narrow skill (a + b mod 11 after
    /// demos with one repeated answer) whose arithmetic Successive and Intuitive share, so the fine-tune has near and far
    /// families to disturb.
    /// </summary>
    public const string DefaultFamily = "Repetitive";

    const ulong DataSeedMask = 0xF17E;

    /// <summary>The lab's prompted families (the generators' catalogue order); the fine-tuning families' documents are no narrow skill of the suite.</summary>
    public static IReadOnlyList<string> Families { get; } = Catalog.Create(new World(1)).Select(g => g.Family).ToArray();

    /// <summary>The catalogue's spelling of <paramref name="family"/> (case-insensitive), or null for "none".</summary>
    /// <exception cref="UsageException">Not a lab family.</exception>
    public static string? ParseFamily(string family)
    {
        if (string.Equals(family, "none", StringComparison.OrdinalIgnoreCase)) return null;
        return Families.FirstOrDefault(f => string.Equals(f, family, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"--finetune-family '{family}': not a lab family; give one of {string.Join(", ", Families)}, or none.");
    }

    /// <summary>The recipe whose data the fine-tune reads: <paramref name="family"/>'s documents only, the first window's mixture, the fine-tune's data seed.</summary>
    public static Recipe DataRecipe(Recipe recipe, string family)
    {
        var first = recipe.Windows.Count > 0 ? recipe.Windows[0] : recipe.Alternate[0];
        return recipe with
        {
            // Every family of the recipe (the fine-tuning families' too) at 0 but this one: a family the corpus finds no
            // weight for would get the default 1.
            FamilyWeights = recipe.FamilyWeights.Keys.ToDictionary(f => f, f => f == family ? 1.0 : 0.0),
            Background = 0,
            Windows = [first],
            Alternate = [],
            Training = recipe.Training with { Seed = recipe.Training.Seed ^ DataSeedMask },
        };
    }

    /// <summary>Fine-tunes the weights <paramref name="model"/> holds, in place; returns the last step's loss (NaN for 0 steps).</summary>
    public static float Run(TransformerModel model, Recipe recipe, World world, FineTuneSettings settings)
    {
        var corpus = new LabCorpus(DataRecipe(recipe, settings.Family), world);
        var preset = recipe.Training;
        var optimizer = new AdamW(model.Parameters, preset.Optimizer);
        var step = new TrainStep(model, optimizer, preset.ClipNorm);
        return FineTuneLoop.Run(step, corpus, settings.Steps, preset.BatchSize, preset.SeqLen, (float)settings.LearningRate).Last;
    }
}
