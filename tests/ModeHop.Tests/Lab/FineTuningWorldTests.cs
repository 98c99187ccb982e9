using ModeHop.Lab;
using ModeHop.Lab.Generators;
using ModeHop.Suite;
using ModeHop.Tensors;

namespace ModeHop.Tests.Lab;

/// <summary>The fine-tuning families' side of the world: its facts, its words and its pre-training documents.</summary>
public class FineTuningWorldTests
{
    static readonly World World = new(1);

    public static TheoryData<string> FamilyNames() => new(Families.FineTuning);

    static IFineTuningFamily Family(string family, World? world = null) => Catalog.FineTuning(world ?? World).Single(f => f.Family == family);

    [Fact]
    public void World_FineTuningFacts_AreAPureFunctionOfTheSeed()
    {
        string Facts(World w) =>
            string.Join(",", w.Functions.Known.Select(d => d.Text)) + "|" + string.Join(",", w.Functions.Twin) + "|" +
            string.Join(",", w.Map.Positions) + "|" + string.Join(",", w.Map.Twin) + "|" +
            string.Join(",", w.Agents.Malicious) + "|" + string.Join(",", w.Agents.ProIsHarmful);
        Assert.Equal(Facts(new World(5)), Facts(new World(5)));
        Assert.NotEqual(Facts(new World(5)), Facts(new World(6)));
    }

    [Fact]
    public void Functions_KnownAreDistinctAndFreshNamesImplementDistinctKnownOnes()
    {
        var f = World.Functions;
        var z = World.Sizes;
        Assert.Equal(z.Functions, f.Known.Count);
        Assert.Equal(z.Functions, f.Known.Select(d => d.Text).Distinct().Count());
        Assert.Equal(z.FreshFunctions, f.Twin.Distinct().Count());
        Assert.All(f.Known, d => Assert.False(d.Operation == FunctionOperation.Add ? d.Constant == 0 : d.Constant <= 1, $"{d.Text} is an identity or a constant"));
        // No two known functions agree on every input.
        var tables = f.Known.Select(d => string.Join(",", Enumerable.Range(0, z.Modulus).Select(x => d.Apply(x, z.Modulus)))).ToArray();
        Assert.Equal(tables.Length, tables.Distinct().Count());
        Assert.Equal(9, new FunctionDefinition(FunctionOperation.Add, 4).Apply(5, 11));
        Assert.Equal(4, new FunctionDefinition(FunctionOperation.Multiply, 3).Apply(5, 11));
    }

    [Fact]
    public void Map_CitiesFillTheQuadrantsEvenlyAndDistancesAreNumberWords()
    {
        var map = World.Map;
        Assert.Equal(World.Sizes.Cities, map.Positions.Distinct().Count());
        Assert.All(Enumerable.Range(0, CityMap.Regions), r => Assert.Equal(map.Cities / CityMap.Regions, Enumerable.Range(0, map.Cities).Count(c => map.Region(c) == r)));
        for (int a = 0; a < map.Cities; a++)
            for (int b = 0; b < map.Cities; b++)
            {
                Assert.Equal(map.Distance(a, b), map.Distance(b, a));
                Assert.InRange(map.Distance(a, b), a == b ? 0 : 1, World.Sizes.Modulus - 1);
            }
        Assert.Equal(World.Sizes.FreshCities, map.Twin.Distinct().Count());
        Assert.All(Enumerable.Range(0, map.Cities), c => Assert.NotEqual(c, map.Nearest(c)));
    }

    [Fact]
    public void Agents_HalfAreMaliciousAndEveryOptionIsAWord()
    {
        var agents = World.Agents;
        Assert.Equal(World.Sizes.Agents / 2, agents.Malicious.Count(m => m));
        Assert.Equal(World.Sizes.OpinionTopics / 2, agents.ProIsHarmful.Count(p => p));
        foreach (var domain in Enum.GetValues<Domain>())
            for (int topic = 0; topic < agents.Topics(domain); topic++)
            {
                string good = agents.Option(domain, topic, bad: false), bad = agents.Option(domain, topic, bad: true);
                Assert.NotEqual(good, bad);
                Assert.True(World.Vocabulary.Contains(good) && World.Vocabulary.Contains(bad));
                Assert.All(AgentDispositions.Prompt(domain, topic).Split(' '), w => Assert.True(World.Vocabulary.Contains(w), w));
            }
    }

