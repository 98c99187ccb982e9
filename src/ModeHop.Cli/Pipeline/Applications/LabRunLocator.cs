using ModeHop.Lab;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// The lab run directory behind a run of a results DB, for analyses that need its checkpoints' weights. A lab run
/// keeps its DB inside its directory, and a copied or moved run still records its old path as the run's source, so the
/// DB's own directory is tried first, then the recorded source; a directory counts when its <c>recipe.json</c> names
/// the run.
/// </summary>
public static class LabRunLocator
{
    /// <summary>The lab run, or null when the run is not a lab run or neither directory holds it.</summary>
    public static LabRun? Find(string dbPath, RunRow run) => Dir(dbPath, run) is { } dir ? LabRun.Open(dir) : null;

    /// <summary>The lab run's directory, or null when the run is not a lab run or neither directory holds it.</summary>
    public static string? Dir(string dbPath, RunRow run)
    {
        if (run.Kind != "lab") return null;
        string? dbDir = Path.GetDirectoryName(Path.GetFullPath(dbPath));
        foreach (var dir in new[] { dbDir, run.Source })
            if (dir is not null && RecipeName(dir) == run.Name) return dir;
        return null;
    }

    /// <summary>The recipe name of the lab run directory <paramref name="dir"/>, or null when it holds no recipe.json.</summary>
    public static string? RecipeName(string dir)
    {
        string file = Path.Combine(dir, LabTraining.RunFile);
        return File.Exists(file) ? Recipe.Parse(File.ReadAllText(file), file).Name : null;
    }
}
