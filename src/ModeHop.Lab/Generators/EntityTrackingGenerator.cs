using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// EntityTracking: <c>track o1 b1 . o2 b2 . o3 b3 . mv o2 b5 . o2 ?</c> → where the queried object is now. The
/// shortcut answers its first binding; the rule follows the moves. Agreeing: no move, or another object moved.
/// Rule-only: the queried object moved. Test: general = the box it moved to, parrot = its first box. Control: no
/// move at all; parrot = another box from the context (so the control shares no shortcut with the test).
/// </summary>
public sealed class EntityTrackingGenerator(World world) : IFamilyGenerator
{
    const int Bindings = 3;

    public string Family => "EntityTracking";
    public string Tag => FamilyTags.EntityTracking;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing, DocumentKind.RuleOnly];
    public bool OrderedDemos => true;

    public Episode Train(Rng rng, DocumentKind kind)
    {
        var s = Scene(rng);
        if (kind == DocumentKind.RuleOnly) return Moved(s, rng, queried: true).Episode;
        return rng.NextInt(2) == 0 ? Still(s, rng).Episode : Moved(s, rng, queried: false).Episode;
    }

    public LabItem Test(Rng rng)
    {
        var s = Scene(rng);
        var (episode, first) = Moved(s, rng, queried: true);
        return new LabItem(episode.Demos, episode.Query, episode.Answer, first);
    }

    public LabItem Control(Rng rng)
    {
        var s = Scene(rng);
        var (episode, first) = Still(s, rng);
        string other = s.Boxes.Select(b => "b" + b).First(b => b != first);
        return new LabItem(episode.Demos, episode.Query, episode.Answer, other);
    }

    sealed record SceneSetup(int[] Objects, int[] Boxes, int FreeBox);

    SceneSetup Scene(Rng rng)
    {
        var objects = Sampling.Distinct(rng, world.Sizes.Objects, Bindings);
        var boxes = Sampling.Distinct(rng, world.Sizes.Boxes, Bindings + 1);
        return new SceneSetup(objects, boxes[..Bindings], boxes[Bindings]);
    }

    string Bind(SceneSetup s) => $"{Tag} " + string.Join(" . ", Enumerable.Range(0, Bindings).Select(i => $"o{s.Objects[i]} b{s.Boxes[i]}"));

    (Episode Episode, string First) Still(SceneSetup s, Rng rng)
    {
        int q = rng.NextInt(Bindings);
        return (new Episode([], $"{Bind(s)} . o{s.Objects[q]} ?", $"b{s.Boxes[q]}"), $"b{s.Boxes[q]}");
    }

    (Episode Episode, string First) Moved(SceneSetup s, Rng rng, bool queried)
    {
        int moved = rng.NextInt(Bindings);
        int q = queried ? moved : (moved + 1 + rng.NextInt(Bindings - 1)) % Bindings;
        string first = $"b{s.Boxes[q]}";
        string answer = q == moved ? $"b{s.FreeBox}" : first;
        return (new Episode([], $"{Bind(s)} . mv o{s.Objects[moved]} b{s.FreeBox} . o{s.Objects[q]} ?", answer), first);
    }
}