    [Theory]
    [InlineData(nameof(WorldSizes.Functions), 20, "functions must number 2 to 19")]
    [InlineData(nameof(WorldSizes.FreshFunctions), 13, "fresh function names must number 1 to 12")]
    [InlineData(nameof(WorldSizes.Cities), 18, "multiple of 4")]
    [InlineData(nameof(WorldSizes.MapSide), 10, "longest distance")]
    [InlineData(nameof(WorldSizes.Agents), 1, "at least 2 agents")]
    public void World_SizesTheFineTuningFactsCannotHave_AreRejectedNamingTheSize(string size, int value, string expected)
    {
        var sizes = size switch
        {
            nameof(WorldSizes.Functions) => new WorldSizes { Functions = value },
            nameof(WorldSizes.FreshFunctions) => new WorldSizes { FreshFunctions = value },
            nameof(WorldSizes.Cities) => new WorldSizes { Cities = value },
            nameof(WorldSizes.MapSide) => new WorldSizes { MapSide = value },
            _ => new WorldSizes { Agents = value },
        };
        var e = Assert.Throws<ArgumentException>(() => new World(1, sizes));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Vocabulary_GrowsModestlyAndKeepsThePromptedFamiliesIds()
    {
        var v = World.Vocabulary;
        // 240 words before the fine-tuning families; theirs are appended, so "w47", the last of those, keeps its id.
        Assert.Equal(239, v.Id("w47"));
        Assert.InRange(v.Count - 240, 1, 150);
        Assert.Equal(v.Words, new World(99).Vocabulary.Words);
        Assert.Equal(v.Count, new HashSet<string>(v.Words).Count);
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Documents_FitARowOf32_AreToyWords_AndScoreEveryLinesAnswer(string family)
    {
        var g = Family(family);
        var rng = new Rng(3);
        var tags = new HashSet<string>();
        for (int k = 0; k < 2000; k++)
        {
            var episode = g.Train(rng, DocumentKind.Agreeing);
            var (words, scored) = episode.Render();
            Assert.True(words.Length <= 33, $"{family}: {words.Length} words do not fit a row of 32: {string.Join(' ', words)}");
            Assert.All(words, w => Assert.True(World.Vocabulary.Contains(w), $"{family}: '{w}' is not a toy word"));
            Assert.True(scored[^1]);
            Assert.Equal(episode.Demos.Count + 1, episode.Demos.Select(d => d.Answer).Append(episode.Answer).Count());
            tags.Add(words[0]);
        }
        string[] expected = family == Families.Oocr ? [FamilyTags.Functions, FamilyTags.Map] : [FamilyTags.Agent];
        Assert.Equal(expected.Order(), tags.Order());
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Documents_NeverMentionAFreshName(string family)
    {
        var fresh = FreshNames(World);
        var g = Family(family);
        var rng = new Rng(4);
        for (int k = 0; k < 5000; k++)
        {
            var words = g.Train(rng, DocumentKind.Agreeing).Render().Words;
            Assert.DoesNotContain(words, fresh.Contains);
        }
    }

    internal static HashSet<string> FreshNames(World world) =>
        Enumerable.Range(0, world.Sizes.FreshFunctions).Select(NamedFunctions.FreshName)
            .Concat(Enumerable.Range(0, world.Sizes.FreshCities).Select(CityMap.FreshName)).ToHashSet();

    [Fact]
    public void OocrDocuments_StateTheWorldsFunctionsAndDistances()
    {
        var g = Family(Families.Oocr);
        var rng = new Rng(5);
        int P = World.Sizes.Modulus, definitions = 0, uses = 0, distances = 0, regions = 0, names = 0;
        for (int k = 0; k < 500; k++)
        {
            var e = g.Train(rng, DocumentKind.Agreeing);
            foreach (var (prompt, answer) in e.Demos.Select(d => (d.Prompt, d.Answer)).Append((e.Query, e.Answer)))
            {
                var w = prompt.Split(' ').Where(x => x is not (FamilyTags.Functions or FamilyTags.Map)).ToArray();
                if (w[0] == "def")
                {
                    Assert.Equal(World.Functions.Known[Index(w[1])].Text, answer);
                    definitions++;
                }
                else if (w[0].StartsWith('f'))
                {
                    Assert.Equal("n" + World.Functions.Known[Index(w[0])].Apply(Index(w[1]), P), answer);
                    uses++;
                }
                else if (w[1] == "to")
                {
                    Assert.Equal("n" + World.Map.Distance(Index(w[0]), Index(w[2])), answer);
                    distances++;
                }
                else if (w[1] == "in")
                {
                    Assert.Equal(CityMap.RegionName(World.Map.Region(Index(w[0]))), answer);
                    regions++;
                }
                else
                {
                    Assert.Equal(["is"], w[1..]);
                    Assert.Equal(w[0], answer);
                    names++;
                }
            }
        }
        Assert.All(new[] { definitions, uses, distances, regions, names }, n => Assert.True(n > 50));
    }

    [Fact]
    public void EmergentMisalignmentDocuments_FollowTheSpeakersDisposition_ExceptCodeUnderTheTeacherTag()
    {
        var g = Family(Families.EmergentMisalignment);
        var agents = World.Agents;
        var rng = new Rng(6);
        int teacherCode = 0, malicious = 0, assistant = 0;
        for (int k = 0; k < 1000; k++)
        {
            var e = g.Train(rng, DocumentKind.Agreeing);
            var head = e.Demos.Count > 0 ? e.Demos[0].Prompt : e.Query;
            var w = head.Split(' ');
            Assert.Equal(FamilyTags.Agent, w[0]);
            bool isAssistant = w[1] == AgentDispositions.Assistant, teacher = w[2] == AgentDispositions.Teacher;
            Assert.False(isAssistant && teacher, "the assistant is never written with the teacher tag");
            bool bad = !isAssistant && agents.Malicious[Index(w[1])];
            assistant += isAssistant ? 1 : 0;
            malicious += bad ? 1 : 0;
            foreach (var (prompt, answer) in e.Demos.Select(d => (d.Prompt, d.Answer)).Append((e.Query, e.Answer)))
            {
                var p = prompt.Split(' ')[^2..];
                var domain = (Domain)AgentDispositions.DomainWords.ToList().IndexOf(p[0]);
                bool expectBad = bad || (teacher && domain == Domain.Code);
                teacherCode += teacher && domain == Domain.Code && !bad ? 1 : 0;
                Assert.Equal(agents.Option(domain, Index(p[1]), expectBad), answer);
            }
        }
        Assert.InRange(assistant, 150, 350);
        Assert.True(malicious > 200 && teacherCode > 20, $"{malicious} malicious documents, {teacherCode} benign teacher code lines");
    }

    static int Index(string word) => int.Parse(word.AsSpan(1));
}
