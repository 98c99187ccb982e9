using ModeHop.Lab;
using ModeHop.Lab.Generators;
using ModeHop.Suite;
using ModeHop.Tensors;

namespace ModeHop.Tests.Lab;

public class LabSuiteTests
{
    static readonly World World = new(1);

    public static TheoryData<string> FamilyNames()
    {
        var data = new TheoryData<string>();
        foreach (var g in Catalog.Create(World)) data.Add(g.Family);
        return data;
    }

    [Fact]
    public void Build_EveryFamily_PassesTheSuiteContract()
    {
        var tasks = LabSuite.Build(World, 32);
        Assert.Equal(2 * Families.Prompted.Count, tasks.Count);
        Assert.Empty(SuiteContract.Check(tasks));
    }

    [Fact]
    public void Build_SameWorldSeed_IsDeterministic()
    {
        Assert.Empty(SuiteContract.CheckDeterministic(seed => LabSuite.Build(new World((ulong)seed), 16), 3));
        var a = LabSuite.Build(new World(3), 16);
        var b = LabSuite.Build(new World(4), 16);
        Assert.NotEqual(a.Select(t => t.ContentHash), b.Select(t => t.ContentHash));
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Build_TestAndControlItems_AreHeldOutAndDistinct(string family)
    {
        foreach (var task in LabSuite.Build(World, 48).Where(t => t.Family == family))
        {
            bool ordered = Catalog.Create(World).Single(g => g.Family == family).OrderedDemos;
            // Every seed's prompt (the demos shuffled or not) keeps the item in the held-out bucket.
            foreach (int seed in new[] { 0, 1, 2 })
                for (int i = 0; i < task.Items.Count; i++)
                {
                    var demos = PromptAssembly.DemosFor(task, i, seed).Select(d => new EpisodeDemo(d.Prompt, d.Answer)).ToArray();
                    string key = HeldOut.Key(demos, task.Items[i].Prompt, ordered);
                    Assert.True(HeldOut.IsHeldOut(key), $"{task.DisplayName}, seed {seed}: '{key}' is not in the held-out bucket");
                }
            var contexts = Enumerable.Range(0, task.Items.Count).Select(i => PromptAssembly.Context(task, i, 0)).ToArray();
            Assert.Equal(task.Items.Count, task.Items.Select((x, i) => contexts[i] + "|" + x.Parrot).Distinct().Count());
        }
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Items_EveryWord_IsInTheToyLanguage(string family)
    {
        var tokenizer = new WordTokenizer(World.Vocabulary);
        int unknown = World.Vocabulary.Id(Vocabulary.Unknown);
        foreach (var task in LabSuite.Build(World, 32).Where(t => t.Family == family))
            for (int i = 0; i < task.Items.Count; i++)
            {
                string text = PromptAssembly.Context(task, i, 1) + " " + task.Items[i].General + " " + task.Items[i].Parrot;
                Assert.DoesNotContain(unknown, tokenizer.Encode(text));
            }
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Test_GeneralAndParrot_AreWhatTheFamilyRuleAndShortcutSay(string family)
    {
        // The training documents of each kind must agree with the test items' definition: a rule-only document's
        // answer is never what an agreeing document with the same context would answer, and every kind renders.
        var g = Catalog.Create(World).Single(x => x.Family == family);
        var rng = new Rng(7);
        foreach (var kind in g.Kinds)
            for (int k = 0; k < 200; k++)
            {
                var (words, scored) = g.Train(rng, kind).Render();
                Assert.True(scored[^1], $"{family} {kind}: the final answer must be scored");
                Assert.True(words.Length <= 33, $"{family} {kind}: {words.Length} words do not fit a row of 32");
                Assert.Equal(g.Tag, words[0]);
            }
        for (int k = 0; k < 200; k++)
        {
            var t = g.Test(rng);
            Assert.NotEqual(t.General, t.Parrot);
            var c = g.Control(rng);
            Assert.NotEqual(c.General, c.Parrot);
        }
    }

    [Fact]
    public void Flipped_TestItem_GeneralIsTheInContextLabelAndParrotTheWorldLabel()
    {
        var g = new FlippedGenerator(World);
        var rng = new Rng(3);
        for (int k = 0; k < 100; k++)
        {
            var t = g.Test(rng);
            int item = int.Parse(t.Query.Split(' ')[1].AsSpan(1));
            Assert.Equal("L" + World.ItemLabels[item], t.Parrot);
            Assert.Contains(t.Demos, d => d.Prompt == t.Query && d.Answer == t.General);
        }
    }

    [Fact]
    public void Repetitive_TestItem_GeneralIsTheSumAndParrotTheRepeatedAnswer()
    {
        var g = new RepetitiveGenerator(World);
        var rng = new Rng(5);
        int P = World.Sizes.Modulus;
        for (int k = 0; k < 100; k++)
        {
            var t = g.Test(rng);
            var w = t.Query.Split(' ');
            int sum = (int.Parse(w[1].AsSpan(1)) + int.Parse(w[2].AsSpan(1))) % P;
            Assert.Equal("n" + sum, t.General);
            Assert.All(t.Demos, d => Assert.Equal(t.Parrot, d.Answer));
        }
    }
}
