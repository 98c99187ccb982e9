using ModeHop.Models.Scoring;

namespace ModeHop.Suite;

/// <summary>
/// A task ready to score: the seeds it is scored under and its requests, tokenised once. Prompts do not depend on
/// the model, so a monitor prepares its suite once and scores it on every checkpoint.
/// </summary>
public sealed class PreparedTask
{
    internal PreparedTask(TaskDefinition task, int itemCount, int seedCount, ScoreRequest[] requests)
    {
        Task = task;
        ItemCount = itemCount;
        SeedCount = seedCount;
        Requests = requests;
    }

    public TaskDefinition Task { get; }

    /// <summary>Items scored (the first MaxItems of the task's).</summary>
    public int ItemCount { get; }

    /// <summary>Seeds scored: 1 when the prompts do not depend on the seed, else SuiteOptions.Seeds.</summary>
    public int SeedCount { get; }

    /// <summary>[seed · ItemCount + item]: the context and the general and parrot continuations, in that order.</summary>
    internal ScoreRequest[] Requests { get; }

    /// <summary>Score requests of this task (seeds × items).</summary>
    public int RequestCount => Requests.Length;
}
