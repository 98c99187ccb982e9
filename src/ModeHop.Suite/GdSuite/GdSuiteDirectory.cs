namespace ModeHop.Suite.GdSuite;

/// <summary>
/// Loads a directory in the seed work's (GDsuite's) layout as tasks, so users holding its data can score it unchanged
/// (docs/suite.md, "GDsuite directories"):
/// <code>
/// DIR/&lt;family_key&gt;/&lt;task&gt;.jsonl             a task: demo and test rows (nested folders join the task name with '.')
/// DIR/&lt;family_key&gt;.&lt;task&gt;.jsonl             the same, flat (the dataset's config name)
/// …/&lt;task&gt;.control.jsonl                     the task's control twin, when the directory has one
/// DIR/multihop_persona_qa/&lt;persona&gt;/          facts.jsonl + test_questions.json (…/&lt;persona&gt;.control/ its control)
/// DIR/modehop-suite.json                       optional: k, strategy, joiner, version per family key or task
/// </code>
/// Each task takes the seed work's settings for its family and name (<see cref="GdSuiteFamilies.Defaults"/>), then
/// the overrides. Hidden entries and files that are not JSONL are passed over.
/// </summary>
public static class GdSuiteDirectory
{
    /// <summary>The optional settings file in a GDsuite directory.</summary>
    public const string OverridesFile = GdSuiteOverrides.FileName;

    const string ControlSuffix = ".control";

    /// <summary>One task found in the directory: a JSONL file, or a persona directory.</summary>
    sealed record Source(string FamilyKey, string Task, bool Control, string Path)
    {
        public string Key => $"{FamilyKey}/{Task}";
    }

    /// <summary>
    /// Every task of <paramref name="dir"/>, ordered by family (the seed work's order), task name, then the control
    /// after its task.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">A row, file, folder or override is malformed (the message names the file and line, and what to do).</exception>
    public static IReadOnlyList<TaskDefinition> Load(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"The GDsuite directory {dir} does not exist; pass a folder of <family>/<task>.jsonl files (docs/suite.md).");
        var sources = Discover(dir);
        if (sources.Count == 0)
            throw new InvalidDataException($"{dir}: holds no GDsuite task; expected <family>/<task>.jsonl or <family>.<task>.jsonl files " +
                $"with a family key of {string.Join(", ", GdSuiteFamilies.Keys.Select(k => k.Key))} (docs/suite.md, \"GDsuite directories\").");

        string overridesPath = Path.Combine(dir, OverridesFile);
        var overrides = File.Exists(overridesPath) ? GdSuiteOverrides.Read(overridesPath) : GdSuiteOverrides.None;
        overrides.CheckTasksExist(sources.Select(s => s.Key).ToHashSet(StringComparer.Ordinal));

