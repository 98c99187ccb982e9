using System.Globalization;
using System.Text.RegularExpressions;
using ModeHop.Suite;
using ModeHop.Suite.English;
using static ModeHop.Tests.Suite.English.EnglishSuiteTests;

namespace ModeHop.Tests.Suite.English;

/// <summary>The generated families' answers, recomputed from their prompts, and the shape of their demos.</summary>
public class GeneratedAnswerTests
{
    static readonly Regex Equation = new(@"Solve for x: (?:(?<a>\d+)x|x|(?<lead>\d+) \+ x)(?: (?<op>[+-]) (?<b>\d+))? = (?<c>-?\d+)\.", RegexOptions.CultureInvariant);
    static readonly Regex LetterCount = new("the letter \"(?<l>[a-z])\" appear in the word \"(?<w>[a-z]+)\"", RegexOptions.CultureInvariant);
    static readonly Regex Sum = new(@"^Q: (?<a>\d+) (?<op>[+-]) (?<b>\d+) = \?", RegexOptions.CultureInvariant);
    static readonly Regex InWords = new(@"What is (?<a>[a-z]+) (?<op>plus|minus|times) (?<b>[a-z]+)\?", RegexOptions.CultureInvariant);
    static readonly Regex Letter = new("(?:(?<first>first)|last) letter of the word \"(?<w>[a-z]+)\"|comes right (?<dir>after|before) \"(?<l>[a-z])\"", RegexOptions.CultureInvariant);

