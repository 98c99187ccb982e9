using ModeHop.Lab;
using ModeHop.Store;
using ModeHop.Suite;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline;

/// <summary>
/// A lab run directory as the analyses see it: the recipe it was trained with (its <c>recipe.json</c>), the world
/// and tokenizer that recipe names, the world's toy suite, the results DB beside the checkpoints, and the
/// checkpoints on disk in step order.
/// </summary>
public sealed class LabRun
{
    public string Dir { get; }
    public Recipe Recipe { get; }
    public World World { get; }
    public WordTokenizer Tokenizer { get; }
    public IReadOnlyList<TaskDefinition> Tasks { get; }

    /// <summary>The world's fine-tuning families' tasks (OOCR, EmergentMisalignment), asked after fixed fine-tunes; not monitored during training.</summary>
    public IReadOnlyList<TaskDefinition> FineTuneTasks => fineTuneTasks ??= LabSuite.FineTuneTasks(World, Recipe.EvalItems);

    IReadOnlyList<TaskDefinition>? fineTuneTasks;
    public string DbPath => Path.Combine(Dir, LabTraining.DbFile);

    LabRun(string dir, Recipe recipe)
    {
        Dir = dir;
        Recipe = recipe;
        World = new World(recipe.WorldSeed);
        Tokenizer = new WordTokenizer(World.Vocabulary);
        Tasks = LabSuite.Build(World, recipe.EvalItems);
    }

    /// <summary>A run that <see cref="LabTraining"/> is about to train (its directory may still be empty).</summary>
    public static LabRun ForRecipe(string dir, Recipe recipe) => new(dir, recipe);

    /// <summary>Opens an existing lab run directory.</summary>
    /// <exception cref="UsageException">The directory holds no lab run.</exception>
    public static LabRun Open(string dir)
    {
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"{dir}: no such directory; expected a lab run directory (made by `modehop train --recipe` or `modehop demo`).");
        string file = Path.Combine(dir, LabTraining.RunFile);
        if (!File.Exists(file))
            throw new UsageException($"{dir}: not a lab run (no {LabTraining.RunFile}); give the directory `modehop train --recipe … --out DIR` wrote.");
        var run = new LabRun(dir, Recipe.Parse(File.ReadAllText(file), file));
        run.CheckVocabulary();
        return run;
    }

    /// <summary>
    /// A run trained before the lab world gained words (issue 6 added the fine-tuning families' 130) has checkpoints
    /// whose vocabulary is smaller than its recipe's world: every verb would fail on it later with a token id out of
    /// range, so it is refused here with what to do.
    /// </summary>
    void CheckVocabulary()
    {
        var first = Checkpoints().FirstOrDefault();
        if (first.Dir is null) return;
        int words = World.Vocabulary.Count, vocab;
        try
        {
            vocab = ModeHop.Models.HuggingFace.HfCheckpoint.ReadConfig(first.Dir).VocabSize;
        }
        catch (InvalidDataException)
        {
            return; // an unreadable checkpoint is reported by whatever reads it
        }
        if (vocab != words)
            throw new UsageException($"{first.Dir}: the model has a {vocab}-token vocabulary but the lab world of {Path.Combine(Dir, LabTraining.RunFile)} has {words} words " +
                "(the world gained words since this run was trained); train it again with `modehop train --recipe <its recipe.json> --out NEWDIR`.");
    }

    /// <summary>The monitor that scores this run's toy suite (its seeds, its tokenizer, its model shape) into run <paramref name="runId"/> of <paramref name="store"/>.</summary>
    public SuiteMonitor Monitor(ResultsStore store, long runId) =>
        new(store, runId, Tasks, Tokenizer, new SuiteOptions(Seeds: Recipe.EvalSeeds), Recipe.Training.Model);

    /// <summary>The complete checkpoints on disk, in step order.</summary>
    public IReadOnlyList<(long Step, string Dir)> Checkpoints() => Checkpoint.List(Dir);

    /// <summary>The directory of the checkpoint at <paramref name="step"/>.</summary>
    /// <exception cref="UsageException">No checkpoint at that step.</exception>
    public string CheckpointDir(long step)
    {
        foreach (var (s, d) in Checkpoints())
            if (s == step) return d;
        throw new UsageException($"{Dir}: no checkpoint at step {step}; steps here: {string.Join(", ", Checkpoints().Select(c => c.Step))}.");
    }
}
