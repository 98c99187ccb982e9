using ModeHop.Suite;
using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// OOCR (seed paper §3.7 (d), after Treutlein et al. 2024): pre-training writes about named functions and a map, so
/// that a name has one representation that both its definition and its uses read; the tasks fine-tune on the uses of
/// fresh names and ask what the names are.
/// <para>
/// Function documents (half): lines about one known function f, e.g. <c>fn def f3 = add n4 ; f3 n5 = n9 ; f3 n1 = n5</c>:
/// 2–5 usage lines <c>f n_x =</c> → <c>n_f(x)</c> on distinct inputs, with the definition <c>def f =</c> → <c>add n4</c>
/// first (40%: the uses can be computed from it), last (30%: it can be read off the uses, in context) or absent (30%:
/// the uses must be recalled from the name). Map documents (half): lines about one city c, in random order — 2–5
/// distances <c>c to t_j</c> → <c>n_d</c> (or <c>t_j to c</c>), its region <c>c in</c> → <c>k_r</c> (60%) and its
/// name <c>c is</c> → <c>c</c> (30%, so that a city's representation has a readout to its own name).
/// </para>
/// <para>
/// Task <c>functions</c>: fine-tune <c>fresh_functions</c> = every use <c>fn g_k n_x =</c> → <c>n_y</c> of every fresh
/// name (no definition); items <c>fn def g_k =</c>, general = the definition g_k implements, the other known
/// definitions wrong candidates (the parrot: the next known function's). Task <c>cities</c>: fine-tune
/// <c>fresh_cities</c> = the distances between each fresh name u_k and every known city but its twin (both orders; the
/// twin's distance 0 would give it away); items <c>map u_k is</c> → its twin city (the parrot: the twin's nearest
/// city; the other cities distractors) and <c>map u_k in</c> → its twin's region (the other regions wrong candidates).
/// </para>
/// </summary>
public sealed class OocrGenerator(World world) : IFineTuningFamily
{
    const int MinUses = 2, MaxUses = 5, MinDistances = 2, MaxDistances = 5;
    const double DefinitionFirst = 0.4, DefinitionLast = 0.3, RegionLine = 0.6, NameLine = 0.3;

    NamedFunctions Functions => world.Functions;
    CityMap Map => world.Map;
    int P => world.Sizes.Modulus;

