using ModeHop.Suite;
using ModeHop.Suite.GdSuite;

namespace ModeHop.Tests.Suite;

public sealed class GdSuiteBadInputTests : IDisposable
{
    const string Test = "{\"split\":\"test\",\"prompt\":\"Q: x\\nA:\",\"correct_answer\":\"a\",\"incorrect_answer\":\"b\"}";
    const string DemoA = "{\"split\":\"demo\",\"prompt\":\"Q: y\\nA:\",\"answer\":\"a\"}";
    const string DemoB = "{\"split\":\"demo\",\"prompt\":\"Q: z\\nA:\",\"answer\":\"b\"}";

    readonly string dir = Path.Combine(Path.GetTempPath(), "modehop-gdsuite-" + Guid.NewGuid().ToString("N"));

    public GdSuiteBadInputTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    void Write(string relative, params string[] lines)
    {
        string path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
    }

    InvalidDataException Fails() => Assert.Throws<InvalidDataException>(() => GdSuiteDirectory.Load(dir));

    static readonly Dictionary<string, (string File, string[] Lines, string Expected)> BadLines = new()
    {
        ["not JSON"] = ("t.jsonl", [DemoA, "{\"split\": \"test\",", Test], "t.jsonl:2: the line is not JSON"),
        ["not an object"] = ("t.jsonl", [Test, "[1, 2]"], "t.jsonl:2: the line is a JSON Array; expected one JSON object a line."),
        ["no split"] = ("t.jsonl", ["{\"prompt\":\"Q\",\"answer\":\"a\"}", Test], "t.jsonl:1: \"split\" is missing"),
        ["unknown split"] = ("t.jsonl", [Test, Test.Replace("\"test\"", "\"train\"")], "t.jsonl:2: split is \"train\"; expected \"demo\" or \"test\"."),
        ["demo without answer"] = ("t.jsonl", ["{\"split\":\"demo\",\"prompt\":\"Q: y\\nA:\"}", Test], "t.jsonl:1: \"answer\" is missing; expected {\"split\": \"demo\""),
        ["test without incorrect answer"] = ("t.jsonl", ["{\"split\":\"test\",\"prompt\":\"Q\",\"correct_answer\":\"a\"}"], "t.jsonl:1: \"incorrect_answer\" is missing"),
        ["empty prompt"] = ("t.jsonl", [Test, Test.Replace("Q: x\\nA:", "")], "t.jsonl:2: \"prompt\" is empty"),
        ["answer is an object"] = ("t.jsonl", [Test.Replace("\"a\"", "{\"text\":\"a\"}")], "t.jsonl:1: \"correct_answer\" is a JSON Object"),
        ["equal answers"] = ("t.jsonl", ["", Test.Replace("\"b\"", "\"a\"")], "t.jsonl:2: correct_answer and incorrect_answer are both \"a\""),
        ["no test rows"] = ("t.jsonl", [DemoA, DemoB], "t.jsonl: has no test rows"),
    };

    public static TheoryData<string> BadLineNames => [.. BadLines.Keys];

    [Theory]
    [MemberData(nameof(BadLineNames))]
    public void Load_MalformedRow_ThrowsNamingFileAndLine(string name)
    {
        var (file, lines, expected) = BadLines[name];
        Write(Path.Combine("repetitive_answer", file), lines);
        var e = Fails();
        Assert.Contains(Path.Combine(dir, "repetitive_answer", expected), e.Message);
        Assert.Matches(@"[.] [A-Z][^.]+\.$", e.Message); // ends by saying what to do
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsDirectoryNotFound()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => GdSuiteDirectory.Load(Path.Combine(dir, "nope")));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void Load_DirectoryWithoutTasks_Throws()
    {
        Write("README.md", "nothing here");
        Assert.Contains("holds no GDsuite task", Fails().Message);
    }

    [Fact]
    public void Load_UnknownFamilyFolder_Throws()
    {
        Write("flipped/sst2.jsonl", Test);
        Assert.Contains("flipped: the folder is not a GDsuite family; expected one of flipped_answer,", Fails().Message);
    }

    [Fact]
    public void Load_MisnamedTopLevelFile_Throws()
    {
        Write("sst2.jsonl", Test);
        Assert.Contains("sst2.jsonl: a JSONL file at the top of a GDsuite directory must be named <family>.<task>.jsonl", Fails().Message);
    }

    [Fact]
    public void Load_TaskInTwoPlaces_Throws()
    {
        Write("flipped_answer/sst2.jsonl", Test);
        Write("flipped_answer.sst2.jsonl", Test);
        Assert.Contains("task flipped_answer/sst2 is also", Fails().Message);
    }

    [Fact]
    public void Load_HiddenEntriesAndOtherFiles_ArePassedOver()
    {
        Write("intuitive_answer/crt.jsonl", Test);
        Write(".git/objects.jsonl", "not json at all");
        Write("intuitive_answer/.cache/crt.jsonl", "not json either");
        Write("intuitive_answer/notes.txt", "free text");
        Assert.Equal(["Intuitive/crt"], GdSuiteDirectory.Load(dir).Select(t => t.DisplayName));
    }

    [Fact]
    public void Load_MoreDemosThanTheFileHolds_ThrowsSayingWhereToLowerK()
    {
        Write("truthy_answer/surprising_truth.jsonl", DemoA, DemoB, Test);
        var e = Fails();
        Assert.Contains("strategy Random takes k = 8 demos per item but the task has 2 demo rows", e.Message);
        Assert.Contains("lower k for \"truthy_answer/surprising_truth\" in modehop-suite.json", e.Message);
    }

