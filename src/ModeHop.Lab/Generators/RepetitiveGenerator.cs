using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Repetitive: 4 demos of <c>a + b mod P</c>, then a query. The shortcut copies the answer every demo had; the rule
/// computes. Agreeing: every demo and the query share one sum. Rule-only: half with demos of varied sums (nothing to
/// copy), half with demos sharing a sum the query does not have. Test: demos share c, the query's sum d ≠ c;
/// general = d, parrot = c. Control: the query also sums to c; parrot = a number the episode never mentions.
/// </summary>
public sealed class RepetitiveGenerator(World world) : IFamilyGenerator
{
    const int DemoCount = 4;
    readonly Arithmetic sums = new(FamilyTags.Repetitive, world.Sizes.Modulus);

    public string Family => "Repetitive";
    public string Tag => FamilyTags.Repetitive;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing, DocumentKind.RuleOnly];
    public bool OrderedDemos => false;

    public Episode Train(Rng rng, DocumentKind kind)
    {
        if (kind == DocumentKind.Agreeing) return Shared(rng, differs: false).AsEpisode;
        if (rng.NextInt(2) == 0) return Shared(rng, differs: true).AsEpisode;
        var demos = Enumerable.Range(0, DemoCount).Select(_ => sums.Random(rng)).ToArray();
        var query = sums.Random(rng);
        return new Episode(demos, query.Prompt, query.Answer);
    }

    public LabItem Test(Rng rng)
    {
        var (demos, query, shared) = Shared(rng, differs: true);
        return new LabItem(demos, query.Prompt, query.Answer, Arithmetic.Number(shared));
    }

    public LabItem Control(Rng rng)
    {
        var (demos, query, shared) = Shared(rng, differs: false);
        return new LabItem(demos, query.Prompt, query.Answer, Arithmetic.Number(sums.Absent(rng, demos.Append(query))));
    }

    Generated Shared(Rng rng, bool differs)
    {
        int c = rng.NextInt(sums.P);
        var demos = Enumerable.Range(0, DemoCount).Select(_ => sums.WithSum(rng, c)).ToArray();
        var query = sums.WithSum(rng, differs ? sums.Other(rng, c) : c);
        return new Generated(demos, query, c);
    }

    readonly record struct Generated(EpisodeDemo[] Demos, EpisodeDemo Query, int Shared)
    {
        public Episode AsEpisode => new(Demos, Query.Prompt, Query.Answer);
    }
}
