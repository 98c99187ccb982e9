using ModeHop.Lab;

namespace ModeHop.Tests.Lab;

public class RecipeTests
{
    const string Minimal = """
        { "name": "t", "model": { "layers": 1, "channels": 32, "heads": 2, "seq_len": 32, "batch": 4, "steps": 10 },
          "windows": [ { "name": "a", "steps": 4, "agreeing": 1 } ],
          "alternate": [ { "name": "p", "steps": 2, "agreeing": 1 }, { "name": "g", "steps": 3, "agreeing": 0.5, "rule_only": 0.5 } ] }
        """;

    [Theory]
    [InlineData("demo")]
    [InlineData("iid")]
    [InlineData("alternating")]
    public void Load_BuiltIn_ParsesWithTheWorldsVocabulary(string name)
    {
        var r = Recipe.Load(name);
        Assert.Equal(name, r.Name);
        Assert.Equal(new World(r.WorldSeed).Vocabulary.Count, r.Training.Model.VocabSize);
    }

    [Fact]
    public void WindowAt_AfterTheFixedWindows_AlternatesUntilTheEnd()
    {
        var r = Recipe.Parse(Minimal, "t.json");
        string Names(int from, int to) => string.Concat(Enumerable.Range(from, to - from).Select(s => r.WindowAt(s).Window.Name));
        Assert.Equal("aaaappgggppggg", Names(0, 14));
        Assert.Equal(1, r.WindowAt(4).Index);
        Assert.Equal(4, r.WindowAt(13).Index);
    }

    [Theory]
    [InlineData("\"extra\": 1,", "unknown key 'extra'")]
    [InlineData("\"families\": { \"Nope\": 1 },", "unknown family 'Nope'")]
    [InlineData("\"families\": { \"Flipped\": -1 },", "zero or more")]
    [InlineData("\"background\": 1.5,", "'background' must be in [0, 1)")]
    public void Parse_BadTopLevelValue_NamesTheProblem(string insert, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => Recipe.Parse(Minimal.Replace("{ \"name\"", "{ " + insert + " \"name\""), "bad.json"));
        Assert.Contains("bad.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("\"steps\": 4, \"agreeing\": 1", "\"steps\": 0, \"agreeing\": 1", "'steps' must be positive")]
    [InlineData("\"steps\": 4, \"agreeing\": 1", "\"steps\": 4, \"agreeing\": 0", "both 0")]
    [InlineData("\"steps\": 4, \"agreeing\": 1", "\"steps\": 4, \"agreeing\": 1, \"ruleonly\": 1", "unknown key 'ruleonly'")]
    [InlineData("\"steps\": 10 }", "\"steps\": 10, \"vocab\": 99 }", "set by the lab world")]
    [InlineData("\"heads\": 2,", "\"heads\": 3,", "heads")]
    public void Parse_BadWindowOrModel_NamesTheProblem(string from, string to, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => Recipe.Parse(Minimal.Replace(from, to), "bad.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundListingTheBuiltIns()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Recipe.Load("/nonexistent/recipe.json"));
        Assert.Contains("demo, iid, alternating", e.Message);
    }

    [Fact]
    public void Parse_JsonWithCommandLineOverrides_ReadsBackTheOverriddenRecipe()
    {
        var trained = Recipe.Load("demo").WithSteps(99).WithSeed(5);
        var read = Recipe.Parse(trained.Json, "recipe.json");
        Assert.Equal(99, read.Training.Steps);
        Assert.Equal(5UL, read.Training.Seed);
        Assert.Equal(trained.Training, read.Training);
        Assert.Equal(99, Recipe.Parse(Recipe.Parse(Minimal, "m").WithSeed(3).WithSteps(99).Json, "m").Training.Steps);

        var e = Assert.Throws<InvalidDataException>(() => Recipe.Parse(Minimal + "\n// command line: colour = 3\n", "m.json"));
        Assert.Contains("colour", e.Message);
    }
}
