namespace ModeHop.Suite;

/// <summary>
/// The one contract every suite must pass, whatever built it. Each violation is one line naming the task
/// (<c>task #index Family/Name</c>) and what is wrong; an empty list means the suite passes.
/// </summary>
public static class SuiteContract
{
    /// <summary>
    /// Checks: the family is known; Name and Version are non-empty; the strategy is a defined one; there is at least one
    /// item; every item's Prompt, General and Parrot are non-empty and General ≠ Parrot — except that a generative item
    /// (GeneralPattern set) has an empty Parrot and a GeneralPattern that compiles, and a task's items are all generative
    /// or none; every demo's Prompt and Answer
    /// are non-empty; DemoCount ≥ 0 and, for a strategy other than None, the pool holds DemoCount demos whose prompt
    /// differs from each pool-drawing item's prompt; every task has its twin (same Family and Name, the other Control)
    /// in the list; no (Family, Name, Control) appears twice. Distractors, where an item has them, are non-empty, differ from
    /// General, Parrot and each other, and sit on teacher-forced items only. A fine-tuning family's test task has a
    /// FineTune and its control twin none (the control is the pre-fine-tune baseline); other families have neither; a
    /// Contrast needs a FineTune; a fine-tune set has a name, examples with non-empty prompts and completions, Steps and
    /// Batch ≥ 1, a finite positive learning rate and AdapterRank ≥ 0.
    /// </summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<TaskDefinition> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var violations = new List<string>();
        for (int j = 0; j < tasks.Count; j++)
        {
            if (tasks[j] is null) violations.Add($"task #{j}: is null.");
            else CheckTask(tasks[j], $"task #{j} {tasks[j].DisplayName}", violations);
        }
        CheckTwins(tasks, violations);
        return violations;
    }

    static void CheckTask(TaskDefinition t, string at, List<string> violations)
    {
        if (!Families.All.Contains(t.Family, StringComparer.Ordinal))
            violations.Add($"{at}: family \"{t.Family}\" is not one of {string.Join(", ", Families.All)}.");
        if (string.IsNullOrWhiteSpace(t.Name)) violations.Add($"{at}: the name is empty.");
        if (string.IsNullOrWhiteSpace(t.Version)) violations.Add($"{at}: the version is empty.");
        if (!Enum.IsDefined(t.Strategy)) violations.Add($"{at}: demo strategy {t.Strategy} is not one of {string.Join(", ", Enum.GetNames<DemoStrategy>())}.");
        if (t.DemoCount < 0) violations.Add($"{at}: DemoCount is {t.DemoCount}; it must be 0 or more.");
        if (t.Joiner is null) violations.Add($"{at}: the joiner is null.");
        CheckFineTunes(t, at, violations);

        var pool = t.DemoPool ?? [];
        if (t.DemoPool is null) violations.Add($"{at}: the demo pool is null (use an empty list).");
        for (int d = 0; d < pool.Count; d++) CheckDemo(pool[d], $"{at}: pool demo {d}", violations);

        if (t.Items is null || t.Items.Count == 0)
        {
            violations.Add($"{at}: has no items.");
            return;
        }

        bool drawsFromPool = t.Strategy != DemoStrategy.None && t.DemoCount > 0;
        bool poolTooSmall = drawsFromPool && pool.Count < t.DemoCount && t.Items.Any(i => i is not null && i.Demos is null);
        if (poolTooSmall)
            violations.Add($"{at}: strategy {t.Strategy} draws {t.DemoCount} demos from the pool but the pool holds {pool.Count}.");

        bool generative = t.IsGenerative;
        for (int i = 0; i < t.Items.Count; i++)
        {
            var item = t.Items[i];
            string itemAt = $"{at}: item {i}";
            if (item is null)
            {
                violations.Add($"{itemAt} is null.");
                continue;
            }
            if (string.IsNullOrEmpty(item.Prompt)) violations.Add($"{itemAt}: the prompt is empty.");
            if (string.IsNullOrEmpty(item.General)) violations.Add($"{itemAt}: the general answer is empty.");
            if (item.IsGenerative) CheckPattern(item, itemAt, violations);
            else if (generative)
                violations.Add($"{itemAt}: has no GeneralPattern while other items of the task do; a task's items are all generative or none.");
            else if (string.IsNullOrEmpty(item.Parrot)) violations.Add($"{itemAt}: the parrot answer is empty.");
            else if (!string.IsNullOrEmpty(item.General) && string.Equals(item.General, item.Parrot, StringComparison.Ordinal))
                violations.Add($"{itemAt}: the general and parrot answers are both \"{item.General}\"; they must differ.");
            if (item.Distractors is { } distractors) CheckDistractors(item, distractors, itemAt, violations);
            if (item.Demos is { } bound)
                for (int d = 0; d < bound.Count; d++) CheckDemo(bound[d], $"{itemAt}, demo {d}", violations);
            else if (drawsFromPool && !poolTooSmall && t.DemoPool is not null)
            {
                int eligible = DemoSelection.Eligible(t, item).Length;
                if (eligible < t.DemoCount)
                    violations.Add($"{itemAt}: only {eligible} pool demos have a prompt other than the item's; strategy {t.Strategy} needs {t.DemoCount}.");
            }
        }
    }

    static void CheckDistractors(TestItem item, IReadOnlyList<string> distractors, string at, List<string> violations)
    {
        if (item.IsGenerative) violations.Add($"{at}: is generative and has distractors; distractors are candidates of teacher-forced items.");
        var seen = new HashSet<string>(StringComparer.Ordinal) { item.General ?? "", item.Parrot ?? "" };
        for (int d = 0; d < distractors.Count; d++)
        {
            string? x = distractors[d];
            if (string.IsNullOrEmpty(x)) violations.Add($"{at}: distractor {d} is empty.");
            else if (!seen.Add(x)) violations.Add($"{at}: distractor {d} \"{x}\" repeats the general, parrot or another distractor answer; candidates must differ.");
        }
    }

    static void CheckFineTunes(TaskDefinition t, string at, List<string> violations)
    {
        bool fineTuning = Families.IsFineTuning(t.Family);
        if (fineTuning && !t.Control && t.FineTune is null)
            violations.Add($"{at}: {t.Family} is a fine-tuning family; its test task needs the FineTune its items are asked after.");
        if (fineTuning && t.Control && (t.FineTune is not null || t.Contrast is not null))
            violations.Add($"{at}: the control twin of a fine-tuning family is the pre-fine-tune baseline; it has no FineTune or Contrast.");
        if (!fineTuning && (t.FineTune is not null || t.Contrast is not null))
            violations.Add($"{at}: {t.Family} is asked of the checkpoint as it is; only {string.Join(" and ", Families.FineTuning)} tasks carry fine-tunes.");
        if (t.Contrast is not null && t.FineTune is null) violations.Add($"{at}: has a Contrast fine-tune but no FineTune to set it against.");
        if (t.FineTune is { } set) CheckSet(set, $"{at}: fine-tune", violations);
        if (t.Contrast is { } contrast) CheckSet(contrast, $"{at}: contrast fine-tune", violations);
    }

    /// <summary>The checks of one fine-tune set alone (as a task's are): name, examples, Steps, Batch, learning rate, rank.</summary>
    public static IReadOnlyList<string> Check(FineTuneSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var violations = new List<string>();
        CheckSet(set, "fine-tune set", violations);
        return violations;
    }

    static void CheckSet(FineTuneSet set, string at, List<string> violations)
    {
        if (string.IsNullOrWhiteSpace(set.Name)) violations.Add($"{at}: the name is empty.");
        if (set.Examples is null || set.Examples.Count == 0) violations.Add($"{at} {set.Name}: has no examples.");
        else
            for (int e = 0; e < set.Examples.Count; e++)
                if (set.Examples[e] is not { } x || string.IsNullOrEmpty(x.Prompt) || string.IsNullOrEmpty(x.Completion))
                    violations.Add($"{at} {set.Name}: example {e} needs a non-empty prompt and completion.");
        if (set.Steps < 1) violations.Add($"{at} {set.Name}: Steps is {set.Steps}; it must be at least 1.");
        if (set.Batch < 1) violations.Add($"{at} {set.Name}: Batch is {set.Batch}; it must be at least 1.");
        if (!(set.LearningRate > 0 && double.IsFinite(set.LearningRate))) violations.Add($"{at} {set.Name}: the learning rate {set.LearningRate} must be a finite number above 0.");
        if (set.AdapterRank < 0) violations.Add($"{at} {set.Name}: AdapterRank is {set.AdapterRank}; 0 fine-tunes every weight, r ≥ 1 trains rank-r adapters.");
    }

    static void CheckPattern(TestItem item, string at, List<string> violations)
    {
        if (!string.IsNullOrEmpty(item.Parrot))
            violations.Add($"{at}: is generative (GeneralPattern set) but has the parrot answer \"{item.Parrot}\"; a generative item's parrot answer is empty.");
        if (string.IsNullOrWhiteSpace(item.GeneralPattern))
        {
            violations.Add($"{at}: the general pattern is empty; it would match every sample.");
            return;
        }
        try
        {
            AnswerPattern.Compile(item.GeneralPattern);
        }
        catch (ArgumentException e)
        {
            violations.Add($"{at}: the general pattern \"{item.GeneralPattern}\" is not a valid regex: {e.Message}");
        }
    }

    static void CheckDemo(Demo? demo, string at, List<string> violations)
    {
        if (demo is null)
        {
            violations.Add($"{at} is null.");
            return;
        }
        if (string.IsNullOrEmpty(demo.Prompt)) violations.Add($"{at}: the prompt is empty.");
        if (string.IsNullOrEmpty(demo.Answer)) violations.Add($"{at}: the answer is empty.");
    }

    static void CheckTwins(IReadOnlyList<TaskDefinition> tasks, List<string> violations)
    {
        var first = new Dictionary<(string, string, bool), int>();
        for (int j = 0; j < tasks.Count; j++)
        {
            var t = tasks[j];
            if (t is null) continue;
            var key = (t.Family, t.Name, t.Control);
            if (first.TryGetValue(key, out int k)) violations.Add($"task #{j} {t.DisplayName}: duplicates task #{k}; (Family, Name, Control) must be unique.");
            else first[key] = j;
        }
        foreach (var ((family, name, control), j) in first.OrderBy(e => e.Value))
            if (!first.ContainsKey((family, name, !control)))
                violations.Add(control
                    ? $"task #{j} {tasks[j].DisplayName}: a control with no task it controls (Family {family}, Name {name}, Control = false)."
                    : $"task #{j} {tasks[j].DisplayName}: has no control twin (Family {family}, Name {name}, Control = true).");
    }

    /// <summary>
    /// Builds the suite twice with <paramref name="seed"/> and reports every task whose identity or ContentHash differs
    /// between the two builds (or a different task count); builds it once more with another seed, whose content is
    /// allowed to differ, and reports only if that build throws. A factory that throws is reported, not rethrown.
    /// </summary>
    public static IReadOnlyList<string> CheckDeterministic(Func<int, IReadOnlyList<TaskDefinition>> build, int seed)
    {
        ArgumentNullException.ThrowIfNull(build);
        var violations = new List<string>();
        var a = TryBuild(build, seed, violations);
        var b = TryBuild(build, seed, violations);
        TryBuild(build, seed == int.MaxValue ? seed - 1 : seed + 1, violations);
        if (a is null || b is null) return violations;

        if (a.Count != b.Count)
        {
            violations.Add($"seed {seed}: the first build has {a.Count} tasks, the second {b.Count}; the same seed must build the same suite.");
            return violations;
        }
        for (int j = 0; j < a.Count; j++)
        {
            if (a[j] is null || b[j] is null)
            {
                if (a[j] is null != b[j] is null) violations.Add($"seed {seed}: task #{j} is null in one build only.");
                continue;
            }
            if (a[j].DisplayName != b[j].DisplayName)
                violations.Add($"seed {seed}: task #{j} is {a[j].DisplayName} in the first build and {b[j].DisplayName} in the second.");
            else if (a[j].ContentHash != b[j].ContentHash)
                violations.Add($"seed {seed}: task #{j} {a[j].DisplayName} has ContentHash {a[j].ContentHash} in the first build and " +
                    $"{b[j].ContentHash} in the second; the build is not deterministic (System.Random, a clock, dictionary order?).");
        }
        return violations;
    }

    static IReadOnlyList<TaskDefinition>? TryBuild(Func<int, IReadOnlyList<TaskDefinition>> build, int seed, List<string> violations)
    {
        try
        {
            var tasks = build(seed);
            if (tasks is null) violations.Add($"seed {seed}: the factory returned null.");
            return tasks;
        }
        catch (Exception e)
        {
            violations.Add($"seed {seed}: the factory threw {e.GetType().Name}: {e.Message}");
            return null;
        }
    }
}
