namespace ModeHop.Tests.Cli;

/// <summary>
/// The tiny lab recipe of <see cref="LabTrainTests"/> (120 steps, checkpoints 0, 1, 2, 4, 20, …, 120) trained once by
/// the real `train` on 2 threads, for a test class to share.
/// </summary>
public class TinyLabRun
{
    public string Dir { get; }
    public string DbPath => Path.Combine(Dir, "results.db");

    public TinyLabRun()
    {
        string root = CliRunner.TempDir("tiny-lab-run");
        Dir = Path.Combine(root, "run");
        var r = CliRunner.Run("train", "--recipe", LabTrainTests.WriteRecipe(root), "--out", Dir, "--threads", "2");
        if (r.ExitCode != 0) throw new InvalidOperationException(r.ToString());
    }

    /// <summary>A private copy of the run, so a test's findings never meet another's.</summary>
    public string Copy(string name)
    {
        string target = Path.Combine(CliRunner.TempDir("tiny-lab-" + name), "run");
        foreach (var file in Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(Dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }
}
