using System.Text.Json.Nodes;
using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Tests.Cli;

/// <summary>`modehop changepoints` through the real program: the file formats, the defaults, and bad input.</summary>
public class ChangepointsCommandTests
{
    static readonly double[] Series = [1.0, 1.1, 0.9, 1.05, 5.0, 5.2, 4.9, 5.1, 4.95, 0.0, 0.1, -0.05];

    static string Write(string name, string text)
    {
        string path = Path.Combine(CliRunner.TempDir("changepoints"), name);
        File.WriteAllText(path, text);
        return path;
    }

    static string Lines(IEnumerable<double> values) => string.Join("\n", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n";

    static int[] Breakpoints(CliRunner.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonNode.Parse(r.Stdout)!["breakpoints"]!.AsArray().Select(n => (int)n!).ToArray();
    }

    [Theory]
    [InlineData("pelt", "l2")]          // the library's every cost × search pair is tested in Dynamics;
    [InlineData("binseg", "normal")]    // here, that both spellings reach it
    public void Changepoints_OneNumberPerLine_SameAsTheLibrary(string method, string cost)
    {
        string file = Write("series.txt", Lines(Series));
        var search = method == "pelt" ? SearchMethod.Pelt : SearchMethod.BinarySegmentation;
        var kind = cost == "l2" ? CostFunction.L2 : CostFunction.Normal;

        var r = CliRunner.Run("changepoints", "--input", file, "--method", method, "--cost", cost, "--penalty", "1.5", "--json");

        Assert.Equal(ChangePointSearch.Detect(Series, kind, search, new ChangePointSettings(1.5)), Breakpoints(r));
    }

    [Fact]
    public void Changepoints_CsvWithValueColumn_OtherColumnsIgnored()
    {
        string csv = "step,value,tokens\n" + string.Join("\n", Series.Select((v, i) => $"{100 * i},{v.ToString(System.Globalization.CultureInfo.InvariantCulture)},{1000 * i}")) + "\n\n";
        string file = Write("series.csv", csv);

        var r = CliRunner.Run("changepoints", "--input", file, "--method", "pelt", "--cost", "l2", "--penalty", "1.5", "--json");

        Assert.Equal([4, 9, 12], Breakpoints(r));
        Assert.Equal("{\"breakpoints\":[4,9,12]}", r.Stdout.Trim());
    }

    [Fact]
    public void Changepoints_DefaultsAreMinSizeTwoAndJumpOne()
    {
        // with min-size 1 and a small penalty the lone spike at index 1 is a segment of its own; the default 2 forbids it
        double[] spike = [0.0, 9.0, 0.1, -0.1, 0.05, 0.0];
        string file = Write("spike.txt", Lines(spike));
        int[] Run(params string[] extra) => Breakpoints(CliRunner.Run(["changepoints", "--input", file, "--method", "pelt", "--cost", "l2", "--penalty", "1", "--json", .. extra]));

        int[] byDefault = Run();

        Assert.Equal(ChangePointSearch.Detect(spike, CostFunction.L2, SearchMethod.Pelt, new ChangePointSettings(1, MinSize: 2, Jump: 1)), byDefault);
        Assert.Equal(byDefault, Run("--min-size", "2", "--jump", "1"));
        Assert.Equal([1, 2, 6], Run("--min-size", "1"));
        Assert.NotEqual([1, 2, 6], byDefault);
    }

    [Fact]
    public void Changepoints_TextOutput_OneReadableLine()
    {
        string file = Write("series.txt", Lines(Series));

        var r = CliRunner.Run("changepoints", "--input", file, "--method", "binseg", "--cost", "l2", "--penalty", "1.5", "--jump", "2");

        // the regime that starts at 9 is off the grid of 2: the two values 4.95 and 0.0 around it become a segment
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"{file}: 12 values, 4 segments (binseg, l2 cost, penalty 1.5, min-size 2, jump 2); breakpoints 4, 8, 10, 12", r.Stdout.Trim());
    }

    [Fact]
    public void Changepoints_Help_SaysTheDefaults()
    {
        var r = CliRunner.Run("changepoints", "--help");

        Assert.Contains("(default 2;", r.Stdout);
        Assert.Contains("(default 1:", r.Stdout);
    }

    public static TheoryData<string, string, string[], string> BadInput() => new()
    {
        { "missing.txt", "", [], "missing.txt: no such file" },
        { "words.txt", "1.0\n2.0\nabc\n4\n", [], "words.txt:3: 'abc' is not a finite number" },
        { "nan.txt", "1.0\nNaN\n", [], "nan.txt:2: 'NaN' is not a finite number" },
        { "header.csv", "step,loss\n1,2\n", [], "header.csv:1: the header 'step,loss' has no 'value' column" },
        { "short-row.csv", "step,value\n1,2\n2\n", [], "short-row.csv:3: '2' has 1 fields, no 'value'" },
        { "two-fields.txt", "1,2\n3,4\n", [], "two-fields.txt:1: '1,2' has 2 fields" },
        { "empty.txt", "", [], "empty.txt: no values" },
        { "header-only.csv", "value\n", [], "header-only.csv: no values" },
        { "short.txt", "1\n2\n", ["--min-size", "3"], "short.txt: 2 values, fewer than the shortest segment of 3" },
        { "ok.txt", "1\n2\n3\n", ["--method", "dynp"], "--method must be pelt or binseg, got 'dynp'" },
        { "ok.txt", "1\n2\n3\n", ["--cost", "rbf"], "--cost must be l2 or normal, got 'rbf'" },
        { "ok.txt", "1\n2\n3\n", ["--penalty", "-1"], "--penalty must be a finite number ≥ 0, got '-1'" },
        { "ok.txt", "1\n2\n3\n", ["--penalty", "abc"], "--penalty must be a finite number ≥ 0, got 'abc'" },
        { "ok.txt", "1\n2\n3\n", ["--min-size", "0"], "--min-size must be a whole number ≥ 1, got '0'" },
        { "ok.txt", "1\n2\n3\n", ["--jump", "x"], "--jump must be a whole number ≥ 1, got 'x'" },
        { "ok.txt", "1\n2\n3\n", ["--penalty"], "--penalty is required" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Changepoints_BadInput_ExitsTwoWithOneLine(string name, string content, string[] options, string expected)
    {
        string dir = CliRunner.TempDir("changepoints-bad");
        string file = Path.Combine(dir, name);
        if (name != "missing.txt")
            File.WriteAllText(file, content);
        var args = new Dictionary<string, string?> { ["--input"] = file, ["--method"] = "pelt", ["--cost"] = "l2", ["--penalty"] = "1" };
        for (int i = 0; i < options.Length; i += 2)
            args[options[i]] = i + 1 < options.Length ? options[i + 1] : null;   // an option without a value: leave it out

        var r = CliRunner.Run(["changepoints", .. args.Where(a => a.Value is not null).SelectMany(a => new[] { a.Key, a.Value! })]);

        Assert.True(r.ExitCode == 2, r.ToString());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.ToString());
        Assert.Contains(expected, lines[0]);
        Assert.Equal("", r.Stdout);
    }
}