    public string Family => Families.Oocr;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing];

    public Episode Train(Rng rng, DocumentKind kind) => rng.NextInt(2) == 0 ? FunctionDocument(rng) : MapDocument(rng);

    public IReadOnlyList<FineTuneTask> Tasks(LabFineTuneProtocol protocol) =>
    [
        new("functions", FunctionItems(), protocol.Set("fresh_functions", FreshUses())),
        new("cities", CityItems(), protocol.Set("fresh_cities", FreshDistances())),
    ];

    Episode FunctionDocument(Rng rng)
    {
        int f = rng.NextInt(Functions.Known.Count);
        string name = NamedFunctions.KnownName(f);
        var definition = Functions.Known[f];
        var inputs = Sampling.Distinct(rng, P, MinUses + rng.NextInt(MaxUses - MinUses + 1));
        var lines = inputs.Select(x => Use(name, definition, x)).ToList();
        double u = rng.NextDouble();
        var defined = Define(name, definition);
        if (u < DefinitionFirst) lines.Insert(0, defined);
        else if (u < DefinitionFirst + DefinitionLast) lines.Add(defined);
        return Episode.FromLines(FamilyTags.Functions, lines);
    }

    Episode MapDocument(Rng rng)
    {
        int c = rng.NextInt(Map.Cities);
        string city = CityMap.KnownName(c);
        var lines = new List<EpisodeDemo>();
        foreach (int k in Sampling.Distinct(rng, Map.Cities - 1, MinDistances + rng.NextInt(MaxDistances - MinDistances + 1)))
        {
            int other = k < c ? k : k + 1;
            lines.Add(rng.NextInt(2) == 0 ? Distance(city, CityMap.KnownName(other), Map.Distance(c, other)) : Distance(CityMap.KnownName(other), city, Map.Distance(c, other)));
        }
        if (rng.NextDouble() < RegionLine) lines.Add(new EpisodeDemo($"{city} in", CityMap.RegionName(Map.Region(c))));
        if (rng.NextDouble() < NameLine) lines.Add(new EpisodeDemo($"{city} is", city));
        Sampling.Shuffle(rng, lines);
        return Episode.FromLines(FamilyTags.Map, lines);
    }

    static EpisodeDemo Define(string name, FunctionDefinition definition) => new($"def {name} =", definition.Text);

    EpisodeDemo Use(string name, FunctionDefinition definition, int x) => new($"{name} n{x} =", "n" + definition.Apply(x, P));

    static EpisodeDemo Distance(string from, string to, int distance) => new($"{from} to {to}", "n" + distance);

    static FineTuneExample Tagged(string tag, EpisodeDemo line) => new(tag + " " + line.Prompt, line.Answer);

    IReadOnlyList<FineTuneExample> FreshUses() =>
        Enumerable.Range(0, Functions.Twin.Count)
            .SelectMany(k => Enumerable.Range(0, P).Select(x => Tagged(FamilyTags.Functions, Use(NamedFunctions.FreshName(k), Functions.Fresh(k), x))))
            .ToArray();

    IReadOnlyList<TestItem> FunctionItems()
    {
        int F = Functions.Known.Count;
        return Enumerable.Range(0, Functions.Twin.Count).Select(k =>
        {
            int twin = Functions.Twin[k], parrot = (twin + 1) % F;
            var distractors = Enumerable.Range(0, F).Where(f => f != twin && f != parrot).Select(f => Functions.Known[f].Text).ToArray();
            return new TestItem($"{FamilyTags.Functions} def {NamedFunctions.FreshName(k)} =", Functions.Known[twin].Text, Functions.Known[parrot].Text, [], Distractors: distractors);
        }).ToArray();
    }

    IReadOnlyList<FineTuneExample> FreshDistances()
    {
        var examples = new List<FineTuneExample>();
        for (int k = 0; k < Map.Twin.Count; k++)
        {
            int twin = Map.Twin[k];
            string fresh = CityMap.FreshName(k);
            for (int c = 0; c < Map.Cities; c++)
            {
                if (c == twin) continue;
                examples.Add(Tagged(FamilyTags.Map, Distance(fresh, CityMap.KnownName(c), Map.Distance(twin, c))));
                examples.Add(Tagged(FamilyTags.Map, Distance(CityMap.KnownName(c), fresh, Map.Distance(twin, c))));
            }
        }
        return examples;
    }

    IReadOnlyList<TestItem> CityItems()
    {
        var items = new List<TestItem>();
        for (int k = 0; k < Map.Twin.Count; k++)
        {
            int twin = Map.Twin[k], near = Map.Nearest(twin);
            string fresh = CityMap.FreshName(k);
            var cities = Enumerable.Range(0, Map.Cities).Where(c => c != twin && c != near).Select(CityMap.KnownName).ToArray();
            items.Add(new TestItem($"{FamilyTags.Map} {fresh} is", CityMap.KnownName(twin), CityMap.KnownName(near), [], Distractors: cities));
        }
        for (int k = 0; k < Map.Twin.Count; k++)
        {
            int region = Map.Region(Map.Twin[k]), parrot = (region + 1) % CityMap.Regions;
            var regions = Enumerable.Range(0, CityMap.Regions).Where(r => r != region && r != parrot).Select(CityMap.RegionName).ToArray();
            items.Add(new TestItem($"{FamilyTags.Map} {CityMap.FreshName(k)} in", CityMap.RegionName(region), CityMap.RegionName(parrot), [], Distractors: regions));
        }
        return items;
    }
}
