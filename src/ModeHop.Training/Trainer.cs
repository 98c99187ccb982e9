using System.Diagnostics;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Training.Checkpoints;
using ModeHop.Training.Data;
using ModeHop.Training.Optim;

namespace ModeHop.Training;

/// <summary>What the trainer reports after every step; <paramref name="StartStep"/> is where this process began (after a resume, not 0).</summary>
public sealed record TrainProgress(long Step, long StartStep, long TotalSteps, float Loss, float LearningRate, double TokensPerSecond, TimeSpan Elapsed, string? CheckpointWritten)
{
    /// <summary>Seconds left at this process's pace so far.</summary>
    public double SecondsRemaining => Elapsed.TotalSeconds / Math.Max(1, Step - StartStep) * (TotalSteps - Step);
}

/// <summary>How a run ended.</summary>
public sealed record TrainResult(long StartStep, long FinalStep, float FinalLoss, string? ResumedFrom, string? SkippedDamaged, double TokensPerSecond, TimeSpan Elapsed);

/// <summary>
/// The training loop: batch → forward → loss → backward → clip → AdamW, with checkpoints on the
/// preset's schedule. A run can be resumed from its last complete checkpoint and then ends with
/// the same bytes as an uninterrupted run: data is a pure function of the step, and the weights,
/// moments and step count are all in the checkpoint.
/// </summary>
public sealed class Trainer(TrainingPreset preset, IBatchSource data, string runDir)
{
    /// <summary>Files written into every checkpoint besides the weights (e.g. tokenizer.json).</summary>
    public IReadOnlyDictionary<string, string>? ExtraFiles { get; init; }

    /// <summary>Called with each checkpoint's directory once it is complete on disk (the initial one included).</summary>
    public Action<string>? CheckpointSaved { get; init; }

    public TrainResult Run(bool resume, Action<TrainProgress>? progress = null, CancellationToken cancel = default)
    {
        var model = new TransformerModel(preset.Model);
        var optimizer = new AdamW(model.Parameters, preset.Optimizer);
        long start = 0;
        string? resumedFrom = null, skipped = null;

        if (resume)
        {
            Checkpoint.RemoveIncomplete(runDir);
            foreach (var (step, dir) in Checkpoint.List(runDir).Reverse())
            {
                try
                {
                    var state = TrainerState.Read(Path.Combine(dir, TrainerState.FileName));
                    Checkpoint.LoadWeights(dir, model);
                    Checkpoint.LoadOptimizer(dir, model, optimizer);
                    if (state.Step != step || optimizer.Step != step)
                        throw new InvalidDataException($"{dir}: directory, trainer state and optimiser disagree on the step ({step}, {state.Step}, {optimizer.Step}).");
                    start = step;
                    resumedFrom = dir;
                    break;
                }
                catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
                {
                    skipped ??= $"{dir} ({e.Message})";
                }
            }
        }
        if (resumedFrom is null)
        {
            model.Initialize(preset.Seed);
            optimizer.Step = 0;
        }

        int B = preset.BatchSize, T = preset.SeqLen;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        var trainStep = new TrainStep(model, optimizer, preset.ClipNorm);
        var schedule = preset.Schedule;
        var losses = new List<LossPoint>();
        var clock = Stopwatch.StartNew();
        float loss = float.NaN, lr = 0f;
        long tokensThisRun = 0;

        long previous = start;
        if (resumedFrom is null && preset.Checkpoints.IsCheckpoint(0, preset.Steps))
            Save(model, optimizer, 0, 0, 0f, losses);

        for (long step = start; step < preset.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            data.Fill(step, B, T, inputs, targets);
            lr = schedule.At(step);
            loss = trainStep.Run(inputs, targets, B, T, lr).Loss;

            long done = step + 1;
            tokensThisRun += B * T;
            losses.Add(new LossPoint(done, loss));
            string? written = null;
            if (preset.Checkpoints.IsCheckpoint(done, preset.Steps))
            {
                written = Save(model, optimizer, previous, done, lr, losses);
                previous = done;
                losses.Clear();
            }
            progress?.Invoke(new TrainProgress(done, start, preset.Steps, loss, lr, tokensThisRun / Math.Max(1e-9, clock.Elapsed.TotalSeconds), clock.Elapsed, written));
        }
        return new TrainResult(start, preset.Steps, loss, resumedFrom, skipped, tokensThisRun / Math.Max(1e-9, clock.Elapsed.TotalSeconds), clock.Elapsed);
    }

    string Save(TransformerModel model, AdamW optimizer, long previous, long step, float lr, List<LossPoint> losses)
    {
        var state = new TrainerState
        {
            Step = step,
            TokensSeen = step * preset.BatchSize * preset.SeqLen,
            LearningRate = lr,
            Seed = preset.Seed,
            DataCursor = step * preset.BatchSize,
            Data = data.Describe(),
            BatchSize = preset.BatchSize,
            SeqLen = preset.SeqLen,
            TotalSteps = preset.Steps,
            Composition = data.Composition(previous, step, preset.BatchSize),
            Losses = losses.ToArray(),
        };
        string dir = Checkpoint.Save(runDir, model, optimizer, state, ExtraFiles);
        CheckpointSaved?.Invoke(dir);
        return dir;
    }
}
