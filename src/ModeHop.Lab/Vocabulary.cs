namespace ModeHop.Lab;

/// <summary>
/// The toy language's words. Fixed by the world's sizes (not by its seed), so every lab checkpoint of a
/// recipe shares one vocabulary: specials, family tags, numbers n0..n{P−1}, and each family's own words.
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
