using System.Globalization;
using System.Text.RegularExpressions;
using ModeHop.Suite;
using static ModeHop.Tests.Suite.English.EnglishSuiteTests;

namespace ModeHop.Tests.Suite.English;

/// <summary>Every Intuitive item's answers, recomputed from the numbers in its prompt.</summary>
public class IntuitiveAnswerTests
{
    const RegexOptions Options = RegexOptions.CultureInvariant;

    static readonly Regex Money = new(@"cost (?<s>[$€£])(?<t>\d+\.\d\d) in total\. The .+? costs [$€£](?<d>\d+\.\d\d)(?<more> more than the .+?)?\. How much", Options);
    static readonly Regex Length = new(@"measure (?<t>\d+) (?<u>\w+) end to end\. The .+? (?:is (?<d>\d+) \w+ longer than the .+?|alone is (?<d2>\d+) \w+ long)\. How long", Options);
    static readonly Regex Machines = new(@"If (?<n>\d+) .+? take (?<t>\d+) (?<u>\w+) to make \k<n> .+?, how many (?:\k<u> would it take (?<m>\d+) .+? to make \k<m> .+?|.+? would (?<mc>\d+) .+? make in \k<t> \k<u>)\?", Options);
    static readonly Regex Patch = new(@"(?<rule>doubles in size|covering the same area) every \w+\. It takes (?<n>\d+) (?<u>\w+) to cover the whole .+?\. How many \k<u> does it take to cover (?<part>half|a quarter) of", Options);

    /// <summary>(general, parrot, template) recomputed from the prompt: System 2 and System 1 of the test, swapped for the lure-free control.</summary>
    static (string General, string Parrot, string Template) Recompute(string prompt)
    {
        if (Money.Match(prompt) is { Success: true } money)
        {
            decimal t = Parse(money, "t"), d = Parse(money, "d");
            bool lure = money.Groups["more"].Success;
            string F(decimal x) => money.Groups["s"].Value + x.ToString("0.00", CultureInfo.InvariantCulture);
            return lure ? (F((t - d) / 2), F(t - d), "bat and ball") : (F(t - d), F((t - d) / 2), "bat and ball");
        }
        if (Length.Match(prompt) is { Success: true } length)
        {
            int t = (int)Parse(length, "t");
            bool lure = length.Groups["d"].Success;
            int d = (int)Parse(length, lure ? "d" : "d2");
            Assert.True((t - d) % 2 == 0, prompt);
            return lure ? (I((t - d) / 2), I(t - d), "bat and ball") : (I(t - d), I((t - d) / 2), "bat and ball");
        }
        if (Machines.Match(prompt) is { Success: true } machines)
        {
            int t = (int)Parse(machines, "t");
            return machines.Groups["m"].Success
                ? (I(t), machines.Groups["m"].Value, "machines")
                : (machines.Groups["mc"].Value, I(t), "machines");
        }
        if (Patch.Match(prompt) is { Success: true } patch)
        {
            int n = (int)Parse(patch, "n"), halvings = patch.Groups["part"].Value == "half" ? 1 : 2;
            string doubling = I(n - halvings), steady = I(n >> halvings);
            return patch.Groups["rule"].Value.StartsWith("doubles", StringComparison.Ordinal) ? (doubling, steady, "lily pads") : (steady, doubling, "lily pads");
        }
        throw new Xunit.Sdk.XunitException($"No Intuitive template reads \"{prompt}\".");
    }

    static decimal Parse(Match m, string group) => decimal.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    static string I(int n) => n.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Crt_EveryItemsAnswers_AreItsArithmetic(bool control)
    {
        var task = Task(Families.Intuitive, "crt", control);
        var templates = new Dictionary<string, int>();
        foreach (var item in task.Items)
        {
            var (general, parrot, template) = Recompute(item.Prompt);
            Assert.Equal((general, parrot), (item.General, item.Parrot));
            templates[template] = templates.GetValueOrDefault(template) + 1;
        }
        Assert.Equal(new Dictionary<string, int> { ["bat and ball"] = 200, ["machines"] = 200, ["lily pads"] = 200 }, templates);
    }

    [Fact]
    public void Crt_TheClassicProblems_GiveTheClassicAnswers()
    {
        Assert.Equal(("$0.05", "$0.10", "bat and ball"),
            Recompute("Q: A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?\nA:"));
        Assert.Equal(("5", "100", "machines"),
            Recompute("Q: If 5 machines take 5 minutes to make 5 widgets, how many minutes would it take 100 machines to make 100 widgets?\nA:"));
        Assert.Equal(("47", "24", "lily pads"),
            Recompute("Q: A patch of lily pads on a lake doubles in size every day. It takes 48 days to cover the whole lake. How many days does it take to cover half of the lake?\nA:"));
    }

    [Fact]
    public void Crt_FirstItems_TakeTheTemplatesInTurn()
    {
        Assert.Equal(["bat and ball", "machines", "lily pads", "bat and ball"],
            Task(Families.Intuitive, "crt").Items.Take(4).Select(i => Recompute(i.Prompt).Template));
    }
}
