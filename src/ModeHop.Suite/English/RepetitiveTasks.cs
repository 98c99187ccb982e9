namespace ModeHop.Suite.English;

/// <summary>
/// Repetitive: every demo of an item has the same answer R, the item's computed answer G differs.
/// General = G, parrot = R. Control: the same items, with demos whose answers are computed correctly, vary, and are
/// never R or G, so copying favours neither. Demos are bound to their item; seeds shuffle them (their order carries
/// nothing). Tasks: algebra (k = 4), code_tracing (k = 8), letter_counting (k = 4), the seed work's k.
/// </summary>
internal static class RepetitiveTasks
{
    public static IEnumerable<TaskDefinition> All()
    {
        var letters = new LetterQuestions();
        return
        [
            .. Pair("algebra", 4, "\n", (2, 60), (2, 60), Algebra),
            .. Pair("code_tracing", 8, "\n\n", (2, 60), (2, 60), CodeTracing.Question),
            .. Pair("letter_counting", 4, "\n", (1, 3), (0, 4), letters.Count),
        ];
    }

    /// <summary>
    /// The task and its control over the same items. R and G are drawn from <paramref name="answers"/>; control demo
    /// answers from <paramref name="demoAnswers"/> without R and G.
    /// </summary>
    static TaskDefinition[] Pair(string name, int k, string joiner, (int Low, int High) answers, (int Low, int High) demoAnswers, Generation.Question question)
    {
        var rng = Generation.Rng(Families.Repetitive, name, control: false);
        var drawn = Generation.Distinct(EnglishSuite.GeneratedItems, rng, r =>
        {
            int repeated = r.Between(answers.Low, answers.High), general;
            do general = r.Between(answers.Low, answers.High); while (general == repeated);
            return (Prompt: question(r, general), General: general, Repeated: repeated);
        }, d => d.Prompt, $"{Families.Repetitive}/{name}");

        var test = drawn.Select(d => Item(d.Prompt, d.General, d.Repeated,
            Generation.Demos(rng, question, Generation.Digits, d.Prompt, Enumerable.Repeat(d.Repeated, k)))).ToArray();
        var controlRng = Generation.Rng(Families.Repetitive, name, control: true);
        var control = drawn.Select(d =>
        {
            var free = Enumerable.Range(demoAnswers.Low, demoAnswers.High - demoAnswers.Low + 1).Where(a => a != d.General && a != d.Repeated).ToArray();
            Generation.Check(free.Length >= 2, $"{name}: control demos need two answers other than R and G");
            controlRng.Shuffle<int>(free);
            var answersOfDemos = Enumerable.Range(0, k).Select(j => free[j % free.Length]);
            return Item(d.Prompt, d.General, d.Repeated, Generation.Demos(controlRng, question, Generation.Digits, d.Prompt, answersOfDemos));
        }).ToArray();
        return
        [
            new TaskDefinition(Families.Repetitive, name, false, EnglishSuite.Version, test, [], DemoStrategy.Random, 0, joiner),
            new TaskDefinition(Families.Repetitive, name, true, EnglishSuite.Version, control, [], DemoStrategy.Random, 0, joiner),
        ];
    }

    static TestItem Item(string prompt, int general, int repeated, Demo[] demos) =>
        new(prompt, Generation.Digits(general), Generation.Digits(repeated), demos);

    /// <summary>A linear equation in x whose solution is <paramref name="x"/>, in one of five forms (a test solves them back).</summary>
    static string Algebra(SplitMix64 rng, int x)
    {
        int a = rng.Between(2, 9), b = rng.Between(1, 40);
        string equation = rng.NextInt(5) switch
        {
            0 => $"x + {b} = {x + b}",
            1 => $"{b} + x = {x + b}",
            2 => $"x - {b} = {x - b}",
            3 => $"{a}x = {a * x}",
            _ => $"{a}x + {b} = {a * x + b}",
        };
        return $"Q: Solve for x: {equation}.\nA:";
    }

    /// <summary>Letter-count questions over the word bank, indexed by count.</summary>
    sealed class LetterQuestions
    {
        readonly string[] words = EnglishBanks.Read("words.tsv", 1).Select(r => r[0]).ToArray();
        readonly Dictionary<int, (string Word, char Letter)[]> byCount;

        public LetterQuestions()
        {
            byCount = words
                .SelectMany(w => "abcdefghijklmnopqrstuvwxyz".Select(l => (Word: w, Letter: l)))
                .GroupBy(p => p.Word.Count(c => c == p.Letter))
                .ToDictionary(g => g.Key, g => g.ToArray());
        }

        public string Count(SplitMix64 rng, int count)
        {
            var (word, letter) = rng.Pick(byCount[count]);
            Generation.Check(word.Count(c => c == letter) == count, $"\"{letter}\" occurs {count} times in \"{word}\"");
            return $"Q: How many times does the letter \"{letter}\" appear in the word \"{word}\"?\nA:";
        }
    }
}
