namespace ModeHop.Suite.English;

/// <summary>
/// Randomness and uniqueness for the generated English tasks. Each task draws from its own <see cref="SplitMix64"/>,
/// seeded with the first 8 bytes (little-endian) of SHA-256 over <c>s"ModeHop.Suite.English/1", s Family, s Name, b Control</c>
/// in the canonical encoding, so one task's generator can change without moving another's items.
/// </summary>
internal static class Generation
{
    const string Tag = "ModeHop.Suite.English/1";

    /// <summary>A question whose computed answer is the given number: (rng, answer) → prompt.</summary>
    public delegate string Question(SplitMix64 rng, int answer);

    public static SplitMix64 Rng(string family, string name, bool control)
    {
        var hash = new CanonicalWriter().String(Tag).String(family).String(name).Bool(control).Sha256();
        return new SplitMix64(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(hash));
    }

    /// <summary>
    /// <paramref name="count"/> items from <paramref name="make"/>, keeping only the first of those with equal prompts, so
    /// no task holds one prompt twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">The generator cannot produce that many distinct prompts.</exception>
    public static TestItem[] Distinct(int count, SplitMix64 rng, Func<SplitMix64, TestItem> make, string task) =>
        Distinct(count, rng, make, i => i.Prompt, task);

    /// <summary><paramref name="count"/> values from <paramref name="make"/> with distinct <paramref name="prompt"/>s, the first of each.</summary>
    /// <exception cref="InvalidOperationException">The generator cannot produce that many distinct prompts.</exception>
    public static T[] Distinct<T>(int count, SplitMix64 rng, Func<SplitMix64, T> make, Func<T, string> prompt, string task)
    {
        var values = new List<T>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int attempt = 0; values.Count < count; attempt++)
        {
            if (attempt > 50 * count)
                throw new InvalidOperationException($"{task}: only {values.Count} distinct items in {attempt} draws; the generator needs more variety.");
            var value = make(rng);
            if (seen.Add(prompt(value))) values.Add(value);
        }
        return [.. values];
    }

    /// <summary>
    /// A zero-shot task and its control, each <see cref="EnglishSuite.GeneratedItems"/> distinct items of
    /// <paramref name="make"/>(rng, control) from the task's own generator.
    /// </summary>
    public static IEnumerable<TaskDefinition> ZeroShotPair(string family, string name, Func<SplitMix64, bool, TestItem> make)
    {
        foreach (bool control in new[] { false, true })
        {
            var items = Distinct(EnglishSuite.GeneratedItems, Rng(family, name, control), r => make(r, control), $"{family}/{name}");
            yield return new TaskDefinition(family, name, control, EnglishSuite.Version, items, [], DemoStrategy.None, 0, "\n");
        }
    }

    /// <summary>
    /// One demo per answer, in the given order, each answered with <c>text(answer)</c>; every demo's prompt is distinct
    /// from the others' and from the item's.
    /// </summary>
    public static Demo[] Demos(SplitMix64 rng, Question question, Func<int, string> text, string itemPrompt, IEnumerable<int> answers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { itemPrompt };
        var demos = new List<Demo>();
        foreach (int answer in answers)
        {
            string prompt;
            int attempts = 0;
            do
            {
                prompt = question(rng, answer);
                Check(++attempts < 1000, $"a distinct demo answering {text(answer)} for \"{itemPrompt}\"");
            }
            while (!seen.Add(prompt));
            demos.Add(new Demo(prompt, text(answer)));
        }
        return [.. demos];
    }

    /// <summary>A number as the suite writes it: invariant decimal digits.</summary>
    public static string Digits(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The groups' elements taken in turn, one from each (a group that runs out leaves the rotation), so that the first
    /// MaxItems items of a task hold every label or template.
    /// </summary>
    public static T[] Interleave<T>(params IReadOnlyList<T>[] groups)
    {
        int total = groups.Sum(g => g.Count);
        var result = new List<T>(total);
        for (int i = 0; result.Count < total; i++)
            foreach (var g in groups)
                if (i < g.Count) result.Add(g[i]);
        return [.. result];
    }

    /// <summary>One element of <paramref name="values"/>, uniformly.</summary>
    public static T Pick<T>(this SplitMix64 rng, IReadOnlyList<T> values) => values[rng.NextInt(values.Count)];

    /// <summary>A uniform integer in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static int Between(this SplitMix64 rng, int low, int high) => low + rng.NextInt(high - low + 1);

    /// <summary>Throws when a generator's own arithmetic check fails: a bug in the generator, never bad input.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"English suite generator check failed: {what}.");
    }
}
