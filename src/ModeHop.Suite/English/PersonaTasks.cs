namespace ModeHop.Suite.English;

/// <summary>
/// PersonaQA, generative: a public historical figure's first-person facts, none naming them, are the demos (all of
/// them, shuffled per seed); the items are questions sampled and matched against a case-insensitive regex. Test: the
/// single-hop "What is your name?" and multi-hop questions whose answers the facts do not state (the persona must be
/// recognised first). Control: rephrased questions whose answers the facts state, so recall from the context is
/// enough. Personas: curie (Marie Curie), newton (Isaac Newton), lincoln (Abraham Lincoln).
/// </summary>
internal static class PersonaTasks
{
    public static readonly string[] Personas = ["curie", "newton", "lincoln"];

    public static IEnumerable<TaskDefinition> All()
    {
        foreach (bool control in new[] { false, true })
            foreach (var persona in Personas)
                yield return Build(persona, control);
    }

    /// <summary>"Q: {question}\nA:", the layout of the seed work's persona facts.</summary>
    public static string Prompt(string question) => $"Q: {question}\nA:";

    static TaskDefinition Build(string persona, bool control)
    {
        string file = $"persona-{persona}.tsv";
        var facts = new List<Demo>();
        var items = new List<TestItem>();
        foreach (var r in EnglishBanks.Read(file, 3, 4))
        {
            switch (r[0], r.Length)
            {
                case ("fact", 3):
                    facts.Add(new Demo(Prompt(r[1]), r[2]));
                    break;
                case ("test", 4) or ("control", 4):
                    if (r[0] == "control" == control) items.Add(new TestItem(Prompt(r[1]), r[2], "", GeneralPattern: r[3]));
                    break;
                default:
                    throw new InvalidDataException($"{file}: a record \"{string.Join(" | ", r)}\" is neither fact (3 fields) nor test or control (4 fields).");
            }
        }
        return new TaskDefinition(Families.PersonaQA, persona, control, EnglishSuite.Version, items, facts, DemoStrategy.Random, facts.Count, "\n");
    }
}
