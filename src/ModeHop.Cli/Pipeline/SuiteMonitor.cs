using System.Diagnostics;
using ModeHop.Models.Scoring;
using ModeHop.Models.Tokenizers;
using ModeHop.Models.Transformer;
using ModeHop.Store;
using ModeHop.Suite;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline;

/// <summary>
/// Scores a suite on checkpoints into the results DB: the tasks and items are stored and their requests prepared
/// once, then each checkpoint is scored for the tasks it lacks and written in one transaction, so a re-run skips what
/// is done and a kill at any moment loses no finished checkpoint. Tasks of the fine-tuning families are asked after their
/// fixed fine-tunes (<see cref="FineTuneScoring"/>), run by the fine-tuner the constructor is given for the model.
/// </summary>
public sealed class SuiteMonitor
{
    readonly ResultsStore store;
    readonly long runId;
    readonly IReadOnlyList<PreparedTask> tasks;
    readonly long[] taskIds;
    readonly int requestsPerBatch;
    readonly TransformerModel model; // the checkpoint being scored is loaded into it
    readonly TransformerScorer scorer;
    readonly TransformerSampler sampler;
    readonly IFineTuner? fineTuner;

    /// <summary>Seconds spent scoring and writing so far.</summary>
    public double Seconds { get; private set; }

    /// <param name="fineTunerFor">Makes the fine-tuner of the monitor's model; needed when a task has a fine-tune.</param>
    public SuiteMonitor(ResultsStore store, long runId, IReadOnlyList<TaskDefinition> tasks, ITokenizer tokenizer, SuiteOptions options, ModelConfig config,
        Func<TransformerModel, IFineTuner>? fineTunerFor = null)
    {
        this.store = store;
        this.runId = runId;
        this.tasks = SuiteScorer.Prepare(tasks, tokenizer, options);
        requestsPerBatch = options.RequestsPerBatch;
        foreach (var t in this.tasks)
            if (t.LongestSequence is var longest && longest > config.MaxSeqLen)
                throw new UsageException($"{t.Task.DisplayName}: its longest prompt with its answer is {longest} tokens, but the model reads at most {config.MaxSeqLen}; leave the family out (--families) or score a model with a longer context.");
        model = new TransformerModel(config);
        scorer = new TransformerScorer(model);
        sampler = new TransformerSampler(model);
        if (tasks.Any(t => t.FineTune is not null))
            fineTuner = fineTunerFor?.Invoke(model) ?? throw new ArgumentException("The suite holds fine-tuning families' tasks; give the monitor a fine-tuner.", nameof(fineTunerFor));
        taskIds = new long[tasks.Count];
        for (int i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            taskIds[i] = store.UpsertTask(new TaskRecord(t.Family, t.Name, t.Control, t.Version, t.ContentHash));
            int count = this.tasks[i].ItemCount;
            var items = new List<ItemRecord>(count);
            for (int k = 0; k < count; k++)
                items.Add(new ItemRecord(k, PromptAssembly.Context(t, k, 0), t.Items[k].General, t.Items[k].Parrot));
            store.UpsertItems(taskIds[i], items);
        }
    }

    /// <summary>The model each checkpoint is loaded into; <see cref="Evaluate"/> scores whatever weights it holds.</summary>
    public TransformerModel Model => model;

    /// <summary>The prepared tasks, in the order <see cref="Evaluate"/> returns their results.</summary>
    public IReadOnlyList<PreparedTask> Tasks => tasks;

    /// <summary>
    /// Scores every task on the weights <see cref="Model"/> holds now (e.g. an average or an interpolation of
    /// checkpoints, or a checkpoint after one more optimiser step) without writing to the DB.
    /// </summary>
    public IReadOnlyList<TaskResult> Evaluate(IProgress<int>? requestsDone = null)
    {
        var clock = Stopwatch.StartNew();
        var results = Run(tasks, requestsDone).Results;
        Seconds += clock.Elapsed.TotalSeconds;
        return results;
    }

    /// <summary>Score requests of one checkpoint (every task, every seed; a contrasted task's twice).</summary>
    public int RequestsPerCheckpoint => tasks.Sum(FineTuneScoring.RequestCount);

    /// <summary>The fine-tunes the last <see cref="Score"/> ran (empty when it ran none).</summary>
    public IReadOnlyList<FineTuneOutcome> LastFineTunes { get; private set; } = [];

    /// <summary>The fine-tuner of the monitor's model (null when no task has a fine-tune).</summary>
    public IFineTuner? FineTuner => fineTuner;

    FineTunedResults Run(IReadOnlyList<PreparedTask> which, IProgress<int>? requestsDone) =>
        FineTuneScoring.Score(which, scorer, requestsPerBatch, fineTuner, requestsDone, sampler);

    /// <summary>
    /// Scores the checkpoint in <paramref name="checkpointDir"/> for every task not yet stored there; returns the
    /// results of the tasks it scored (empty when all were already stored). <paramref name="requestsDone"/> gets the
    /// running count of this checkpoint's requests scored.
    /// </summary>
    public IReadOnlyList<TaskResult> Score(string checkpointDir, long step, long tokens, IProgress<int>? requestsDone = null)
    {
        var clock = Stopwatch.StartNew();
        var done = store.ScoredTasks(runId, step);
        var todo = Enumerable.Range(0, tasks.Count).Where(i => !done.Contains(taskIds[i])).ToArray();
        LastFineTunes = [];
        if (todo.Length == 0) return [];
        Checkpoint.LoadWeights(checkpointDir, model);
        var run = Run(todo.Select(i => tasks[i]).ToArray(), requestsDone);
        var results = run.Results;
        LastFineTunes = run.FineTunes;
        var scores = new List<TaskScores>(todo.Length);
        for (int k = 0; k < todo.Length; k++)
        {
            var r = results[k];
            scores.Add(new TaskScores(taskIds[todo[k]],
                r.Items.Select(x => new ItemScore(x.ItemIndex, x.Seed, x.GeneralLogProb, x.ParrotLogProb, x.GeneralMeanProb, x.ParrotMeanProb)).ToArray(),
                r.Seeds.Select(s => new TaskSeedMetrics(s.Seed, s.HardAcc, s.ProbMargin, s.LogProbMargin, s.NormalizedGeneralProb, s.Items)).ToArray()));
        }
        store.WriteCheckpoint(runId, new CheckpointRecord(step, tokens, Path.GetFullPath(checkpointDir)), scores);
        Seconds += clock.Elapsed.TotalSeconds;
        return results;
    }
}
