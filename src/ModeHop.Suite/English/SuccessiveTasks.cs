namespace ModeHop.Suite.English;

/// <summary>
/// Successive: an item's k demos are answered with the first k elements of a sequence (1, 2, 3, …; one, two, three, …;
/// a, b, c, …; 2, 4, 6, …), in order; the item's computed answer G is not element k + 1. General = G, parrot =
/// element k + 1. Control: the same items and demos, but seeds shuffle the demos, so no successor run leads to the
/// item (strategy Random instead of Ordered). Tasks and k as in the seed work: number_words (10), letters (10),
/// arithmetic (32), even (32).
/// </summary>
internal static class SuccessiveTasks
{
    const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    public static IEnumerable<TaskDefinition> All()
    {
        var letters = new LetterQuestions();
        return
        [
            .. Pair("number_words", 10, j => j, 0, NumberWords.Max, NumberWords.Of, InWords),
            .. Pair("letters", 10, j => j - 1, 0, Alphabet.Length - 1, i => Alphabet[i].ToString(), letters.Question),
            .. Pair("arithmetic", 32, j => j, 1, 99, Generation.Digits, Sum),
            .. Pair("even", 32, j => 2 * j, 1, 49, Generation.Digits, Sum, general => 2 * general),
        ];
    }

    /// <summary>
    /// The task and its control over the same items. Demo j (1 … k) answers <paramref name="sequence"/>(j); the parrot
    /// answer is <paramref name="sequence"/>(k + 1); G is drawn uniformly from [low, high] (through
    /// <paramref name="scale"/>, for even), never the parrot.
    /// </summary>
    static TaskDefinition[] Pair(string name, int k, Func<int, int> sequence, int low, int high, Func<int, string> text,
        Generation.Question question, Func<int, int>? scale = null)
    {
        var rng = Generation.Rng(Families.Successive, name, control: false);
        int next = sequence(k + 1);
        var items = Generation.Distinct(EnglishSuite.GeneratedItems, rng, r =>
        {
            int general;
            do general = (scale ?? (g => g))(r.Between(low, high)); while (general == next);
            string prompt = question(r, general);
            var demos = Generation.Demos(r, question, text, prompt, Enumerable.Range(1, k).Select(sequence));
            return new TestItem(prompt, text(general), text(next), demos);
        }, $"{Families.Successive}/{name}");
        return
        [
            new TaskDefinition(Families.Successive, name, false, EnglishSuite.Version, items, [], DemoStrategy.Ordered, 0, "\n"),
            new TaskDefinition(Families.Successive, name, true, EnglishSuite.Version, items, [], DemoStrategy.Random, 0, "\n"),
        ];
    }

    /// <summary>"Q: a + b = ?" or "Q: a - b = ?" equal to <paramref name="answer"/>, operands 0 … 99 + answer.</summary>
    static string Sum(SplitMix64 rng, int answer)
    {
        if (rng.NextInt(2) == 0)
        {
            int a = rng.Between(0, answer);
            return $"Q: {a} + {answer - a} = ?\nA:";
        }
        int b = rng.Between(1, 99);
        return $"Q: {answer + b} - {b} = ?\nA:";
    }

    /// <summary>"What is three plus four?", in words, equal to <paramref name="answer"/> (0 … 20).</summary>
    static string InWords(SplitMix64 rng, int answer)
    {
        int form = rng.NextInt(3);
        var factors = Enumerable.Range(2, 4).Where(f => answer % f == 0 && answer / f is >= 2 and <= 10).ToArray();
        if (form == 2 && factors.Length > 0)
        {
            int f = rng.Pick(factors);
            return $"Q: What is {NumberWords.Of(answer / f)} times {NumberWords.Of(f)}?\nA:";
        }
        int room = NumberWords.Max - answer; // the largest b with answer + b still a number word
        if ((form == 1 || answer == 0) && room > 0)
        {
            int b = rng.Between(1, Math.Min(9, room));
            return $"Q: What is {NumberWords.Of(answer + b)} minus {NumberWords.Of(b)}?\nA:";
        }
        int a = rng.Between(0, answer);
        return $"Q: What is {NumberWords.Of(a)} plus {NumberWords.Of(answer - a)}?\nA:";
    }

    /// <summary>Questions answered by one letter: a word's first or last letter, the letter after or before another.</summary>
    sealed class LetterQuestions
    {
        readonly string[] words = EnglishBanks.Read("words.tsv", 1).Select(r => r[0]).ToArray();

        public string Question(SplitMix64 rng, int letterIndex)
        {
            char letter = Alphabet[letterIndex];
            var forms = new List<Func<string>>();
            var starting = words.Where(w => w[0] == letter).ToArray();
            var ending = words.Where(w => w[^1] == letter).ToArray();
            if (starting.Length > 0) forms.Add(() => $"Q: What is the first letter of the word \"{rng.Pick(starting)}\"?\nA:");
            if (ending.Length > 0) forms.Add(() => $"Q: What is the last letter of the word \"{rng.Pick(ending)}\"?\nA:");
            if (letterIndex > 0) forms.Add(() => $"Q: Which letter comes right after \"{Alphabet[letterIndex - 1]}\" in the alphabet?\nA:");
            if (letterIndex < Alphabet.Length - 1) forms.Add(() => $"Q: Which letter comes right before \"{Alphabet[letterIndex + 1]}\" in the alphabet?\nA:");
            return rng.Pick(forms)();
        }
    }
}
