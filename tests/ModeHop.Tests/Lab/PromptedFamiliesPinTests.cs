using System.Security.Cryptography;
using System.Text;
using ModeHop.Lab;
using ModeHop.Lab.Generators;
using ModeHop.Tensors;

namespace ModeHop.Tests.Lab;

/// <summary>
/// Pins what the prompted families' generators, their toy suite and the corpus produced before the fine-tuning families
/// (issue 6) joined the world: their documents for a given generator, their items, and — with the new families at weight
/// 0 — every row of the demo recipe's batches, ids included (new words are appended to the vocabulary, so old ids stay).
/// </summary>
public class PromptedFamiliesPinTests
{
    static readonly World World = new(1);

    static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>200 documents of every kind, then 50 test and 50 control items, from one generator seeded per family.</summary>
    static string Rendered(IFamilyGenerator g)
    {
        var text = new StringBuilder();
        var rng = new Rng(11);
        foreach (var kind in g.Kinds)
            for (int k = 0; k < 200; k++)
                text.Append(string.Join(' ', g.Train(rng, kind).Render().Words)).Append('\n');
        for (int k = 0; k < 50; k++)
        {
            var t = g.Test(rng);
            var c = g.Control(rng);
            text.Append(string.Join(' ', t.AsEpisode(t.General).Render().Words)).Append('|').Append(t.Parrot).Append('\n');
            text.Append(string.Join(' ', c.AsEpisode(c.General).Render().Words)).Append('|').Append(c.Parrot).Append('\n');
        }
        return Sha(text.ToString());
    }

    public static TheoryData<string, string> Pins() => new()
    {
        { "Flipped", "bcc04c66239f96e8" },
        { "Repetitive", "97ade2c7124a8fb1" },
        { "Successive", "5f4234f355ae203b" },
        { "Truthy", "3f3533e0b954ed50" },
        { "Intuitive", "920caf0d5510c513" },
        { "PersonaQA", "e433e14f27bd9756" },
        { "EntityTracking", "557cf501a2af9c3f" },
        { "Backtracking", "e81371347285199f" },
    };

    [Theory]
    [MemberData(nameof(Pins))]
    public void Generator_Documents_AreThoseOfBeforeIssue6(string family, string expected)
    {
        var g = Catalog.Create(World).Single(x => x.Family == family);
        Assert.Equal(expected, Rendered(g));
    }

    [Fact]
    public void LabSuite_Build_IsThatOfBeforeIssue6()
    {
        var hashes = string.Join(",", LabSuite.Build(World, 16).Select(t => t.ContentHash));
        Assert.Equal("36ac66dc0d42b8e1", Sha(hashes));
    }

    [Fact]
    public void LabCorpus_DemoRecipeWithoutTheNewFamilies_FillsTheRowsOfBeforeIssue6()
    {
        var recipe = Recipe.Load("demo");
        var weights = recipe.FamilyWeights.ToDictionary(w => w.Key, w => Catalog.Create(World).Any(g => g.Family == w.Key) ? w.Value : 0.0);
        var corpus = new LabCorpus(recipe with { FamilyWeights = weights }, World);
        var text = new StringBuilder();
        const int B = 64, T = 32;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        foreach (long step in new long[] { 0, 1, 7, 2600, 2900 })
        {
            corpus.Fill(step, B, T, inputs, targets);
            text.Append(string.Join(' ', inputs)).Append('|').Append(string.Join(' ', targets)).Append('\n');
        }
        Assert.Equal("c437c1eebe658607", Sha(text.ToString()));
    }
}
