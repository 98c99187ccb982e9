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
    public static LabRun? Find(string dbPath, RunRow run)
    {
        if (run.Kind != "lab") return null;
        string? dbDir = Path.GetDirectoryName(Path.GetFullPath(dbPath));
        foreach (var dir in new[] { dbDir, run.Source })
        {
            if (dir is null || !File.Exists(Path.Combine(dir, LabTraining.RunFile))) continue;
            var lab = LabRun.Open(dir);
            if (lab.Recipe.Name == run.Name) return lab;
        }
        return null;
    }
}
