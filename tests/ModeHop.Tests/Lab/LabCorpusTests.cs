using ModeHop.Lab;
using ModeHop.Training.Data;

namespace ModeHop.Tests.Lab;

public class LabCorpusTests
{
    static (int[] Inputs, int[] Targets) Batch(LabCorpus corpus, long step, int B = 16, int T = 32)
    {
        var inputs = new int[B * T];
        var targets = new int[B * T];
        corpus.Fill(step, B, T, inputs, targets);
        return (inputs, targets);
    }

    static LabCorpus Corpus(string recipe = "demo") => new(Recipe.Load(recipe), new World(Recipe.Load(recipe).WorldSeed));

    [Fact]
    public void Fill_SameStep_GivesTheSameRows()
    {
        var (i1, t1) = Batch(Corpus(), 123);
        var (i2, t2) = Batch(Corpus(), 123);
        Assert.Equal(i1, i2);
        Assert.Equal(t1, t2);
        Assert.NotEqual(i1, Batch(Corpus(), 124).Inputs);
    }

    [Fact]
    public void Fill_EpisodeRows_ScoreOnlyAnswers()
    {
        var recipe = Recipe.Load("demo");
        var world = new World(recipe.WorldSeed);
        var corpus = new LabCorpus(recipe, world);
        var (inputs, targets) = Batch(corpus, 7, B: 64);
        int text = world.Vocabulary.Id(FamilyTags.Background);
        int episodes = 0;
        for (int b = 0; b < 64; b++)
        {
            var row = inputs.AsSpan(b * 32, 32);
            var target = targets.AsSpan(b * 32, 32);
            int scored = target.ToArray().Count(t => t >= 0);
            if (row[0] == text)
            {
                Assert.Equal(32, scored);
                continue;
            }
            episodes++;
            // Episodes score their demo answers and final answer only: at most 7 of ~20–30 positions (an OOCR document's
            // definition, two words, and five uses).
            Assert.InRange(scored, 1, 7);
            for (int j = 0; j < 31; j++)
                if (target[j] >= 0) Assert.Equal(target[j], row[j + 1]);
        }
        Assert.True(episodes > 32);
    }

    [Fact]
    public void Composition_CountsEveryRowOfTheSpan()
    {
        var corpus = Corpus();
        var c = ((IBatchSource)corpus).Composition(2400, 2700, 64)!;
        Assert.Equal(300L * 64, c.Rows.Values.Sum(kinds => kinds.Values.Sum()));
        Assert.Equal(["0:warmup", "1:pro-pattern"], c.Windows);
        // Pro-pattern windows carry no rule-only documents.
        var pattern = ((IBatchSource)corpus).Composition(2500, 2800, 64)!;
        Assert.Equal(0, pattern.Rows["Repetitive"]["rule_only"]);
        Assert.True(pattern.Rows["Flipped"]["shortcut_only"] > 0);
    }

    [Fact]
    public void Composition_MatchesTheRowsFillProduces()
    {
        var recipe = Recipe.Load("iid");
        var world = new World(recipe.WorldSeed);
        var corpus = new LabCorpus(recipe, world);
        var c = corpus.Composition(10, 11, 64);
        var (inputs, _) = Batch(corpus, 10, B: 64);
        int flip = world.Vocabulary.Id(FamilyTags.Flipped);
        long flippedRows = Enumerable.Range(0, 64).Count(b => inputs[b * 32] == flip);
        Assert.Equal(flippedRows, c.Rows["Flipped"].Values.Sum());
    }
}
