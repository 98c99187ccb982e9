namespace ModeHop.Suite.English;

/// <summary>
/// Tiny Python snippets for Repetitive/code_tracing. Each template computes one variable (its value known here); the
/// last line prints it, plus or minus a constant when that is what makes the printed number the target.
/// </summary>
internal static class CodeTracing
{
    static readonly string[] Names = ["x", "y", "n", "total", "result", "value", "count", "score"];
    static readonly string[] Words = ["apple", "river", "planet", "garden", "window", "python", "rocket", "banana", "kettle", "mirror"];

    /// <summary>A snippet that prints <paramref name="target"/>, as a question prompt.</summary>
    public static string Question(SplitMix64 rng, int target)
    {
        var (body, variable, value) = Body(rng);
        int adjust = target - value;
        string print = adjust switch
        {
            0 => $"print({variable})",
            > 0 => $"print({variable} + {adjust})",
            _ => $"print({variable} - {-adjust})",
        };
        Generation.Check(value + adjust == target, $"the snippet prints {target}");
        return $"Q: What does this Python code print?\n{body}\n{print}\nA:";
    }

    /// <summary>The snippet's lines before the print, the variable it computes, and that variable's value.</summary>
    static (string Body, string Variable, int Value) Body(SplitMix64 rng)
    {
        string v = rng.Pick(Names);
        int a = rng.Between(2, 9), b = rng.Between(2, 9), c = rng.Between(1, 9);
        switch (rng.NextInt(10))
        {
            case 0:
                return ($"{v} = {a}\n{v} = {v} + {b * 3}", v, a + b * 3);
            case 1:
                return ($"a = {a}\nb = {b}\n{v} = a * b", v, a * b);
            case 2:
                return ($"{v} = 0\nfor i in range({a}):\n    {v} += {b}", v, a * b);
            case 3:
                return ($"nums = [{a}, {b}, {c}]\n{v} = sum(nums)", v, a + b + c);
            case 4:
                string word = rng.Pick(Words);
                return ($"word = \"{word}\"\n{v} = len(word)", v, word.Length);
            case 5:
                int threshold = rng.Between(2, 9);
                return ($"{v} = {a}\nif {v} > {threshold}:\n    {v} = {v} - {c}\nelse:\n    {v} = {v} + {c}", v, a > threshold ? a - c : a + c);
            case 6:
                return ($"a = {a}\nb = {b + 10}\na, b = b, a\n{v} = a - b", v, b + 10 - a);
            case 7:
                return ($"{v} = {a}\n{v} = {v} * 2\n{v} = {v} + {b}", v, a * 2 + b);
            case 8:
                int[] values = [a, b * 2, c, rng.Between(1, 20)];
                return ($"values = [{string.Join(", ", values)}]\n{v} = max(values)", v, values.Max());
            default:
                int start = a, step = rng.Between(2, 5), limit = rng.Between(10, 30);
                int x = start;
                while (x < limit) x += step;
                return ($"{v} = {start}\nwhile {v} < {limit}:\n    {v} = {v} + {step}", v, x);
        }
    }
}
