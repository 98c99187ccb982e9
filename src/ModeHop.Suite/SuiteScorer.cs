using ModeHop.Models.Scoring;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Suite;

/// <summary>
/// Scores a suite through the narrow <see cref="ISequenceScorer"/>: one <see cref="ScoreRequest"/> per (task, item, seed)
/// whose context is <c>Encode(PromptAssembly.Context)</c> and whose two continuations are
/// <c>Encode(" " + General)</c> and <c>Encode(" " + Parrot)</c>, in that order, then one per distractor. Generative tasks are sampled through
/// an <see cref="ISequenceSampler"/> instead (SuiteScorer.Sampling.cs).
/// </summary>
public static partial class SuiteScorer
{
    const int General = 0, Parrot = 1;

    /// <summary>
    /// Scores every task under seeds 0..Seeds−1: <see cref="Prepare"/> then
    /// <see cref="Score(IReadOnlyList{PreparedTask}, ISequenceScorer, int, IProgress{int}?, ISequenceSampler?)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A task has no items, mixes generative and teacher-forced items, holds an invalid
    /// pattern, or a context or continuation encodes to no tokens (the message names the task and item); or a task is
    /// generative and <paramref name="sampler"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The scorer's or sampler's answer does not have the requests' shape, or holds NaN or +∞.</exception>
    public static IReadOnlyList<TaskResult> Score(IReadOnlyList<TaskDefinition> tasks, ITokenizer tokenizer, ISequenceScorer scorer,
        SuiteOptions options, IProgress<int>? requestsDone = null, ISequenceSampler? sampler = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return Score(Prepare(tasks, tokenizer, options), scorer, options.RequestsPerBatch, requestsDone, sampler);
    }

