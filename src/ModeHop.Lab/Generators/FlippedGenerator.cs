using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Flipped: every item has a global label in the world (the shortcut: answer from memory); an episode shows
/// 5 items with labels and asks about one of them (the rule: copy the label the context gives it). In a flipped
/// episode every label is inverted, so memory and context disagree.
/// Agreeing: labels as in the world. Rule-only: labels flipped. Shortcut-only: the query item is not among the demos,
/// which are unflipped, so only memory answers. Test: flipped, general = in-context label, parrot = global label.
/// Control: unflipped, general = the (agreeing) label, parrot = the other label.
/// </summary>
public sealed class FlippedGenerator(World world) : IFamilyGenerator
{
    const int DemoCount = 5;

    public string Family => "Flipped";
    public string Tag => FamilyTags.Flipped;
    public IReadOnlyList<DocumentKind> Kinds => DocumentKinds.All;
    public bool OrderedDemos => false;

    public Episode Train(Rng rng, DocumentKind kind) => kind switch
    {
        DocumentKind.Agreeing => Make(rng, flipped: false, queryInDemos: true).Episode,
        DocumentKind.RuleOnly => Make(rng, flipped: true, queryInDemos: true).Episode,
        _ => Make(rng, flipped: false, queryInDemos: false).Episode,
    };

    public LabItem Test(Rng rng)
    {
        var (episode, global) = Make(rng, flipped: true, queryInDemos: true);
        return new LabItem(episode.Demos, episode.Query, episode.Answer, Label(global));
    }

    public LabItem Control(Rng rng)
    {
        var (episode, global) = Make(rng, flipped: false, queryInDemos: true);
        return new LabItem(episode.Demos, episode.Query, episode.Answer, Label(1 - global));
    }

    (Episode Episode, int Global) Make(Rng rng, bool flipped, bool queryInDemos)
    {
        int n = world.Sizes.FlippedItems;
        var picked = new List<int>();
        while (picked.Count < DemoCount + 1)
        {
            int item = rng.NextInt(n);
            if (!picked.Contains(item)) picked.Add(item);
        }
        int flip = flipped ? 1 : 0;
        var demos = picked.Take(DemoCount).Select(i => new EpisodeDemo(Prompt(i), Label(world.ItemLabels[i] ^ flip))).ToArray();
        int query = queryInDemos ? picked[rng.NextInt(DemoCount)] : picked[DemoCount];
        int global = world.ItemLabels[query];
        string answer = Label(queryInDemos ? global ^ flip : global);
        return (new Episode(demos, Prompt(query), answer), global);
    }

    string Prompt(int item) => $"{Tag} i{item}";

    static string Label(int label) => "L" + label;
}
