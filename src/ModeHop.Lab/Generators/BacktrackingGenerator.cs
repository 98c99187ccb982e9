using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Backtracking: a small graph listed as edges, <c>path vA vB , … from vS to vG ?</c> → the first step from S toward G.
/// S has two neighbours: X and Y, and Y leads to G. One node is a hub with two extra leaves. The shortcut steps to
/// the hub (the greedy, most frequent neighbour); the rule steps onto a real path. Agreeing: Y is the hub. Rule-only:
/// X is the hub, a dead end. Test: rule-only; general = Y, parrot = X. Control: agreeing; parrot = X (a leaf that no
/// shortcut favours). Node names are shuffled per episode.
/// </summary>
public sealed class BacktrackingGenerator(World world) : IFamilyGenerator
{
    public string Family => "Backtracking";
    public string Tag => FamilyTags.Backtracking;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing, DocumentKind.RuleOnly];
    public bool OrderedDemos => true;

    public Episode Train(Rng rng, DocumentKind kind)
    {
        var item = Graph(rng, hubOnPath: kind == DocumentKind.Agreeing);
        return item.AsEpisode(item.General);
    }

    public LabItem Test(Rng rng) => Graph(rng, hubOnPath: false);

    public LabItem Control(Rng rng) => Graph(rng, hubOnPath: true);

    LabItem Graph(Rng rng, bool hubOnPath)
    {
        var n = Sampling.Distinct(rng, world.Sizes.GraphNodes, 6);
        int s = n[0], x = n[1], y = n[2], g = n[3], leaf1 = n[4], leaf2 = n[5];
        int hub = hubOnPath ? y : x;
        var edges = new List<(int, int)> { (s, x), (s, y), (y, g), (hub, leaf1), (hub, leaf2) };
        Sampling.Shuffle(rng, edges);
        string listed = string.Join(" , ", edges.Select(e => $"v{e.Item1} v{e.Item2}"));
        return new LabItem([], $"{Tag} {listed} , from v{s} to v{g} ?", $"v{y}", $"v{x}");
    }
}