        var order = GdSuiteFamilies.Keys.Select(k => k.Key).ToList();
        return sources
            .OrderBy(s => order.IndexOf(s.FamilyKey)).ThenBy(s => s.Task, StringComparer.Ordinal).ThenBy(s => s.Control)
            .Select(s => Build(s, overrides.Apply(s.FamilyKey, s.Task, GdSuiteFamilies.Defaults(s.FamilyKey, s.Task))))
            .ToArray();
    }

    static List<Source> Discover(string dir)
    {
        var sources = new List<Source>();
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos().Where(e => !e.Name.StartsWith('.')).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry is FileInfo file)
            {
                if (file.Extension != ".jsonl") continue;
                string stem = Path.GetFileNameWithoutExtension(file.Name);
                int dot = stem.IndexOf('.');
                if (dot <= 0 || GdSuiteFamilies.FamilyOf(stem[..dot]) is null || stem[..dot] == GdSuiteFamilies.PersonaKey)
                    throw new InvalidDataException($"{file.FullName}: a JSONL file at the top of a GDsuite directory must be named <family>.<task>.jsonl " +
                        $"with a family of {string.Join(", ", GdSuiteFamilies.Keys.Where(k => k.Key != GdSuiteFamilies.PersonaKey).Select(k => k.Key))}. Rename or move it.");
                Add(sources, stem[..dot], stem[(dot + 1)..], file.FullName);
            }
            else if (GdSuiteFamilies.FamilyOf(entry.Name) is null)
                throw new InvalidDataException($"{entry.FullName}: the folder is not a GDsuite family; expected one of " +
                    $"{string.Join(", ", GdSuiteFamilies.Keys.Select(k => k.Key))}. Rename it, or move it out of the directory.");
            else if (entry.Name == GdSuiteFamilies.PersonaKey)
                DiscoverPersonas((DirectoryInfo)entry, sources);
            else
                foreach (var jsonl in ((DirectoryInfo)entry).EnumerateFiles("*.jsonl", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
                {
                    string relative = Path.GetRelativePath(entry.FullName, jsonl.FullName);
                    if (relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'))) continue;
                    Add(sources, entry.Name, Path.ChangeExtension(relative, null).Replace(Path.DirectorySeparatorChar, '.'), jsonl.FullName);
                }
        }
        return sources;
    }

    static void DiscoverPersonas(DirectoryInfo family, List<Source> sources)
    {
        foreach (var entry in family.EnumerateFileSystemInfos().Where(e => !e.Name.StartsWith('.')).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry is FileInfo file)
            {
                if (file.Extension is ".jsonl" or ".json")
                    throw new InvalidDataException($"{file.FullName}: a persona is a folder; expected {family.Name}/<persona>/facts.jsonl and " +
                        $"{family.Name}/<persona>/test_questions.json. Move the file into its persona's folder.");
                continue;
            }
            foreach (string required in new[] { "facts.jsonl", "test_questions.json" })
                if (!File.Exists(Path.Combine(entry.FullName, required)))
                    throw new InvalidDataException($"{entry.FullName}: the persona folder has no {required}; expected facts.jsonl and test_questions.json. Add it.");
            Add(sources, family.Name, entry.Name, entry.FullName);
        }
    }

    static void Add(List<Source> sources, string familyKey, string name, string path)
    {
        bool control = name.EndsWith(ControlSuffix, StringComparison.Ordinal);
        string task = control ? name[..^ControlSuffix.Length] : name;
        if (task.Length == 0)
            throw new InvalidDataException($"{path}: the task has no name; expected <task>.jsonl or <task>.control.jsonl. Rename it.");
        var source = new Source(familyKey, task, control, path);
        if (sources.FirstOrDefault(s => s.Key == source.Key && s.Control == control) is { } other)
            throw new InvalidDataException($"{path}: task {source.Key}{(control ? " (control)" : "")} is also {other.Path}; a task must come from one place. Remove one of them.");
        sources.Add(source);
    }

    static TaskDefinition Build(Source source, GdSuiteSettings settings)
    {
        string family = GdSuiteFamilies.FamilyOf(source.FamilyKey)!;
        if (source.FamilyKey == GdSuiteFamilies.PersonaKey)
        {
            var facts = GdSuiteRows.ReadFacts(Path.Combine(source.Path, "facts.jsonl"));
            var questions = GdSuiteRows.ReadQuestions(Path.Combine(source.Path, "test_questions.json"));
            // Every fact but one that repeats a question's own prompt (a demo never gives its item away).
            int usable = questions.Min(q => facts.Count(f => f.Prompt != q.Prompt));
            int k = CheckedCount(source, settings, usable, "facts usable by every question");
            return new TaskDefinition(family, source.Task, source.Control, settings.Version, questions, facts, settings.Strategy, k, settings.Joiner);
        }

        var (demoRows, tests) = GdSuiteRows.ReadTaskFile(source.Path);
        var strategy = demoRows.Count == 0 ? DemoStrategy.None : settings.Strategy; // demos baked into the prompts: zero-shot
        var items = tests.Select(t => new TestItem(t.Prompt, t.Correct, t.Incorrect)).ToArray();
        var pool = demoRows.Select(d => new Demo(d.Prompt, d.Answer, d.Label)).ToArray();
        switch (strategy)
        {
            case DemoStrategy.None:
                return new TaskDefinition(family, source.Task, source.Control, settings.Version, items, [], DemoStrategy.None, 0, settings.Joiner);
            case DemoStrategy.Ordered:
                // The seed work picks one demo set per seed; here item i takes the first k demos of set i mod (number of sets),
                // so one pass uses every set and the prompts do not depend on the seed.
                var sets = demoRows.GroupBy(d => d.DemoSet).Select(g => g.Select(d => new Demo(d.Prompt, d.Answer, d.Label)).ToArray()).ToArray();
                int k = CheckedCount(source, settings, sets.Min(s => s.Length), "demos in its smallest demo_set");
                var bound = items.Select((item, i) => item with { Demos = sets[i % sets.Length][..k] }).ToArray();
                return new TaskDefinition(family, source.Task, source.Control, settings.Version, bound, [], DemoStrategy.Ordered, 0, settings.Joiner);
            default:
                return new TaskDefinition(family, source.Task, source.Control, settings.Version, items, pool, strategy,
                    CheckedCount(source, settings, pool.Length, "demo rows"), settings.Joiner);
        }
    }

    /// <summary>k, or <paramref name="available"/> when the settings leave it open; never more than are available.</summary>
    static int CheckedCount(Source source, GdSuiteSettings settings, int available, string what)
    {
        int k = settings.DemoCount ?? available;
        if (k > available)
            throw new InvalidDataException($"{source.Path}: strategy {settings.Strategy} takes k = {k} demos per item but the task has {available} {what}; " +
                $"lower k for \"{source.Key}\" in {OverridesFile}, or add demos.");
        return k;
    }
}
