using ModeHop.Models.Tokenizers;
using ModeHop.Suite;
using ModeHop.Suite.English;
using ModeHop.Suite.GdSuite;

namespace ModeHop.Cli.Pipeline;

/// <summary>The tasks a scan scores and the tokenizer that turns them into tokens.</summary>
/// <param name="DefaultSeeds">Demo seeds when the user gives none (a lab recipe says its own).</param>
public sealed record ScanSuite(string Name, IReadOnlyList<TaskDefinition> Tasks, ITokenizer Tokenizer, int DefaultSeeds)
{
    /// <summary>The lab run whose world the toy suite comes from (null for the other suites).</summary>
    public LabRun? Lab { get; init; }

    public const string English = "english", Toy = "toy";

    /// <summary>
    /// Resolves <c>--suite</c>: <c>toy</c> (the lab world of the run the checkpoints belong to, read from its
    /// recipe.json), <c>english</c> (the banks ModeHop ships) or a directory of GDsuite JSONL files; then keeps the
    /// <paramref name="families"/> asked for (when null: every prompted family; the fine-tuning families cost fine-tunes
    /// on every checkpoint, so they run only when named), and applies <paramref name="protocol"/> to their fine-tunes.
    /// </summary>
    public static ScanSuite Resolve(string suite, IReadOnlyList<FoundCheckpoint> checkpoints, string? tokenizerPath, IReadOnlyList<string>? families,
        FineTuneOverrides? protocol = null)
    {
        var resolved = suite switch
        {
            Toy => LabWorld(checkpoints),
            English => new ScanSuite($"{English} v{EnglishSuite.Version}", EnglishSuite.Tasks(), CheckpointTokenizer(checkpoints, tokenizerPath), 4),
            _ when Directory.Exists(suite) => new ScanSuite(Path.GetFullPath(suite), GdSuiteDirectory.Load(suite), CheckpointTokenizer(checkpoints, tokenizerPath), 4),
            _ => throw new UsageException($"--suite {suite}: not a suite ModeHop knows nor a directory; pass {English}, {Toy} or a directory of GDsuite JSONL files."),
        };
        var kept = families is null ? resolved.Tasks.Where(t => !Families.IsFineTuning(t.Family)).ToArray() : Keep(resolved.Tasks, families);
        return resolved with { Tasks = protocol is null ? kept : kept.Select(protocol.Apply).ToArray() };
    }

    /// <summary>
    /// The series' tokenizer: <paramref name="explicitPath"/>, else the tokenizer.json of the first checkpoint or of a
    /// folder above it (series often keep one tokenizer beside their step folders).
    /// </summary>
    internal static HfTokenizer CheckpointTokenizer(IReadOnlyList<FoundCheckpoint> checkpoints, string? explicitPath)
    {
        if (explicitPath is not null) return TokenizerJson.Load(explicitPath);
        // Up from the first checkpoint to the folder just above the series.
        string? last = Path.GetDirectoryName(CheckpointDiscovery.CommonFolder(checkpoints));
        for (var dir = new DirectoryInfo(checkpoints[0].Dir); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, TokenizerFile);
            if (File.Exists(candidate)) return TokenizerJson.Load(candidate);
            if (dir.FullName == last) break;
        }
        throw new UsageException($"{checkpoints[0].Dir}: no {TokenizerFile} there or in the folders above it; pass --tokenizer FILE (the series' Hugging Face tokenizer.json).");
    }

    const string TokenizerFile = "tokenizer.json";

    static ScanSuite LabWorld(IReadOnlyList<FoundCheckpoint> checkpoints)
    {
        var runDirs = checkpoints.Select(c => Path.GetDirectoryName(c.Dir)!).Distinct().ToArray();
        if (runDirs.Length != 1)
            throw new UsageException($"--suite {Toy}: the checkpoints are in {runDirs.Length} directories; the toy suite comes from one lab run's world, so scan one run.");
        string recipePath = Path.Combine(runDirs[0], LabTraining.RunFile);
        if (!File.Exists(recipePath))
            throw new UsageException($"{recipePath}: no lab recipe; --suite {Toy} scores lab runs (made by `modehop train --recipe`); use --suite {English} for other checkpoints.");
        var lab = LabRun.Open(runDirs[0]);
        return new ScanSuite($"{Toy} (world {lab.Recipe.WorldSeed})", [.. lab.Tasks, .. lab.FineTuneTasks], lab.Tokenizer, lab.Recipe.EvalSeeds) { Lab = lab };
    }

    static IReadOnlyList<TaskDefinition> Keep(IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<string> families)
    {
        var known = tasks.Select(t => t.Family).Distinct().ToArray();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in families)
        {
            var match = Families.Resolve(f) is { } family && known.Contains(family) ? family
                : throw new UsageException($"--families: '{f}' is not a family of this suite; it has {string.Join(", ", known)} (em = {Families.EmergentMisalignment}).");
            wanted.Add(match);
        }
        return tasks.Where(t => wanted.Contains(t.Family)).ToArray();
    }
}
