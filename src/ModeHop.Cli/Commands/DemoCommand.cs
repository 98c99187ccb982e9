using System.CommandLine;
using ModeHop.Training;

namespace ModeHop.Cli.Commands;

/// <summary>
/// <c>modehop demo</c>: the main job on its built-in default. Until the lab arrives it trains the
/// tiny preset on the built-in corpus, with a progress bar and checkpoints.
/// </summary>
public static class DemoCommand
{
    const string Marker = ".modehop-demo";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where the demo run goes.", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var seed = new Option<ulong?>("--seed") { Description = "Seed (default: the preset's)." };
        var threads = Common.ThreadsOption();
        var command = new Command("demo", "Run the whole chain on a built-in default: train the tiny preset from scratch with checkpoints.") { output, seed, threads };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            var preset = TrainingPreset.Load("tiny");
            if (r.GetValue(seed) is { } s) preset = preset with { Seed = s };
            string dir = r.GetValue(output)!;
            if (Directory.Exists(dir))
            {
                if (!File.Exists(Path.Combine(dir, Marker)) && Directory.EnumerateFileSystemEntries(dir).Any())
                    throw new UsageException($"{dir}: exists and is not a demo run; choose another --out.");
                Directory.Delete(dir, recursive: true);
            }
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, Marker), "This directory is rewritten by `modehop demo`.\n");
            return TrainCommand.Train(preset, dir, resume: false, "demo");
        }));
        return command;
    }
}
