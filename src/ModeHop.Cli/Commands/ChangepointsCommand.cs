using System.CommandLine;
using System.Globalization;
using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop changepoints</c>: offline change points of one series read from a file.</summary>
public static class ChangepointsCommand
{
    public const int DefaultMinSize = 2;
    public const int DefaultJump = 1;

    /// <summary>What <c>changepoints --json</c> prints.</summary>
    public sealed record Output(int[] Breakpoints);

    public static Command Create()
    {
        // The values are parsed here rather than by the parser, so that a bad or missing one is the CLI's one line
        // and exit code 2, as for bad input in the file, and not the parser's usage screen.
        var input = new Option<string?>("--input") { HelpName = "FILE", Description = "The series (required): one number per line, or a CSV whose header has a 'value' column (other columns are ignored)." };
        var method = new Option<string?>("--method") { HelpName = "pelt|binseg", Description = "The search (required): pelt (optimal partitioning with pruning) or binseg (binary segmentation), as in ruptures." };
        var cost = new Option<string?>("--cost") { HelpName = "l2|normal", Description = "The segment cost (required): l2 (mean shifts) or normal (mean and variance shifts)." };
        var penalty = new Option<string?>("--penalty") { HelpName = "P", Description = "The price of one more segment (required), a number ≥ 0: higher finds fewer change points. The BIC is 2σ²·ln n for l2 (σ the noise) and 3·ln n for normal." };
        var minSize = new Option<string?>("--min-size") { HelpName = "M", Description = $"The shortest segment, in values (default {DefaultMinSize}; the normal cost needs at least 2)." };
        var jump = new Option<string?>("--jump") { HelpName = "J", Description = $"Only multiples of this may be breakpoints (default {DefaultJump}: every index)." };
        var json = Common.JsonOption();
        var command = new Command("changepoints", "Find the change points of one series by a cost × search, with ruptures' semantics. Prints the breakpoints as ruptures does: each is the exclusive end of a segment, so the value at (0-based) index b is the first of a new regime, and the last is the number of values.")
        {
            input, method, cost, penalty, minSize, jump, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string path = Common.ExistingFile(Required(r.GetValue(input), "--input", "a file of values"), "file of values (one number per line, or a CSV with a 'value' column)");
            SearchMethod search = Required(r.GetValue(method), "--method", "pelt or binseg") switch
            {
                "pelt" => SearchMethod.Pelt,
                "binseg" => SearchMethod.BinarySegmentation,
                var other => throw new UsageException($"--method must be pelt or binseg, got '{other}'."),
            };
            CostFunction costFunction = Required(r.GetValue(cost), "--cost", "l2 or normal") switch
            {
                "l2" => CostFunction.L2,
                "normal" => CostFunction.Normal,
                var other => throw new UsageException($"--cost must be l2 or normal, got '{other}'."),
            };
            string penaltyText = Required(r.GetValue(penalty), "--penalty", "a number ≥ 0");
            if (!double.TryParse(penaltyText, NumberStyles.Float, CultureInfo.InvariantCulture, out double beta) || !(beta >= 0 && double.IsFinite(beta)))
                throw new UsageException($"--penalty must be a finite number ≥ 0, got '{penaltyText}'.");
            var settings = new ChangePointSettings(beta, Count(r.GetValue(minSize), "--min-size", DefaultMinSize), Count(r.GetValue(jump), "--jump", DefaultJump));

            double[] series = ReadSeries(path);
            ISegmentCost segmentCost = ChangePointSearch.CreateCost(costFunction, series);
            int smallest = Math.Max(settings.MinSize, segmentCost.MinSize);
            if (series.Length < smallest)
                throw new InvalidDataException(
                    $"{path}: {series.Length} value{(series.Length == 1 ? "" : "s")}, fewer than the shortest segment of {smallest} (--min-size {settings.MinSize}, the {r.GetValue(cost)} cost {segmentCost.MinSize}); give more values or a smaller --min-size.");

            int[] breakpoints = ChangePointSearch.Detect(segmentCost, search, settings);
            if (r.GetValue(json)) JsonOut.Print(new Output(breakpoints));
            else Console.WriteLine($"{path}: {series.Length} values, {breakpoints.Length} segment{(breakpoints.Length == 1 ? "" : "s")} ({r.GetValue(method)}, {r.GetValue(cost)} cost, penalty {beta.ToString(CultureInfo.InvariantCulture)}, min-size {settings.MinSize}, jump {settings.Jump}); breakpoints {string.Join(", ", breakpoints)}");
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The numbers in <paramref name="path"/>: one per line, or, when the first line is not a number, a CSV
    /// (plain commas, no quoted commas) whose header names a <c>value</c> column. Blank lines are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">No values, no value column, or a line that is not a finite number;
    /// the message names the file and the line.</exception>
    public static double[] ReadSeries(string path)
    {
        string[] lines = File.ReadAllLines(path);
        var values = new List<double>();
        int column = -1;   // −1: one number per line
        bool first = true;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            string[] fields = line.Split(',').Select(f => f.Trim().Trim('"').Trim()).ToArray();
            if (first)
            {
                first = false;
                if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    column = Array.FindIndex(fields, f => f.Equals("value", StringComparison.OrdinalIgnoreCase));
                    if (column < 0)
                        throw new InvalidDataException(
                            $"{path}:{i + 1}: the header '{line}' has no 'value' column; name the column of the series 'value', or give one number per line.");
                    continue;
                }
            }
            string text;
            if (column < 0)
            {
                if (fields.Length != 1)
                    throw new InvalidDataException(
                        $"{path}:{i + 1}: '{line}' has {fields.Length} fields; give one number per line, or a CSV whose first line is a header with a 'value' column.");
                text = fields[0];
            }
            else if (column < fields.Length)
                text = fields[column];
            else
                throw new InvalidDataException($"{path}:{i + 1}: '{line}' has {fields.Length} fields, no 'value' (column {column + 1} of the header); give every row a value.");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
                throw new InvalidDataException($"{path}:{i + 1}: '{text}' is not a finite number; fix the line or drop it (use '.' for decimals).");
            values.Add(x);
        }
        if (values.Count == 0)
            throw new InvalidDataException($"{path}: no values; expected one number per line, or a CSV with a header naming a 'value' column.");
        return values.ToArray();
    }

    static string Required(string? value, string option, string what) =>
        value ?? throw new UsageException($"{option} is required: {what}.");

    static int Count(string? text, string option, int fallback)
    {
        if (text is null)
            return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new UsageException($"{option} must be a whole number ≥ 1, got '{text}'.");
        return n;
    }
}