    static int N(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    static string SolveAlgebra(string prompt)
    {
        var m = Equation.Match(prompt);
        Assert.True(m.Success, prompt);
        int a = m.Groups["a"].Success ? N(m, "a") : 1, c = N(m, "c");
        int b = m.Groups["lead"].Success ? N(m, "lead") : m.Groups["b"].Success ? N(m, "b") * (m.Groups["op"].Value == "-" ? -1 : 1) : 0;
        Assert.Equal(0, (c - b) % a);
        return ((c - b) / a).ToString(CultureInfo.InvariantCulture);
    }

    static string CountLetters(string prompt)
    {
        var m = LetterCount.Match(prompt);
        Assert.True(m.Success, prompt);
        return m.Groups["w"].Value.Count(ch => ch == m.Groups["l"].Value[0]).ToString(CultureInfo.InvariantCulture);
    }

    static string Arithmetic(string prompt)
    {
        var m = Sum.Match(prompt);
        Assert.True(m.Success, prompt);
        return (m.Groups["op"].Value == "+" ? N(m, "a") + N(m, "b") : N(m, "a") - N(m, "b")).ToString(CultureInfo.InvariantCulture);
    }

    static string NumberWordsAnswer(string prompt)
    {
        var m = InWords.Match(prompt);
        Assert.True(m.Success, prompt);
        var value = Enumerable.Range(0, NumberWords.Max + 1).ToDictionary(NumberWords.Of);
        int a = value[m.Groups["a"].Value], b = value[m.Groups["b"].Value];
        return NumberWords.Of(m.Groups["op"].Value switch { "plus" => a + b, "minus" => a - b, _ => a * b });
    }

    static string LetterAnswer(string prompt)
    {
        var m = Letter.Match(prompt);
        Assert.True(m.Success, prompt);
        if (m.Groups["w"].Success) return (m.Groups["first"].Success ? m.Groups["w"].Value[0] : m.Groups["w"].Value[^1]).ToString();
        return ((char)(m.Groups["l"].Value[0] + (m.Groups["dir"].Value == "after" ? 1 : -1))).ToString();
    }

    public static TheoryData<string, string> Computed => new()
    {
        { Families.Repetitive, "algebra" },
        { Families.Repetitive, "letter_counting" },
        { Families.Successive, "number_words" },
        { Families.Successive, "letters" },
        { Families.Successive, "arithmetic" },
        { Families.Successive, "even" },
    };

    static Func<string, string> Solver(string name) => name switch
    {
        "algebra" => SolveAlgebra,
        "letter_counting" => CountLetters,
        "number_words" => NumberWordsAnswer,
        "letters" => LetterAnswer,
        _ => Arithmetic,
    };

    [Theory]
    [MemberData(nameof(Computed))]
    public void Task_ItemsAndDemos_AnswerWhatTheirPromptsCompute(string family, string name)
    {
        var solve = Solver(name);
        foreach (bool control in new[] { false, true })
            foreach (var item in Task(family, name, control).Items)
            {
                Assert.Equal(solve(item.Prompt), item.General);
                Assert.All(item.Demos!, d => Assert.Equal(solve(d.Prompt), d.Answer));
            }
    }

    [Theory]
    [InlineData("algebra", 4)]
    [InlineData("code_tracing", 8)]
    [InlineData("letter_counting", 4)]
    public void Repetitive_TestDemosRepeatTheParrot_ControlDemosVaryAndAvoidBothAnswers(string name, int k)
    {
        var test = Task(Families.Repetitive, name);
        var control = Task(Families.Repetitive, name, control: true);
        Assert.Equal(test.Items.Select(i => (i.Prompt, i.General, i.Parrot)), control.Items.Select(i => (i.Prompt, i.General, i.Parrot)));
        Assert.All(test.Items, i => Assert.Equal(Enumerable.Repeat(i.Parrot, k), i.Demos!.Select(d => d.Answer)));
        Assert.All(control.Items, i =>
        {
            Assert.Equal(k, i.Demos!.Count);
            Assert.True(i.Demos.Select(d => d.Answer).Distinct().Count() >= 2);
            Assert.DoesNotContain(i.Demos, d => d.Answer == i.General || d.Answer == i.Parrot);
        });
        Assert.True(test.Items.Select(i => i.Parrot).Distinct().Count() > 1, "the repeated answer varies across items");
    }

    public static TheoryData<string, int, string> Sequences => new()
    {
        { "number_words", 10, "one two three four five six seven eight nine ten eleven" },
        { "letters", 10, "a b c d e f g h i j k" },
        { "arithmetic", 32, string.Join(' ', Enumerable.Range(1, 33)) },
        { "even", 32, string.Join(' ', Enumerable.Range(1, 33).Select(j => 2 * j)) },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Successive_DemosRunTheSequenceInOrder_ParrotIsItsNextElement(string name, int k, string sequence)
    {
        var elements = sequence.Split(' ');
        var test = Task(Families.Successive, name);
        var control = Task(Families.Successive, name, control: true);
        Assert.Equal(DemoStrategy.Ordered, test.Strategy);
        Assert.Equal(DemoStrategy.Random, control.Strategy);
        Assert.Same(test.Items, control.Items);
        Assert.All(test.Items, i =>
        {
            Assert.Equal(elements[..k], i.Demos!.Select(d => d.Answer));
            Assert.Equal(elements[k], i.Parrot);
        });
        // The control's seeds shuffle the demos: no seed leaves an item's demos in sequence order.
        for (int seed = 0; seed < 4; seed++)
            Assert.NotEqual(elements[..k], PromptAssembly.DemosFor(control, 0, seed).Select(d => d.Answer));
    }

    [Theory]
    [InlineData("surprising_truth", "True", 8, 6)]
    [InlineData("common_misconception", "False", 16, 12)]
    public void Truthy_MajorityDemoLabelIsTheParrot_ControlIsBalanced(string name, string truth, int k, int majority)
    {
        var test = Task(Families.Truthy, name);
        Assert.All(test.Items, i =>
        {
            Assert.Equal(truth, i.General);
            Assert.Equal(k, i.Demos!.Count);
            Assert.Equal(majority, i.Demos.Count(d => d.Answer == i.Parrot));
        });
        var control = Task(Families.Truthy, name, control: true);
        Assert.Equal((DemoStrategy.Balanced, k), (control.Strategy, control.DemoCount));
        for (int i = 0; i < control.Items.Count; i += 7)
            Assert.Equal(k / 2, PromptAssembly.DemosFor(control, i, 1).Count(d => d.Answer == "True"));
        // Test claims never appear among the uncontroversial ones.
        Assert.Empty(test.Items.Select(i => i.Prompt).Intersect(control.DemoPool.Select(d => d.Prompt)));
    }

    [Theory]
    [InlineData("sentiment", "positive", "negative")]
    [InlineData("topic", "sports", "science")]
    public void Flipped_DemosTeachTheFlippedLabel_ControlTheTrueOne(string name, string first, string second)
    {
        var test = Task(Families.Flipped, name);
        var control = Task(Families.Flipped, name, control: true);
        string Flip(string label) => label == first ? second : first;
        Assert.All(test.Items, i => Assert.Equal(Flip(i.Parrot), i.General));
        Assert.All(test.DemoPool, d => Assert.Equal(Flip(d.Label!), d.Answer));
        Assert.All(control.DemoPool, d => Assert.Equal(d.Label, d.Answer));
        Assert.Equal(test.Items.Select(i => (i.Prompt, i.Parrot)), control.Items.Select(i => (i.Prompt, i.General)));
        Assert.Equal([first, second, first, second], test.Items.Take(4).Select(i => i.Parrot));
        var demos = PromptAssembly.DemosFor(test, 5, 2);
        Assert.Equal(8, demos.Count(d => d.Label == first));
        Assert.Equal(8, demos.Count(d => d.Label == second));
        Assert.DoesNotContain(demos, d => d.Prompt == test.Items[5].Prompt);
    }
}
