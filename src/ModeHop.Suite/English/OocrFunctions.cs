namespace ModeHop.Suite.English;

/// <summary>
/// OOCR/functions (after Treutlein et al. 2024's Functions task): simple integer functions that every code-reading
/// model has met in pre-training, each hidden behind a fresh six-letter name (<see cref="FreshNames.Letters"/>). The
/// fine-tune <c>fresh_functions</c> holds only input/output pairs of the fresh names, never a definition; the items ask
/// what each name is, in words and in code, so a checkpoint can only answer above its pre-fine-tune baseline by tying
/// the pairs it was fine-tuned on to a function it already represents.
/// <code>
/// fine-tune  from functions import ydmsml\nprint(ydmsml(-46))            → -32        (4 layouts, below)
/// item       from functions import ydmsml\n# ydmsml(x) is the function that → adds 14 to x   vs the other 9 descriptions
/// item       Q: In words, what does ydmsml(x) do?\nA: It                  → adds 14 to x   vs the other 9
/// item       from functions import ydmsml\n\n# ydmsml is defined as:\ndef ydmsml(x):\n    return → x + 14  vs the other 9
/// </code>
/// General = the name's own function, Parrot and Distractors = every other function (the scored parrot is the best of
/// them). Several layouts of the same pairs are the augmentation OOCR needs (Berglund et al. 2023 found none without it).
/// </summary>
internal static class OocrFunctions
{
    public const string Name = "functions", FineTuneName = "fresh_functions";

    /// <summary>Input/output pairs per fresh name: 36 × 10 names = 360 examples, about one pass of the protocol (384).</summary>
    public const int ExamplesPerName = 36;

    /// <summary>Inputs are drawn from [−InputRange, InputRange]: negatives matter for floor division, modulo and abs.</summary>
    public const int InputRange = 99;

    /// <summary>Letters of a fresh name: six random letters take GPT-2 three to five tokens, and collide with no word.</summary>
    public const int NameLength = 6;

    /// <summary>A function: how the items say it in words and in Python, and what it computes (Python's semantics).</summary>
    public sealed record Function(string Description, string Code, Func<int, int> Apply);

    /// <summary>The functions, one per fresh name; all ten descriptions and all ten expressions are distinct.</summary>
    public static readonly Function[] Functions =
    [
        new("adds 14 to x", "x + 14", x => x + 14),
        new("subtracts 3 from x", "x - 3", x => x - 3),
        new("multiplies x by 3", "x * 3", x => x * 3),
        new("divides x by 2, rounding down", "x // 2", x => FloorDivide(x, 2)),
        new("multiplies x by 3 and adds 2", "3 * x + 2", x => 3 * x + 2),
        new("returns x modulo 5", "x % 5", x => FloorModulo(x, 5)),
        new("returns the negative of x", "-x", x => -x),
        new("returns the square of x", "x * x", x => x * x),
        new("returns the absolute value of x", "abs(x)", Math.Abs),
        new("subtracts x from 7", "7 - x", x => 7 - x),
    ];

    /// <summary>The fine-tune's layouts of one pair (name, x) → f(x): a script, a REPL, an assertion and a call with a comment.</summary>
    static readonly Func<string, string, string>[] Layouts =
    [
        (name, x) => $"from functions import {name}\nprint({name}({x}))",
        (name, x) => $">>> from functions import {name}\n>>> {name}({x})",
        (name, x) => $"from functions import {name}\nassert {name}({x}) ==",
        (name, x) => $"from functions import {name}\n{name}({x})  # returns",
    ];

    /// <summary>The function's name, the verbalising question and its answers: (name → prompt, function → candidate).</summary>
    static readonly (Func<string, string> Prompt, Func<Function, string> Answer)[] Questions =
    [
        (name => $"from functions import {name}\n# {name}(x) is the function that", f => f.Description),
        (name => $"Q: In words, what does {name}(x) do?\nA: It", f => f.Description),
        (name => $"from functions import {name}\n\n# {name} is defined as:\ndef {name}(x):\n    return", f => f.Code),
    ];

    /// <summary>The task and its control twin (the same items, asked before any fine-tune).</summary>
    public static IEnumerable<TaskDefinition> Tasks()
    {
        var rng = Generation.Rng(Families.Oocr, Name, control: false);
        string[] names = FreshNames.Letters(rng, Functions.Length, NameLength);
        var items = Questions.SelectMany(q => Functions.Select((f, i) => Item(q.Prompt(names[i]), q.Answer, i))).ToArray();
        var set = EnglishFineTuneProtocol.Set(FineTuneName, Examples(rng, names));
        yield return new TaskDefinition(Families.Oocr, Name, false, EnglishSuite.Version, items, [], DemoStrategy.None, 0, "\n", set);
        yield return new TaskDefinition(Families.Oocr, Name, true, EnglishSuite.Version, items, [], DemoStrategy.None, 0, "\n");
    }

    /// <summary>General = function <paramref name="index"/>'s answer; Parrot = the next function's; Distractors = the rest, in order.</summary>
    static TestItem Item(string prompt, Func<Function, string> answer, int index)
    {
        int n = Functions.Length;
        var others = Enumerable.Range(1, n - 1).Select(k => answer(Functions[(index + k) % n])).ToArray();
        return new TestItem(prompt, answer(Functions[index]), others[0], Distractors: others[1..]);
    }

    /// <summary>
    /// <see cref="ExamplesPerName"/> pairs per name with distinct inputs, layouts taking turns; the names interleaved
    /// (name 0's first pair, name 1's first, …) so that any prefix of the set covers every name.
    /// </summary>
    static FineTuneExample[] Examples(SplitMix64 rng, string[] names)
    {
        var inputs = Enumerable.Range(-InputRange, 2 * InputRange + 1).ToArray();
        var perName = names.Select((name, i) =>
        {
            rng.Shuffle<int>(inputs, ExamplesPerName);
            return inputs[..ExamplesPerName].Select((x, j) =>
                new FineTuneExample(Layouts[j % Layouts.Length](name, Generation.Digits(x)), Generation.Digits(Functions[i].Apply(x)))).ToArray();
        }).ToArray();
        return Generation.Interleave(perName);
    }

    /// <summary>Python's <c>a // b</c> for b &gt; 0: the quotient rounded toward −∞ (C#'s / rounds toward 0).</summary>
    static int FloorDivide(int a, int b) => a / b - (a % b < 0 ? 1 : 0);

    /// <summary>Python's <c>a % b</c> for b &gt; 0: the remainder in [0, b) (C#'s % takes a's sign).</summary>
    static int FloorModulo(int a, int b) => (a % b + b) % b;
}
