using ModeHop.Models.Scoring;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Suite;

/// <summary>
/// Scores a suite through the narrow <see cref="ISequenceScorer"/>: one <see cref="ScoreRequest"/> per (task, item, seed)
/// whose context is <c>Encode(PromptAssembly.Context)</c> and whose two continuations are
/// <c>Encode(" " + General)</c> and <c>Encode(" " + Parrot)</c>, in that order.
/// </summary>
public static class SuiteScorer
{
    const int General = 0, Parrot = 1;

    /// <summary>
    /// Scores every task under seeds 0..Seeds−1. A task whose every item has the same context under every seed
    /// (strategy None, Ordered with item-bound demos, …) is scored once and reported as seed 0 only. Requests are sent in
    /// batches of <see cref="SuiteOptions.RequestsPerBatch"/>, filled across task boundaries, in the order task, seed, item;
    /// <paramref name="requestsDone"/> receives the running count of scored requests after each batch.
    /// </summary>
    /// <exception cref="ArgumentException">A task has no items, or a context or continuation encodes to no tokens (the message names the task and item).</exception>
    /// <exception cref="InvalidOperationException">The scorer's answer does not have the requests' shape, or holds NaN or +∞.</exception>
    public static IReadOnlyList<TaskResult> Score(IReadOnlyList<TaskDefinition> tasks, ITokenizer tokenizer, ISequenceScorer scorer,
        SuiteOptions options, IProgress<int>? requestsDone = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);

        var plans = tasks.Select(t => Plan(t, tokenizer, options)).ToArray();
        var batch = new Batch(scorer, requestsDone, options.RequestsPerBatch);
        foreach (var plan in plans)
            for (int seed = 0; seed < plan.SeedCount; seed++)
                for (int item = 0; item < plan.ItemCount; item++)
                {
                    string context = PromptAssembly.Context(plan.Task, item, seed);
                    int[] contextTokens = tokenizer.Encode(context);
                    if (contextTokens.Length == 0) throw SuiteErrors.EmptyTokens(plan.Task, item, seed, "context", context);
                    batch.Add(plan, item, seed, new ScoreRequest(contextTokens, [plan.Continuations[item][General], plan.Continuations[item][Parrot]]));
                }
        batch.Flush();

