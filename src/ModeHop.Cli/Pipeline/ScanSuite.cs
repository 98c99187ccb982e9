using ModeHop.Lab;
using ModeHop.Models.Tokenizers;
using ModeHop.Suite;

namespace ModeHop.Cli.Pipeline;

/// <summary>The tasks a scan scores and the tokenizer that turns them into tokens.</summary>
/// <param name="DefaultSeeds">Demo seeds when the user gives none (a lab recipe says its own).</param>
public sealed record ScanSuite(string Name, IReadOnlyList<TaskDefinition> Tasks, ITokenizer Tokenizer, int DefaultSeeds)
{
    public const string English = "english", Toy = "toy";

    /// <summary>
    /// Resolves <c>--suite</c>: <c>toy</c> (the lab world of the run the checkpoints belong to, read from its
    /// recipe.json), <c>english</c> (the banks ModeHop ships) or a directory of GDsuite JSONL files; then keeps the
    /// <paramref name="families"/> asked for (all when null).
    /// </summary>
    public static ScanSuite Resolve(string suite, IReadOnlyList<FoundCheckpoint> checkpoints, string? tokenizerPath, IReadOnlyList<string>? families)
    {
        var resolved = suite switch
        {
            Toy => LabWorld(checkpoints),
            _ => throw new UsageException($"--suite {suite}: not a suite ModeHop knows; pass {English}, {Toy} or a directory of GDsuite JSONL files."),
        };
        _ = tokenizerPath;
        return families is null ? resolved : resolved with { Tasks = Keep(resolved.Tasks, families) };
    }

    static ScanSuite LabWorld(IReadOnlyList<FoundCheckpoint> checkpoints)
    {
        var runDirs = checkpoints.Select(c => Path.GetDirectoryName(c.Dir)!).Distinct().ToArray();
        if (runDirs.Length != 1)
            throw new UsageException($"--suite {Toy}: the checkpoints are in {runDirs.Length} directories; the toy suite comes from one lab run's world, so scan one run.");
        string recipePath = Path.Combine(runDirs[0], LabTraining.RunFile);
        if (!File.Exists(recipePath))
            throw new UsageException($"{recipePath}: no lab recipe; --suite {Toy} scores lab runs (made by `modehop train --recipe`); use --suite {English} for other checkpoints.");
        var recipe = Recipe.Parse(File.ReadAllText(recipePath), recipePath);
        var world = new World(recipe.WorldSeed);
        return new ScanSuite($"{Toy} (world {recipe.WorldSeed})", LabSuite.Build(world, recipe.EvalItems), new WordTokenizer(world.Vocabulary), recipe.EvalSeeds);
    }

    static IReadOnlyList<TaskDefinition> Keep(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<string> families)
    {
        var known = tasks.Select(t => t.Family).Distinct().ToArray();
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in families)
        {
            var match = known.FirstOrDefault(k => string.Equals(k, f, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"--families: '{f}' is not a family of this suite; it has {string.Join(", ", known)}.");
            wanted.Add(match);
        }
        return tasks.Where(t => wanted.Contains(t.Family)).ToArray();
    }
}
