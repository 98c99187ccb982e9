using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Successive: 4 demos of <c>a + b mod P</c> whose sums run s, s+1, s+2, s+3; the shortcut continues the sequence
/// (s+4), the rule computes. Agreeing: the query sums to s+4. Rule-only: half with demos of varied sums, half with a
/// query whose sum is not s+4. Test: general = the query's sum, parrot = s+4. Control: the query sums to s+4;
/// parrot = a number the episode never mentions. The demos' order is the pattern, so test prompts keep it.
/// </summary>
public sealed class SuccessiveGenerator(World world) : IFamilyGenerator
{
    const int DemoCount = 4;
    readonly Arithmetic sums = new(FamilyTags.Successive, world.Sizes.Modulus);

    public string Family => "Successive";
    public string Tag => FamilyTags.Successive;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing, DocumentKind.RuleOnly];
    public bool OrderedDemos => true;

    public Episode Train(Rng rng, DocumentKind kind)
    {
        if (kind == DocumentKind.Agreeing) return Run(rng, differs: false).AsEpisode;
        if (rng.NextInt(2) == 0) return Run(rng, differs: true).AsEpisode;
        var demos = Enumerable.Range(0, DemoCount).Select(_ => sums.Random(rng)).ToArray();
        var query = sums.Random(rng);
        return new Episode(demos, query.Prompt, query.Answer);
    }

    public LabItem Test(Rng rng)
    {
        var (demos, query, next) = Run(rng, differs: true);
        return new LabItem(demos, query.Prompt, query.Answer, Arithmetic.Number(next));
    }

    public LabItem Control(Rng rng)
    {
        var (demos, query, next) = Run(rng, differs: false);
        return new LabItem(demos, query.Prompt, query.Answer, Arithmetic.Number(sums.Absent(rng, demos.Append(query))));
    }

    Generated Run(Rng rng, bool differs)
    {
        int s = rng.NextInt(sums.P);
        var demos = Enumerable.Range(0, DemoCount).Select(k => sums.WithSum(rng, (s + k) % sums.P)).ToArray();
        int next = (s + DemoCount) % sums.P;
        var query = sums.WithSum(rng, differs ? sums.Other(rng, next) : next);
        return new Generated(demos, query, next);
    }

    readonly record struct Generated(EpisodeDemo[] Demos, EpisodeDemo Query, int Next)
    {
        public Episode AsEpisode => new(Demos, Query.Prompt, Query.Answer);
    }
}