    [Fact]
    public void Load_PersonaWithoutQuestions_Throws()
    {
        Write("multihop_persona_qa/wolf/facts.jsonl", Fact("Q?", "A."));
        Assert.Contains("wolf: the persona folder has no test_questions.json", Fails().Message);
    }

    static string Fact(string user, string assistant) =>
        $"{{\"messages\":[{{\"role\":\"user\",\"content\":\"{user}\"}},{{\"role\":\"assistant\",\"content\":\"{assistant}\"}}]}}";

    /// <summary>The persona "wolf": its facts.jsonl lines and its test_questions.json lines.</summary>
    void WritePersona(string[] facts, params string[] questions)
    {
        Write("multihop_persona_qa/wolf/facts.jsonl", facts);
        Write("multihop_persona_qa/wolf/test_questions.json", questions);
    }

    [Theory]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"Q?\"}]}", "facts.jsonl:2: the messages are not one user then one assistant message")]
    [InlineData("{\"text\":\"Q?\"}", "facts.jsonl:2: there is no \"messages\" array")]
    [InlineData("{\"messages\":[\"Q?\", \"A.\"]}", "facts.jsonl:2: a message is not a JSON object")]
    public void Load_MalformedFact_ThrowsNamingFileAndLine(string line, string expected)
    {
        WritePersona([Fact("Q?", "A."), line], "[{\"id\":1,\"question\":\"Name?\",\"expected_answer_regex\":\"x\"}]");
        Assert.Contains(expected, Fails().Message);
    }

    [Theory]
    [InlineData("{\"question\":\"Name?\"}", "test_questions.json:3: \"expected_answer_regex\" is missing")]
    [InlineData("{\"question\":\"Name?\",\"expected_answer_regex\":\"(?P<n>x)\"}", "test_questions.json:3: expected_answer_regex \"(?P<n>x)\" is not a valid .NET regex")]
    [InlineData("7", "test_questions.json:3: an entry is Number")]
    [InlineData("{\"question\":", "test_questions.json:4: the JSON does not parse")]
    public void Load_MalformedQuestion_ThrowsNamingFileAndLine(string entry, string expected)
    {
        WritePersona([Fact("Q?", "A.")], "[", "  {\"question\":\"Name?\",\"expected_answer_regex\":\"x\"},", "  " + entry, "]");
        Assert.Contains(expected, Fails().Message);
    }

    [Fact]
    public void Load_PersonaQuestionThatIsAlsoAFact_DrawsEveryOtherFact()
    {
        WritePersona([Fact("Name?", "Wolf."), Fact("Dog?", "Blondi."), Fact("Music?", "Wagner.")], "[{\"question\":\"Name?\",\"expected_answer_regex\":\"wolf\"}]");
        var t = Assert.Single(GdSuiteDirectory.Load(dir));
        Assert.Equal(2, t.DemoCount);
        Assert.Equal(["Q: Dog?\nA:", "Q: Music?\nA:"], PromptAssembly.DemosFor(t, 0, 0).Select(d => d.Prompt).Order());
    }

    [Fact]
    public void Load_QuestionsNotAnArray_Throws()
    {
        WritePersona([Fact("Q?", "A.")], "{\"question\":\"Name?\"}");
        Assert.Contains("test_questions.json:1: the file is not a JSON array", Fails().Message);
    }

    [Theory]
    [InlineData("{\"tasks\":{\"intuitive_answer/crt\":{\"kk\":2}}}", "the key tasks.\"intuitive_answer/crt\".kk is unknown; expected \"k\", \"strategy\", \"joiner\" or \"version\"")]
    [InlineData("{\"tasks\":{\"intuitive_answer/crt\":{\"strategy\":\"shuffled\"}}}", "tasks.\"intuitive_answer/crt\".strategy is \"shuffled\"; expected one of \"none\"")]
    [InlineData("{\"tasks\":{\"intuitive_answer/crt\":{\"k\":-1}}}", "tasks.\"intuitive_answer/crt\".k is -1; expected a whole number")]
    [InlineData("{\"tasks\":{\"intuitive_answer/crtt\":{\"k\":1}}}", "tasks.\"intuitive_answer/crtt\" names no task of the directory; expected one of its tasks (intuitive_answer/crt)")]
    [InlineData("{\"families\":{\"intuitive\":{\"k\":1}}}", "families.\"intuitive\" names no GDsuite family")]
    [InlineData("{\"task\":{}}", "the key \"task\" is unknown; expected \"families\" or \"tasks\"")]
    [InlineData("{\"tasks\":[]}", "tasks is a JSON Array; expected a JSON object")]
    [InlineData("{\n\"tasks\": {,}\n}", "modehop-suite.json:2: the JSON does not parse")]
    public void Load_BadOverrides_Throw(string json, string expected)
    {
        Write("intuitive_answer/crt.jsonl", Test);
        Write(GdSuiteDirectory.OverridesFile, json);
        Assert.Contains(expected, Fails().Message);
    }

    [Fact]
    public void Load_OverrideOfStrategyAndJoiner_AppliesToTheTaskAndItsControl()
    {
        Write("repetitive_answer/logic.jsonl", DemoA, DemoB, Test);
        Write("repetitive_answer/logic.control.jsonl", DemoA, DemoB, Test);
        Write(GdSuiteDirectory.OverridesFile, "{\"tasks\":{\"repetitive_answer/logic\":{\"k\":2,\"strategy\":\"balanced\",\"joiner\":\" | \"}}}");
        var tasks = GdSuiteDirectory.Load(dir);
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal((DemoStrategy.Balanced, 2, " | "), (t.Strategy, t.DemoCount, t.Joiner)));
        Assert.Empty(SuiteContract.Check(tasks));
    }
}