    /// <summary>
    /// Builds and tokenises every request of every task. A task whose every item has the same context under every seed
    /// (strategy None, Ordered with item-bound demos, …) gets seed 0 only. A generative task's sample requests take
    /// Samples, MaxNewTokens and Temperature from <paramref name="options"/>, and its patterns are compiled here.
    /// </summary>
    /// <exception cref="ArgumentException">A task has no items, mixes generative and teacher-forced items, holds an invalid
    /// pattern, or a context or continuation encodes to no tokens (the message names the task and item).</exception>
    public static IReadOnlyList<PreparedTask> Prepare(IReadOnlyList<TaskDefinition> tasks, ITokenizer tokenizer, SuiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);
        return tasks.Select(t => Prepare(t, tokenizer, options)).ToArray();
    }

    /// <summary>
    /// Scores prepared tasks. Requests are sent in batches of <paramref name="requestsPerBatch"/>, filled across task
    /// boundaries, in the order task, seed, item — score requests to <paramref name="scorer"/>, sample requests of
    /// generative tasks to <paramref name="sampler"/>, each in its own batches; <paramref name="requestsDone"/> receives
    /// the running count of answered requests of both kinds after each batch.
    /// </summary>
    /// <exception cref="ArgumentException">A task is generative and <paramref name="sampler"/> is null (raised before anything is scored).</exception>
    /// <exception cref="InvalidOperationException">The scorer's or sampler's answer does not have the requests' shape, or holds NaN or +∞.</exception>
    public static IReadOnlyList<TaskResult> Score(IReadOnlyList<PreparedTask> tasks, ISequenceScorer scorer, int requestsPerBatch,
        IProgress<int>? requestsDone = null, ISequenceSampler? sampler = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(scorer);
        if (requestsPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(requestsPerBatch), requestsPerBatch, "SuiteOptions.RequestsPerBatch must be at least 1.");
        if (sampler is null && tasks.FirstOrDefault(t => t.IsGenerative) is { } generative) throw SuiteErrors.NoSampler(generative.Task);
        var results = tasks.Select(t => new ItemResult[t.RequestCount]).ToArray();
        var done = new Done(requestsDone);
        var scores = new ScoreBatch(scorer, done, requestsPerBatch);
        var samples = sampler is null ? null : new SampleBatch(sampler, done, requestsPerBatch);
        for (int t = 0; t < tasks.Count; t++)
            for (int r = 0; r < tasks[t].RequestCount; r++)
                if (tasks[t].IsGenerative) samples!.Add(tasks[t], results[t], r);
                else scores.Add(tasks[t], results[t], r);
        scores.Flush();
        samples?.Flush();
        return tasks.Select((t, i) => Result(t, results[i])).ToArray();
    }

    static void ValidateOptions(SuiteOptions options)
    {
        if (options.Seeds < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Seeds, "SuiteOptions.Seeds must be at least 1.");
        if (options.MaxItems is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxItems, "SuiteOptions.MaxItems must be at least 1, or null for all items.");
        if (options.RequestsPerBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.RequestsPerBatch, "SuiteOptions.RequestsPerBatch must be at least 1.");
        if (options.Samples < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Samples, "SuiteOptions.Samples must be at least 1.");
        if (options.MaxNewTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxNewTokens, "SuiteOptions.MaxNewTokens must be at least 1.");
        if (!(options.Temperature >= 0) || float.IsInfinity(options.Temperature))
            throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "SuiteOptions.Temperature must be a finite number ≥ 0 (0 is greedy).");
    }

    static PreparedTask Prepare(TaskDefinition task, ITokenizer tokenizer, SuiteOptions options)
    {
        if (task is null) throw new ArgumentException("The task list holds a null task.", "tasks");
        if (task.Items.Count == 0) throw SuiteErrors.NoItems(task);
        bool generative = task.IsGenerative;
        if (generative && task.Items.Any(i => !i.IsGenerative)) throw SuiteErrors.MixedItems(task);
        int itemCount = Math.Min(task.Items.Count, options.MaxItems ?? int.MaxValue);
        // contexts[seed][item]; seed-invariant when every item's context is one string under every seed.
        int seeds = task.Strategy == DemoStrategy.None ? 1 : options.Seeds;
        var contexts = Enumerable.Range(0, seeds).Select(s => Enumerable.Range(0, itemCount).Select(i => PromptAssembly.Context(task, i, s)).ToArray()).ToArray();
        bool invariant = contexts.All(c => c.AsSpan().SequenceEqual(contexts[0]));
        int seedCount = invariant ? 1 : options.Seeds;
        var contextTokens = new int[seedCount * itemCount][];
        for (int seed = 0; seed < seedCount; seed++)
            for (int item = 0; item < itemCount; item++)
            {
                string context = contexts[seed][item];
                int[] tokens = tokenizer.Encode(context);
                if (tokens.Length == 0) throw SuiteErrors.EmptyTokens(task, item, seed, "context", context);
                contextTokens[seed * itemCount + item] = tokens;
            }
        if (generative) return PrepareSamples(task, itemCount, seedCount, contextTokens, tokenizer, options);

        var continuations = new int[itemCount][][];
        for (int i = 0; i < itemCount; i++)
        {
            var item = task.Items[i];
            var distractors = item.Distractors ?? [];
            var candidates = new int[2 + distractors.Count][];
            candidates[General] = Encode(task, i, tokenizer, "general answer", item.General);
            candidates[Parrot] = Encode(task, i, tokenizer, "parrot answer", item.Parrot);
            for (int d = 0; d < distractors.Count; d++) candidates[Parrot + 1 + d] = Encode(task, i, tokenizer, $"distractor {d}", distractors[d]);
            continuations[i] = candidates;
        }
        var requests = new ScoreRequest[contextTokens.Length];
        for (int r = 0; r < requests.Length; r++) requests[r] = new ScoreRequest(contextTokens[r], continuations[r % itemCount]);
        return new PreparedTask(task, itemCount, seedCount, requests);
    }

    static int[] Encode(TaskDefinition task, int item, ITokenizer tokenizer, string what, string answer)
    {
        string text = PromptAssembly.Continuation(answer);
        int[] tokens = tokenizer.Encode(text);
        if (tokens.Length == 0) throw SuiteErrors.EmptyTokens(task, item, null, what + " continuation", text);
        return tokens;
    }

    /// <summary>The running count of answered requests, of both kinds, reported after each batch.</summary>
    sealed class Done(IProgress<int>? progress)
    {
        int count;

        public void Add(int requests)
        {
            count += requests;
            progress?.Report(count);
        }
    }

    /// <summary>
    /// Requests waiting to be answered, in batches of <c>capacity</c>, and where each item's result goes: the shared
    /// queueing of score and sample requests; a subclass calls its interface and turns one answer into a result.
    /// </summary>
    abstract class Batch<TRequest, TAnswer>(Done done, int capacity) where TAnswer : class
    {
        readonly List<TRequest> requests = new(capacity);
        readonly List<(PreparedTask Task, ItemResult[] Results, int Index)> targets = new(capacity);

        /// <summary>Queues request <paramref name="index"/> of <paramref name="task"/>, whose result goes to <paramref name="results"/>[index].</summary>
        public void Add(PreparedTask task, ItemResult[] results, int index)
        {
            requests.Add(RequestOf(task, index));
            targets.Add((task, results, index));
            if (requests.Count == capacity) Flush();
        }

        public void Flush()
        {
            if (requests.Count == 0) return;
            var answer = Call(requests.ToArray());
            if (answer is null || answer.Length != requests.Count)
                throw ShapeError($"{requests.Count} results", answer is null ? "null" : $"{answer.Length} results");
            for (int r = 0; r < requests.Count; r++)
            {
                var (task, results, index) = targets[r];
                int item = index % task.ItemCount, seed = index / task.ItemCount;
                results[index] = Result(task, item, seed, r, requests[r], answer[r]);
            }
            done.Add(requests.Count);
            requests.Clear();
            targets.Clear();
        }

        protected abstract TRequest RequestOf(PreparedTask task, int index);

        protected abstract TAnswer[]? Call(TRequest[] batch);

        protected abstract InvalidOperationException ShapeError(string expected, string found);

        /// <summary>The result of (task, item, seed) from the answer to request <paramref name="r"/> of the batch, checked.</summary>
        protected abstract ItemResult Result(PreparedTask task, int item, int seed, int r, TRequest request, TAnswer? answer);
    }

    /// <summary>Score requests: per request the general then the parrot continuation's token log-probabilities.</summary>
    sealed class ScoreBatch(ISequenceScorer scorer, Done done, int capacity) : Batch<ScoreRequest, float[][]>(done, capacity)
    {
        protected override ScoreRequest RequestOf(PreparedTask task, int index) => task.Requests[index];

        protected override float[][][]? Call(ScoreRequest[] batch) => scorer.Score(batch);

        protected override InvalidOperationException ShapeError(string expected, string found) => SuiteErrors.ScorerShape(expected, found);

        protected override ItemResult Result(PreparedTask task, int item, int seed, int r, ScoreRequest request, float[][]? perContinuation)
        {
            int candidates = request.Continuations.Count;
            if (perContinuation is null || perContinuation.Length != candidates)
                throw SuiteErrors.ScorerShape($"{candidates} continuations for request {r}", perContinuation is null ? "null" : $"{perContinuation.Length}");
            var (gLog, gMean) = Sum(task.Task, item, seed, "general", request.Continuations[General], perContinuation[General]);
            var (pLog, pMean) = Sum(task.Task, item, seed, "parrot", request.Continuations[Parrot], perContinuation[Parrot]);
            // With distractors, the parrot side is the best wrong candidate by summed log-probability (ties: the first).
            for (int c = Parrot + 1; c < candidates; c++)
            {
                var (dLog, dMean) = Sum(task.Task, item, seed, $"distractor {c - Parrot - 1}", request.Continuations[c], perContinuation[c]);
                if (dLog > pLog) (pLog, pMean) = (dLog, dMean);
            }
            return new ItemResult(item, seed, gLog, pLog, gMean, pMean);
        }

        /// <summary>(Σ log p, (1/n) Σ exp(log p)) over the continuation's tokens.</summary>
        static (double LogProb, double MeanProb) Sum(TaskDefinition task, int item, int seed, string answer, int[] tokens, float[]? logProbs)
        {
            if (logProbs is null || logProbs.Length != tokens.Length)
                throw SuiteErrors.ScorerShape($"{tokens.Length} log-probabilities for the {answer} answer of {task.DisplayName} item {item}",
                    logProbs is null ? "null" : $"{logProbs.Length}");
            double sum = 0, probs = 0;
            foreach (float lp in logProbs)
            {
                if (float.IsNaN(lp) || float.IsPositiveInfinity(lp)) throw SuiteErrors.BadLogProb(task, item, seed, answer, lp);
                sum += lp;
                probs += Math.Exp(lp);
            }
            return (sum, probs / logProbs.Length);
        }
    }

    static TaskResult Result(PreparedTask task, ItemResult[] results)
    {
        var seeds = new SeedMetrics[task.SeedCount];
        for (int s = 0; s < task.SeedCount; s++)
            seeds[s] = Metrics.ForSeed(s, new ArraySegment<ItemResult>(results, s * task.ItemCount, task.ItemCount));
        return new TaskResult(task.Task, Array.AsReadOnly(results), Array.AsReadOnly(seeds), Metrics.Summarize(seeds));
    }
}
