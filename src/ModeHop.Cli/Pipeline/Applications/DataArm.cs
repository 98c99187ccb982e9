using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModeHop.Lab;
using ModeHop.Models;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// One continuation arm of data selection: a lab run of its own in <c>DIR/datasel/&lt;arm&gt;/</c> whose first checkpoint
/// is a copy of the main run's checkpoint at the start step (weights, optimiser moments, trainer state, tokenizer) and
/// whose recipe is the main one with another name, <c>steps</c> = start + N, and (for the labelled arms) other windows
/// after the start. Training it is <see cref="LabTraining.Run"/> with resume, so its monitors score every checkpoint
/// and a killed arm continues from its last complete checkpoint.
/// </summary>
public sealed class DataArm
{
    public const string Uncontrolled = "uncontrolled";
    public static IReadOnlyList<string> Names { get; } = [Uncontrolled, DataWindows.ProPattern, DataWindows.ProGeneral];

    public string Name { get; }
    public string Dir { get; }
    public Recipe Recipe { get; }
    public long FromStep { get; }

    DataArm(string name, string dir, Recipe recipe, long fromStep) => (Name, Dir, Recipe, FromStep) = (name, dir, recipe, fromStep);

    /// <summary>
    /// The arm <paramref name="name"/> of <paramref name="main"/> from <paramref name="fromStep"/> for <paramref name="steps"/>
    /// steps. <paramref name="pool"/> null: the recipe's own windows continue (uncontrolled); otherwise the windows up
    /// to the start are those the main run had (cut at the start) and after it <paramref name="pool"/>'s mixtures take
    /// turns, each for its own length, in the order given.
    /// </summary>
    public static DataArm Create(LabRun main, string name, long fromStep, int steps, IReadOnlyList<RunWindow> mainWindows, IReadOnlyList<Window>? pool)
    {
        var recipe = main.Recipe;
        var root = JsonNode.Parse(recipe.Json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        string armName = $"{recipe.Name}-datasel-{name}";
        long total = fromStep + steps;
        if (total > int.MaxValue) throw new UsageException($"--from {fromStep} plus --steps {steps} is more steps than a run can have.");
        root["name"] = armName;
        var model = root["model"]!.AsObject();
        // Written out, so that command-line overrides of the main run (comments in its recipe.json) carry over.
        model["steps"] = (int)total;
        model["seed"] = recipe.Training.Seed;
        if (pool is not null)
        {
            var before = mainWindows.Where(w => w.FromStep < fromStep)
                .Select(w => w.Mixture with { Steps = (int)(Math.Min(w.ToStep, fromStep) - w.FromStep) });
            root["windows"] = new JsonArray(before.Select(WindowJson).ToArray());
            root["alternate"] = new JsonArray(pool.Select(WindowJson).ToArray());
        }
        string header = pool is null
            ? $"// modehop datasel: arm '{name}' of recipe '{recipe.Name}' from step {fromStep} for {steps} steps; the recipe's own windows continue.\n"
            : $"// modehop datasel: arm '{name}' of recipe '{recipe.Name}' from step {fromStep} for {steps} steps; after step {fromStep} the windows labelled {name} take turns.\n";
        string json = header + root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        string dir = Path.Combine(main.Dir, "datasel", name);
        return new DataArm(name, dir, Recipe.Parse(json, Path.Combine(dir, LabTraining.RunFile)), fromStep);
    }

    static JsonNode WindowJson(Window w) => new JsonObject
    {
        ["name"] = w.Name,
        ["steps"] = w.Steps,
        // The recipe's weights were read as floats: written as floats they read back to the same values.
        ["agreeing"] = (float)w.Agreeing,
        ["rule_only"] = (float)w.RuleOnly,
        ["shortcut_only"] = (float)w.ShortcutOnly,
    };

    public string DbPath => Path.Combine(Dir, LabTraining.DbFile);

    /// <summary>Whether every checkpoint up to the arm's last step is on disk and scored (nothing left to train).</summary>
    public bool IsComplete()
    {
        var checkpoints = Checkpoint.List(Dir);
        if (checkpoints.Count == 0 || checkpoints[^1].Step != Recipe.Training.Steps || !File.Exists(DbPath)) return false;
        using var store = Store.ResultsStore.Open(DbPath, create: false);
        var run = store.FindRun(Recipe.Name);
        return run is not null && store.Checkpoints(run.Id).Count == checkpoints.Count;
    }

    /// <summary>
    /// Makes the arm's directory a resumable lab run: its recipe.json (or checks the one there) and the copy of the
    /// start checkpoint. Both writes are atomic, so a kill at any moment leaves a directory this method accepts.
    /// </summary>
    /// <exception cref="UsageException">The directory holds an arm started with other settings.</exception>
    public void Prepare(LabRun main)
    {
        string recipeFile = Path.Combine(Dir, LabTraining.RunFile);
        if (File.Exists(recipeFile) && File.ReadAllText(recipeFile) != Recipe.Json)
            throw new UsageException($"{recipeFile}: this arm was started with other settings (--from, --steps, --threshold or the window labels differ); run datasel with the same options, or delete {Dir} to start it again.");
        Directory.CreateDirectory(Dir);
        if (!Checkpoint.List(Dir).Any(c => c.Step == FromStep))
        {
            string source = main.CheckpointDir(FromStep);
            if (!File.Exists(Path.Combine(source, Checkpoint.OptimizerFile)))
                throw new InvalidDataException($"{source}: no {Checkpoint.OptimizerFile}; a continuation needs the optimiser state of a lab checkpoint.");
            string name = Checkpoint.DirectoryName(FromStep);
            // The ".tmp-" prefix is the one Checkpoint.RemoveIncomplete clears when a killed copy is resumed.
            string temp = Path.Combine(Dir, $".tmp-{name}-copy");
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            Directory.CreateDirectory(temp);
            foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(temp, Path.GetFileName(file)));
            Directory.Move(temp, Path.Combine(Dir, name));
        }
        if (!File.Exists(recipeFile)) AtomicFiles.WriteText(recipeFile, Recipe.Json);
    }

    /// <summary>Trains the arm to its last step (prepared first); a finished arm is left as it is.</summary>
    /// <returns>Whether any training or scoring was needed.</returns>
    public bool Run(LabRun main)
    {
        Prepare(main);
        if (IsComplete()) return false;
        LabTraining.Run(Recipe, Dir, resume: true, $"datasel {Name}");
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Dir}, steps {FromStep}–{Recipe.Training.Steps})");
}
