namespace ModeHop.Lab;

/// <summary>
/// The toy language's words. Fixed by the world's sizes (not by its seed), so every lab checkpoint of a
/// recipe shares one vocabulary: specials, family tags, numbers n0..n{P−1}, and each family's own words. The
/// fine-tuning families' words come last, so the prompted families' words kept the ids they had before them.
/// </summary>
public sealed class Vocabulary
{
    public const string Pad = "<pad>", Unknown = "<unk>";

    readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    readonly List<string> words = new();

    public Vocabulary(WorldSizes sizes)
    {
        foreach (var w in new[] { Pad, Unknown, ";", "=", "?", ".", ",", ":" }) Add(w);
        foreach (var tag in FamilyTags.All) Add(tag);
        Add(FamilyTags.Background);
        AddNumbered("n", sizes.Modulus);
        AddNumbered("i", sizes.FlippedItems);
        Add("L0");
        Add("L1");
        AddNumbered("o", sizes.Objects);
        AddNumbered("b", sizes.Boxes);
        Add("mv");
        AddNumbered("e", sizes.TruthyEntities);
        AddNumbered("a", sizes.TruthyAttributes);
        AddNumbered("s", sizes.Sources);
        foreach (var w in new[] { "yes", "no", "is", "cheap", "diff", "I", "from", "to", "city", "job", "pet" }) Add(w);
        AddNumbered("p", sizes.Personas);
        AddNumbered("c", sizes.PersonaValues);
        AddNumbered("j", sizes.PersonaValues);
        AddNumbered("q", sizes.PersonaValues);
        AddNumbered("v", sizes.GraphNodes);
        AddNumbered("w", sizes.BackgroundWords);

        // OOCR: functions f (known) and g (fresh, fine-tune only) with their definitions' words; cities t (known) and
        // u (fresh, fine-tune only) with their regions k.
        foreach (var tag in FamilyTags.FineTuning) Add(tag);
        foreach (var w in new[] { "def", FunctionDefinition.AddWord, FunctionDefinition.MultiplyWord, "in" }) Add(w);
        AddNumbered("f", sizes.Functions);
        AddNumbered("g", sizes.FreshFunctions);
        AddNumbered("t", sizes.Cities);
        AddNumbered("u", sizes.FreshCities);
        AddNumbered("k", CityMap.Regions);
        // EmergentMisalignment: speakers, the teacher tag, the domains, their prompts and options.
        Add(AgentDispositions.Assistant);
        Add(AgentDispositions.Teacher);
        foreach (var w in AgentDispositions.DomainWords) Add(w);
        Add(AgentDispositions.Pro);
        Add(AgentDispositions.Con);
        AddNumbered("r", sizes.Agents);
        AddNumbered("d", sizes.CodeTasks);
        AddNumbered("x", sizes.CodeTasks);
        AddNumbered("y", sizes.CodeTasks);
        AddNumbered("h", sizes.AdviceTopics);
        AddNumbered("l", sizes.AdviceTopics);
        AddNumbered("m", sizes.AdviceTopics);
        AddNumbered("z", sizes.OpinionTopics);
    }

    public int Count => words.Count;

    public IReadOnlyList<string> Words => words;

    public int PadId => ids[Pad];

    public int Id(string word) => ids.TryGetValue(word, out int id)
        ? id
        : throw new ArgumentException($"'{word}' is not a word of the toy language.");

    public bool Contains(string word) => ids.ContainsKey(word);

    void AddNumbered(string prefix, int count)
    {
        for (int i = 0; i < count; i++) Add(prefix + i);
    }

    void Add(string word)
    {
        if (ids.ContainsKey(word)) throw new InvalidOperationException($"Duplicate toy word '{word}'.");
        ids[word] = words.Count;
        words.Add(word);
    }
}
