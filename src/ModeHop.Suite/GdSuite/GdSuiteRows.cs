using System.Text.Json;

namespace ModeHop.Suite.GdSuite;

/// <summary>
/// Reads the rows of the seed work's files, one JSON value at a time, and turns every malformed one into an
/// <see cref="InvalidDataException"/> that names the file and line, what was expected and what to do.
/// </summary>
internal static class GdSuiteRows
{
    public sealed record DemoRow(string Prompt, string Answer, string? Label, string? DemoSet);

    public sealed record TestRow(string Prompt, string Correct, string Incorrect);

    const string DemoShape = "{\"split\": \"demo\", \"prompt\": …, \"answer\": …, \"label\"?: …, \"demo_set\"?: …}";
    const string TestShape = "{\"split\": \"test\", \"prompt\": …, \"correct_answer\": …, \"incorrect_answer\": …, …meta}";

    /// <summary>A task file: JSONL with demo and test rows; blank lines are skipped.</summary>
    public static (List<DemoRow> Demos, List<TestRow> Tests) ReadTaskFile(string path)
    {
        var demos = new List<DemoRow>();
        var tests = new List<TestRow>();
        ForEachLine(path, (row, at) =>
        {
            string split = Text(row, "split", at, $"{DemoShape} or {TestShape}")!;
            switch (split)
            {
                case "demo":
                    demos.Add(new DemoRow(Text(row, "prompt", at, DemoShape)!, Text(row, "answer", at, DemoShape)!,
                        Text(row, "label", at, DemoShape, required: false), Text(row, "demo_set", at, DemoShape, required: false)));
                    break;
                case "test":
                    var test = new TestRow(Text(row, "prompt", at, TestShape)!, Text(row, "correct_answer", at, TestShape)!, Text(row, "incorrect_answer", at, TestShape)!);
                    if (test.Correct == test.Incorrect)
                        throw at.Bad($"correct_answer and incorrect_answer are both \"{test.Correct}\"", "two different answers",
                            "A test row contrasts two answers; fix or drop the row.");
                    tests.Add(test);
                    break;
                default:
                    throw at.Bad($"split is \"{split}\"", "\"demo\" or \"test\"", "Fix the row's split.");
            }
        });
        if (tests.Count == 0)
            throw new InvalidDataException($"{path}: has no test rows; expected at least one {TestShape}. Add test rows or remove the file.");
        return (demos, tests);
    }

    const string FactShape = "{\"messages\": [{\"role\": \"user\", \"content\": …}, {\"role\": \"assistant\", \"content\": …}]}";

    /// <summary>A persona's facts.jsonl (ChatML): each fact becomes the demo <c>"Q: {user}\nA:" + " " + {assistant}</c>.</summary>
    public static List<Demo> ReadFacts(string path)
    {
        var facts = new List<Demo>();
        ForEachLine(path, (row, at) =>
        {
            if (!row.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
                throw at.Bad("there is no \"messages\" array", FactShape, "Write each fact as one user and one assistant message.");
            var all = messages.EnumerateArray().ToArray();
            if (all.Any(m => m.ValueKind != JsonValueKind.Object))
                throw at.Bad("a message is not a JSON object", FactShape, "Write each message as {\"role\": …, \"content\": …}.");
            var turns = all.Where(m => Text(m, "role", at, FactShape) != "system").ToArray();
            if (turns.Length != 2 || Text(turns[0], "role", at, FactShape) != "user" || Text(turns[1], "role", at, FactShape) != "assistant")
                throw at.Bad("the messages are not one user then one assistant message (after any system message)", FactShape, "Write each fact as one question and its answer.");
            facts.Add(new Demo($"Q: {Text(turns[0], "content", at, FactShape)}\nA:", Text(turns[1], "content", at, FactShape)!));
        });
        if (facts.Count == 0)
            throw new InvalidDataException($"{path}: has no facts; expected one {FactShape} a line. Add the persona's facts.");
        return facts;
    }

    const string QuestionShape = "{\"id\": …, \"question\": …, \"category\": …, \"expected_answer_regex\": …}";

    /// <summary>
    /// A persona's test_questions.json, a JSON array: each entry becomes the generative item <c>"Q: {question}\nA:"</c>
    /// whose <see cref="TestItem.GeneralPattern"/> is its expected_answer_regex (also shown as its General answer).
    /// </summary>
    public static List<TestItem> ReadQuestions(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var items = new List<TestItem>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw new At(path, 1).Bad("the file is not a JSON array", $"[{QuestionShape}, …]", "Write the questions as one JSON array.");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var at = new At(path, 1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n'));
                using var entry = JsonDocument.ParseValue(ref reader);
                var e = entry.RootElement;
                if (e.ValueKind != JsonValueKind.Object) throw at.Bad($"an entry is {e.ValueKind}", QuestionShape, "Make every entry an object.");
                string question = Text(e, "question", at, QuestionShape)!, pattern = Text(e, "expected_answer_regex", at, QuestionShape)!;
                try
                {
                    AnswerPattern.Compile(pattern);
                }
                catch (ArgumentException error)
                {
                    throw at.Bad($"expected_answer_regex \"{pattern}\" is not a valid .NET regex ({error.Message})", "a regular expression",
                        "Rewrite it (Python-only syntax such as (?P<name>…) must become (?<name>…)).");
                }
                items.Add(new TestItem($"Q: {question}\nA:", pattern, "", GeneralPattern: pattern));
            }
        }
        catch (JsonException error)
        {
            throw new At(path, 1 + (int)(error.LineNumber ?? 0)).Bad($"the JSON does not parse ({error.Message})", $"[{QuestionShape}, …]", "Fix the JSON.");
        }
        if (items.Count == 0)
            throw new InvalidDataException($"{path}: has no questions; expected a JSON array of {QuestionShape}. Add the persona's questions.");
        return items;
    }

    /// <summary>A place in a file, for messages.</summary>
    public readonly record struct At(string Path, int Line)
    {
        public InvalidDataException Bad(string problem, string expected, string todo) =>
            new($"{Path}:{Line}: {problem}; expected {expected}. {todo}");
    }

    static void ForEachLine(string path, Action<JsonElement, At> read)
    {
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var at = new At(path, number);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException error)
            {
                throw at.Bad($"the line is not JSON ({error.Message})", "one JSON object a line", "Fix the line.");
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw at.Bad($"the line is a JSON {document.RootElement.ValueKind}", "one JSON object a line", "Fix the line.");
                read(document.RootElement, at);
            }
        }
    }

    /// <summary>
    /// A field as the seed work's Python renders it: a string as is (never empty), a number as written, a boolean as
    /// True or False. An absent or null optional field is null.
    /// </summary>
    static string? Text(JsonElement row, string name, At at, string shape, bool required = true)
    {
        if (!row.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return required ? throw at.Bad($"\"{name}\" is missing", shape, $"Add \"{name}\" to the row.") : null;
        return value.ValueKind switch
        {
            JsonValueKind.String when value.GetString()!.Length > 0 => value.GetString(),
            JsonValueKind.String => throw at.Bad($"\"{name}\" is empty", shape, $"Give \"{name}\" a value."),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            _ => throw at.Bad($"\"{name}\" is a JSON {value.ValueKind}", $"a string or a number in {shape}", $"Fix \"{name}\"."),
        };
    }
}
