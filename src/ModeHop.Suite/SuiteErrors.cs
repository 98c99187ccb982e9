namespace ModeHop.Suite;

/// <summary>The suite's exceptions, in one place so every message names the task, the item and what to do.</summary>
internal static class SuiteErrors
{
    public static ArgumentOutOfRangeException ItemIndex(TaskDefinition task, int itemIndex) =>
        new(nameof(itemIndex), itemIndex, $"Task {task.DisplayName} has {task.Items.Count} items; item index {itemIndex} is out of range.");

    public static ArgumentException NegativeDemoCount(TaskDefinition task) =>
        new($"Task {task.DisplayName}: DemoCount is {task.DemoCount}; it must be 0 or more.", nameof(task));

    public static ArgumentException PoolTooSmall(TaskDefinition task, int itemIndex, int eligible) =>
        new($"Task {task.DisplayName}, item {itemIndex}: strategy {task.Strategy} needs {task.DemoCount} pool demos but the pool " +
            $"has {eligible} whose prompt differs from the item's. Add demos to the pool or lower DemoCount (SuiteContract.Check lists every such item).",
            nameof(task));

    public static ArgumentException UnknownStrategy(TaskDefinition task) =>
        new($"Task {task.DisplayName}: demo strategy {task.Strategy} is not one of {string.Join(", ", Enum.GetNames<DemoStrategy>())}.", nameof(task));

    public static ArgumentException EmptyTokens(TaskDefinition task, int itemIndex, int? seed, string what, string text) =>
        new($"Task {task.DisplayName}, item {itemIndex}{(seed is { } s ? $", seed {s}" : "")}: the {what} \"{text}\" encodes to no tokens; " +
            "every context and continuation needs at least one token. Fix the item's text.", "tasks");

    public static ArgumentException NoItems(TaskDefinition task) =>
        new($"Task {task.DisplayName} has no items; every task needs at least one (SuiteContract.Check reports this).", "tasks");

    public static InvalidOperationException ScorerShape(string expected, string found) =>
        new($"The sequence scorer returned {found}; expected {expected}. The scorer must return one array per request, " +
            "one per continuation, one log-probability per continuation token.");

    public static InvalidOperationException BadLogProb(TaskDefinition task, int itemIndex, int seed, string answer, float value) =>
        new($"Task {task.DisplayName}, item {itemIndex}, seed {seed}: the scorer returned log-probability {value} for a token of " +
            $"the {answer} answer; expected a natural-log probability (a number, or −∞ for probability 0), not NaN or +∞.");

    public static ArgumentException MixedItems(TaskDefinition task) =>
        new($"Task {task.DisplayName} mixes generative items (GeneralPattern set) with teacher-forced ones; a task's items " +
            "must all be generative or none (SuiteContract.Check names them). Split it into two tasks.", "tasks");

    public static ArgumentException BadPattern(TaskDefinition task, int itemIndex, string pattern, string problem) =>
        new($"Task {task.DisplayName}, item {itemIndex}: the general pattern \"{pattern}\" is not a valid regex ({problem}). Fix the item's pattern.", "tasks");

    public static ArgumentException NoSampler(TaskDefinition task) =>
        new($"Task {task.DisplayName} is generative (its answers are sampled and matched against a regex) and needs an " +
            "ISequenceSampler; pass one to SuiteScorer.Score, or leave the generative tasks out of the suite.", "sampler");

    public static InvalidOperationException SamplerShape(string expected, string found) =>
        new($"The sequence sampler returned {found}; expected {expected}. The sampler must return one array per request, " +
            "one per sample, each at most MaxNewTokens token ids.");

    public static InvalidOperationException PatternTimeout(TaskDefinition task, int itemIndex, string pattern) =>
        new($"Task {task.DisplayName}, item {itemIndex}: the general pattern \"{pattern}\" took longer than " +
            $"{AnswerPattern.Timeout.TotalSeconds:0} s on one sample; simplify the regex (it backtracks too much).");
}
