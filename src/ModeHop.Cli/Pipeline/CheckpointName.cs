using System.Globalization;
using System.Text.RegularExpressions;

namespace ModeHop.Cli.Pipeline;

/// <summary>
/// Step and tokens read off a checkpoint directory's name, in the namings in use: Pythia's revisions
/// (<c>step3000</c>), <c>step1000-tokens4B</c>, OLMo's <c>stage1-step1413814-tokens5927B</c>, the Hugging Face
/// Trainer's <c>checkpoint-500</c>, DeepSpeed's <c>global_step500</c> and ModeHop's own <c>step000128</c>.
/// Token counts take the suffixes K, M, B (10⁹) and T, with an optional decimal part (<c>tokens2.5B</c>).
/// </summary>
public static partial class CheckpointName
{
    /// <summary>The step and tokens the name carries; either is null when the name does not say.</summary>
    public static (long? Step, long? Tokens) Parse(string directoryName)
    {
        long? step = null, tokens = null;
        var s = StepPattern().Match(directoryName);
        if (s.Success && long.TryParse(s.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) step = n;
        var t = TokensPattern().Match(directoryName);
        if (t.Success && decimal.TryParse(t.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal count))
        {
            decimal scale = t.Groups["unit"].Value.ToUpperInvariant() switch
            {
                "K" => 1e3m,
                "M" => 1e6m,
                "B" or "G" => 1e9m,
                "T" => 1e12m,
                _ => 1m,
            };
            decimal value = decimal.Round(count * scale);
            if (value <= long.MaxValue) tokens = (long)value;
        }
        return (step, tokens);
    }

    // "step3000", "stage1-step1413814", "global_step500", "step-000128", "checkpoint-500"; never digits inside a word.
    [GeneratedRegex(@"(?:^|[-_.])(?:global_)?(?:step|checkpoint)[-_]?(?<n>\d+)(?=$|[-_.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"(?:^|[-_.])tokens?[-_]?(?<n>\d+(?:\.\d+)?)(?<unit>[KMBGT]?)(?=$|[-_.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokensPattern();
}