        return plans.Select(Result).ToArray();
    }

    static void ValidateOptions(SuiteOptions options)
    {
        if (options.Seeds < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Seeds, "SuiteOptions.Seeds must be at least 1.");
        if (options.MaxItems is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxItems, "SuiteOptions.MaxItems must be at least 1, or null for all items.");
        if (options.RequestsPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestsPerBatch, "SuiteOptions.RequestsPerBatch must be at least 1.");
    }

    /// <summary>What is scored for one task: its items, its seeds (1 when the prompts do not depend on the seed), its continuations.</summary>
    sealed class TaskPlan(TaskDefinition task, int itemCount, int seedCount, int[][][] continuations)
    {
        public TaskDefinition Task { get; } = task;
        public int ItemCount { get; } = itemCount;
        public int SeedCount { get; } = seedCount;
        public int[][][] Continuations { get; } = continuations; // [item][General | Parrot] → tokens
        public ItemResult[] Results { get; } = new ItemResult[seedCount * itemCount]; // [seed * ItemCount + item]
    }

    static TaskPlan Plan(TaskDefinition task, ITokenizer tokenizer, SuiteOptions options)
    {
        if (task is null) throw new ArgumentException("The task list holds a null task.", "tasks");
        if (task.Items.Count == 0) throw SuiteErrors.NoItems(task);
        int itemCount = Math.Min(task.Items.Count, options.MaxItems ?? int.MaxValue);
        var continuations = new int[itemCount][][];
        for (int i = 0; i < itemCount; i++)
        {
            var item = task.Items[i];
            continuations[i] = [Encode(task, i, tokenizer, "general answer", item.General), Encode(task, i, tokenizer, "parrot answer", item.Parrot)];
        }
        int seedCount = options.Seeds > 1 && SeedInvariant(task, itemCount, options.Seeds) ? 1 : options.Seeds;
        return new TaskPlan(task, itemCount, seedCount, continuations);
    }

    static int[] Encode(TaskDefinition task, int item, ITokenizer tokenizer, string what, string answer)
    {
        string text = PromptAssembly.Continuation(answer);
        int[] tokens = tokenizer.Encode(text);
        if (tokens.Length == 0) throw SuiteErrors.EmptyTokens(task, item, null, what + " continuation", text);
        return tokens;
    }

    /// <summary>True when every scored item's context is the same string under every seed, so one seed says it all.</summary>
    static bool SeedInvariant(TaskDefinition task, int itemCount, int seeds)
    {
        if (task.Strategy == DemoStrategy.None) return true;
        for (int i = 0; i < itemCount; i++)
        {
            string first = PromptAssembly.Context(task, i, 0);
            for (int s = 1; s < seeds; s++)
                if (!string.Equals(PromptAssembly.Context(task, i, s), first, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>Requests waiting to be scored, and where each answer goes.</summary>
    sealed class Batch(ISequenceScorer scorer, IProgress<int>? progress, int capacity)
    {
        readonly List<ScoreRequest> requests = new(capacity);
        readonly List<(TaskPlan Plan, int Item, int Seed)> targets = new(capacity);
        int done;

        public void Add(TaskPlan plan, int item, int seed, ScoreRequest request)
        {
            requests.Add(request);
            targets.Add((plan, item, seed));
            if (requests.Count == capacity) Flush();
        }

        public void Flush()
        {
            if (requests.Count == 0) return;
            var answer = scorer.Score(requests.ToArray());
            if (answer is null || answer.Length != requests.Count)
                throw SuiteErrors.ScorerShape($"{requests.Count} results", answer is null ? "null" : $"{answer.Length} results");
            for (int r = 0; r < requests.Count; r++)
            {
                var (plan, item, seed) = targets[r];
                var perContinuation = answer[r];
                if (perContinuation is null || perContinuation.Length != 2)
                    throw SuiteErrors.ScorerShape($"2 continuations for request {r}", perContinuation is null ? "null" : $"{perContinuation.Length}");
                var (gLog, gMean) = Sum(plan, item, seed, "general", requests[r].Continuations[General], perContinuation[General]);
                var (pLog, pMean) = Sum(plan, item, seed, "parrot", requests[r].Continuations[Parrot], perContinuation[Parrot]);
                plan.Results[seed * plan.ItemCount + item] = new ItemResult(item, seed, gLog, pLog, gMean, pMean);
            }
            done += requests.Count;
            requests.Clear();
            targets.Clear();
            progress?.Report(done);
        }

        /// <summary>(Σ log p, (1/n) Σ exp(log p)) over the continuation's tokens.</summary>
        static (double LogProb, double MeanProb) Sum(TaskPlan plan, int item, int seed, string answer, int[] tokens, float[]? logProbs)
        {
            if (logProbs is null || logProbs.Length != tokens.Length)
                throw SuiteErrors.ScorerShape($"{tokens.Length} log-probabilities for the {answer} answer of {plan.Task.DisplayName} item {item}",
                    logProbs is null ? "null" : $"{logProbs.Length}");
            double sum = 0, probs = 0;
            foreach (float lp in logProbs)
            {
                if (float.IsNaN(lp) || float.IsPositiveInfinity(lp)) throw SuiteErrors.BadLogProb(plan.Task, item, seed, answer, lp);
                sum += lp;
                probs += Math.Exp(lp);
            }
            return (sum, probs / logProbs.Length);
        }
    }

    static TaskResult Result(TaskPlan plan)
    {
        var seeds = new SeedMetrics[plan.SeedCount];
        for (int s = 0; s < plan.SeedCount; s++)
            seeds[s] = Metrics.ForSeed(s, new ArraySegment<ItemResult>(plan.Results, s * plan.ItemCount, plan.ItemCount));
        return new TaskResult(plan.Task, Array.AsReadOnly(plan.Results), Array.AsReadOnly(seeds), Metrics.Summarize(seeds));
    }
}
