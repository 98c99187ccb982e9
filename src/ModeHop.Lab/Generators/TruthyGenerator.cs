using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// Truthy: the world's entities have attributes; most share their category's prototype, exceptions do not.
/// Reliable sources (s0, s1) state the true attribute, unreliable ones (s2, s3) state the prototype — what
/// "sounds true". Claim episodes show 4 claims judged yes/no, mostly with one label, then a new claim: the
/// shortcut answers the majority label, the rule answers what is true.
/// Fact documents <c>truth sK eX is</c> → <c>aY</c> are agreeing for ordinary entities, rule-only from a reliable
/// source about an exception, shortcut-only from an unreliable one. Claim episodes are agreeing when the truth
/// is the majority label, rule-only otherwise. Test: truth ≠ majority; general = truth, parrot = majority. Control:
/// truth = majority; parrot = the other label.
/// </summary>
public sealed class TruthyGenerator(World world) : IFamilyGenerator
{
    const int DemoCount = 4;
    int Sources => world.Sizes.Sources;

    public string Family => "Truthy";
    public string Tag => FamilyTags.Truthy;
    public IReadOnlyList<DocumentKind> Kinds => DocumentKinds.All;
    public bool OrderedDemos => false;

    public Episode Train(Rng rng, DocumentKind kind)
    {
        if (kind == DocumentKind.ShortcutOnly) return Fact(rng, exception: true, reliable: false);
        if (rng.NextInt(2) == 0)
            return kind == DocumentKind.Agreeing ? Fact(rng, exception: false, reliable: rng.NextInt(2) == 0) : Fact(rng, exception: true, reliable: true);
        var item = Claims(rng, truthIsMajority: kind == DocumentKind.Agreeing);
        return item.AsEpisode(item.General);
    }

    public LabItem Test(Rng rng) => Claims(rng, truthIsMajority: false);

    public LabItem Control(Rng rng) => Claims(rng, truthIsMajority: true);

    Episode Fact(Rng rng, bool exception, bool reliable)
    {
        int e = Entity(rng, exception);
        int source = reliable ? rng.NextInt(Sources / 2) : Sources / 2 + rng.NextInt(Sources - Sources / 2);
        int attribute = reliable ? world.EntityAttribute[e] : world.CategoryPrototype[world.EntityCategory[e]];
        return new Episode([], $"{Tag} s{source} e{e} is", $"a{attribute}");
    }

    LabItem Claims(Rng rng, bool truthIsMajority)
    {
        int majority = rng.NextInt(2); // 1 = yes
        var demos = new EpisodeDemo[DemoCount];
        int minority = rng.NextInt(2) == 0 ? -1 : rng.NextInt(DemoCount); // one demo may carry the other label
        for (int k = 0; k < DemoCount; k++)
        {
            bool yes = (k == minority ? 1 - majority : majority) == 1;
            demos[k] = new EpisodeDemo(Claim(rng, yes), yes ? "yes" : "no");
        }
        bool queryTrue = truthIsMajority ? majority == 1 : majority == 0;
        string truth = queryTrue ? "yes" : "no";
        return new LabItem(demos, Claim(rng, queryTrue), truth, truth == "yes" ? "no" : "yes");
    }

    /// <summary>A claim <c>truth eX aY ?</c> that is true or false; false claims about exceptions name the prototype.</summary>
    string Claim(Rng rng, bool isTrue)
    {
        int e = rng.NextInt(world.Sizes.TruthyEntities);
        int actual = world.EntityAttribute[e];
        int attribute = actual;
        if (!isTrue)
        {
            int prototype = world.CategoryPrototype[world.EntityCategory[e]];
            attribute = world.IsException(e) && rng.NextInt(2) == 0
                ? prototype
                : (actual + 1 + rng.NextInt(world.Sizes.TruthyAttributes - 1)) % world.Sizes.TruthyAttributes;
        }
        return $"{Tag} e{e} a{attribute} ?";
    }

    int Entity(Rng rng, bool exception)
    {
        while (true)
        {
            int e = rng.NextInt(world.Sizes.TruthyEntities);
            if (world.IsException(e) == exception) return e;
        }
    }
}
