using System.CommandLine;
using ModeHop.Cli.Pipeline;
using ModeHop.Cli.Terminal;
using ModeHop.Lab;
using ModeHop.Models;
using ModeHop.Tensors.Threading;
using ModeHop.Training.Checkpoints;
using ModeHop.Training.Data;
using ModeHop.Training;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop train</c>: train a model from scratch on the built-in corpus, with checkpoints.</summary>
public static class TrainCommand
{
    public const string RunFile = "run.json";

    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = $"Built-in preset ({string.Join(", ", TrainingPreset.BuiltIn)}) or a preset JSON file: train on the built-in Markov corpus (default: tiny)." };
        var recipe = new Option<string?>("--recipe") { Description = $"Built-in lab recipe ({string.Join(", ", Recipe.BuiltIn)}) or a recipe JSON file: train on the lab world and score its toy suite at every checkpoint into DIR/results.db." };
        var output = new Option<string>("--out") { Description = "Run directory: checkpoints step000000, step000001, … are written here.", Required = true };
        var steps = new Option<int?>("--steps") { Description = "Optimiser steps (overrides the preset)." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed for initialisation and data (overrides the preset)." };
        var threads = Common.ThreadsOption();
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last complete checkpoint." };
        var command = new Command("train", "Train a model from scratch, writing Hugging Face-layout checkpoints on a Pythia-like schedule: with --recipe on a lab world while monitoring its suite, with --preset on the built-in Markov corpus.")
        {
            recipe, preset, output, steps, seed, threads, resume,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            if (r.GetValue(recipe) is { } recipeName)
            {
                if (r.GetValue(preset) is not null) throw new UsageException("--recipe and --preset exclude each other: a recipe carries its own model settings.");
                var lab = Recipe.Load(recipeName);
                if (r.GetValue(steps) is { } ls) lab = lab.WithSteps(ls);
                if (r.GetValue(seed) is { } lsd) lab = lab.WithSeed(lsd);
                var outcome = LabTraining.Run(lab, r.GetValue(output)!, r.GetValue(resume), "train");
                Console.WriteLine($"train: done, step {outcome.Result.FinalStep}, loss {outcome.Result.FinalLoss:F4}, {outcome.TotalSeconds:F1}s (monitors {outcome.MonitorSeconds:F1}s); results in {outcome.DbPath}");
                return CliErrors.Ok;
            }
            var p = TrainingPreset.Load(r.GetValue(preset) ?? "tiny");
            if (r.GetValue(steps) is { } s) p = p with { Steps = s };
            if (r.GetValue(seed) is { } sd) p = p with { Seed = sd };
            p.Validate("command line");
            return Train(p, r.GetValue(output)!, r.GetValue(resume), "train");
        }));
        return command;
    }

    /// <summary>Trains <paramref name="preset"/> into <paramref name="runDir"/>, printing progress and a summary.</summary>
    public static int Train(TrainingPreset preset, string runDir, bool resume, string title)
    {
        string runFile = Path.Combine(runDir, RunFile);
        string presetJson = preset.ToJson();
        if (resume)
        {
            if (!File.Exists(runFile))
                throw new UsageException($"{runDir}: no run to resume (no {RunFile}); start it without --resume.");
            string previous = File.ReadAllText(runFile);
            var started = TrainingPreset.Parse(previous, runFile);
            if (started.ToJson() != presetJson)
                throw new UsageException($"{runFile}: the run was started with other settings; resume it with the same --preset, --steps and --seed (see {RunFile}).");
        }
        else
        {
            if (File.Exists(runFile) || Checkpoint.List(runDir).Count > 0)
                throw new UsageException($"{runDir}: already holds a run; continue it with --resume, or choose another --out.");
            Directory.CreateDirectory(runDir);
            AtomicFiles.WriteText(runFile, presetJson);
        }

        var data = new MarkovCorpus(preset.Seed, preset.Model.VocabSize);
        var trainer = new Trainer(preset, data, runDir);
        var view = new ProgressView();
        Console.WriteLine($"{title}: {preset.Model.Family} L={preset.Model.Layers} C={preset.Model.Channels} H={preset.Model.Heads} V={preset.Model.VocabSize}, {preset.Model.ParameterCount():N0} parameters, batch {preset.BatchSize}×{preset.SeqLen}, {preset.Steps} steps, {WorkerPool.Shared.Threads} threads → {runDir}");
        var result = view.Run(title, preset.Steps, report => trainer.Run(resume, p =>
        {
            report(p.Step, $"loss {p.Loss:F4} lr {p.LearningRate:G3} {p.TokensPerSecond:N0} tok/s ETA {p.SecondsRemaining:F0}s");
        }));
        if (result.SkippedDamaged is not null) Console.WriteLine($"{title}: skipped a damaged checkpoint: {result.SkippedDamaged}");
        if (result.ResumedFrom is not null) Console.WriteLine($"{title}: resumed from {result.ResumedFrom}");
        Console.WriteLine(result.StartStep == result.FinalStep
            ? $"{title}: nothing to do, the run already reached step {result.FinalStep}."
            : $"{title}: done, step {result.FinalStep}, loss {result.FinalLoss:F4}, {result.TokensPerSecond:N0} tokens/s over {result.Elapsed.TotalSeconds:F1}s; checkpoints in {runDir}");
        return CliErrors.Ok;
    }
}
