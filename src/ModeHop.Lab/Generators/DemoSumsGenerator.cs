using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// The shared shape of Repetitive and Successive: 4 demos of <c>a + b mod P</c> whose sums follow a pattern, then a
/// query. The shortcut answers what the pattern predicts; the rule computes. Agreeing: the query's sum is the
/// pattern's. Rule-only: half with demos of varied sums (no pattern), half with a query whose sum is not the
/// pattern's. Test: general = the query's sum, parrot = the pattern's. Control: the query follows the pattern;
/// parrot = a number the episode never mentions (so no copy favours it).
/// </summary>
public abstract class DemoSumsGenerator(World world, string tag) : IFamilyGenerator
{
    protected const int DemoCount = 4;
    readonly Arithmetic sums = new(tag, world.Sizes.Modulus);

    public abstract string Family { get; }
    public string Tag => tag;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing, DocumentKind.RuleOnly];
    public abstract bool OrderedDemos { get; }

    /// <summary>The demos' sums and the sum the pattern predicts for the query.</summary>
    protected abstract (int[] DemoSums, int Predicted) Pattern(Rng rng, int modulus);

    public Episode Train(Rng rng, DocumentKind kind)
    {
        if (kind == DocumentKind.Agreeing) return Make(rng, differs: false).AsEpisode;
        if (rng.NextInt(2) == 0) return Make(rng, differs: true).AsEpisode;
        var demos = Enumerable.Range(0, DemoCount).Select(_ => sums.Random(rng)).ToArray();
        var query = sums.Random(rng);
        return new Episode(demos, query.Prompt, query.Answer);
    }

    public LabItem Test(Rng rng)
    {
        var (demos, query, predicted) = Make(rng, differs: true);
        return new LabItem(demos, query.Prompt, query.Answer, Arithmetic.Number(predicted));
    }

    public LabItem Control(Rng rng)
    {
        var (demos, query, _) = Make(rng, differs: false);
        return new LabItem(demos, query.Prompt, query.Answer, Arithmetic.Number(sums.Absent(rng, demos.Append(query))));
    }

    Generated Make(Rng rng, bool differs)
    {
        var (demoSums, predicted) = Pattern(rng, sums.P);
        var demos = demoSums.Select(s => sums.WithSum(rng, s)).ToArray();
        var query = sums.WithSum(rng, differs ? sums.Other(rng, predicted) : predicted);
        return new Generated(demos, query, predicted);
    }

    readonly record struct Generated(EpisodeDemo[] Demos, EpisodeDemo Query, int Predicted)
    {
        public Episode AsEpisode => new(Demos, Query.Prompt, Query.Answer);
    }
}
