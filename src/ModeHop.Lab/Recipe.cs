using System.Text.Json.Nodes;
using ModeHop.Training;

namespace ModeHop.Lab;

/// <summary>
/// A lab run's full description (JSON): the world's seed, the model and training settings (the preset keys, with
/// the vocabulary set by the world), the families' weights, the share of background text, the monitor's suite
/// size, and the windows. Windows run in order; the <c>alternate</c> windows then take turns until the run ends
/// (without them, the last window lasts to the end). Unknown keys and bad values are errors.
/// </summary>
public sealed record Recipe
{
    public required string Name { get; init; }
    public required ulong WorldSeed { get; init; }
    public required TrainingPreset Training { get; init; }
    public required IReadOnlyDictionary<string, double> FamilyWeights { get; init; }
    public double Background { get; init; }
    public int EvalItems { get; init; } = 64;
    public int EvalSeeds { get; init; } = 2;
    public required IReadOnlyList<Window> Windows { get; init; }
    public IReadOnlyList<Window> Alternate { get; init; } = [];

    /// <summary>The recipe's JSON text as given (stored with the run).</summary>
    public string Json { get; init; } = "";

    public static IReadOnlyList<string> BuiltIn { get; } = ["demo", "iid", "alternating"];

    public static Recipe Load(string nameOrPath)
    {
        var (text, source) = BuiltInJson.Read(typeof(Recipe).Assembly, "ModeHop.Lab.Recipes", BuiltIn, nameOrPath, "recipe");
        return Parse(text, source);
    }

    public static Recipe Parse(string json, string source)
    {
        var j = StrictJson.Parse(json, source);
        string name = j.String("name", Path.GetFileNameWithoutExtension(source));
        ulong worldSeed = (ulong)j.Long("world_seed", 1);
        var world = new World(worldSeed);

        var model = j.Object("model") ?? throw new InvalidDataException($"{source}: 'model' is missing; give the model and training settings (layers, channels, heads, seq_len, batch, steps, …).");
        if (model.Raw.ContainsKey("vocab")) throw new InvalidDataException($"{source}: 'model'.'vocab' is set by the lab world ({world.Vocabulary.Count} words); remove it.");
        var modelJson = model.Raw.DeepClone().AsObject();
        modelJson["vocab"] = world.Vocabulary.Count;
        var training = TrainingPreset.Parse(modelJson.ToJsonString(), $"{source}: 'model'");

        var weights = new Dictionary<string, double>();
        var generators = Generators.Catalog.Documents(world);
        foreach (var g in generators) weights[g.Family] = 1;
        var families = j.Object("families");
        if (families is not null)
        {
            foreach (var key in families.Keys.ToArray())
            {
                if (!weights.ContainsKey(key))
                    throw new InvalidDataException($"{source}: 'families' has unknown family '{key}'; known families are {string.Join(", ", weights.Keys)}.");
                weights[key] = NonNegative(families.Float(key, 1), $"'families'.'{key}'", source);
            }
        }
        if (weights.Values.Sum() <= 0) throw new InvalidDataException($"{source}: every family has weight 0; give at least one a positive weight.");

        double background = j.Float("background", 0.1f);
        if (background is < 0 or >= 1) throw new InvalidDataException($"{source}: 'background' must be in [0, 1), got {background}.");

        var eval = j.Object("eval");
        int items = eval?.Int("items", 64) ?? 64, seeds = eval?.Int("seeds", 2) ?? 2;
        eval?.RejectUnknownKeys();
        if (items <= 0 || seeds <= 0) throw new InvalidDataException($"{source}: 'eval' items and seeds must be positive, got {items} and {seeds}.");

        var windows = j.Objects("windows").Select(w => ParseWindow(w, source)).ToArray();
        var alternate = j.Objects("alternate").Select(w => ParseWindow(w, source)).ToArray();
        if (windows.Length == 0 && alternate.Length == 0)
            throw new InvalidDataException($"{source}: no 'windows' and no 'alternate' windows; give at least one window.");
        j.RejectUnknownKeys();
        return ApplyOverrides(new Recipe
        {
            Name = name, WorldSeed = worldSeed, Training = training, FamilyWeights = weights, Background = background,
            EvalItems = items, EvalSeeds = seeds, Windows = windows, Alternate = alternate, Json = json,
        }, source);
    }

    static readonly System.Text.RegularExpressions.Regex OverrideLine =
        new(@"^// command line: (?<key>\w+) = (?<value>\S+)\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);

    /// <summary>
    /// The <c>// command line: key = value</c> lines <see cref="WithSteps"/> and <see cref="WithSeed"/> append to the
    /// JSON kept with a run, applied in order, so a run's recipe.json reads back as the recipe it was trained with.
    /// </summary>
    static Recipe ApplyOverrides(Recipe recipe, string source)
    {
        foreach (System.Text.RegularExpressions.Match m in OverrideLine.Matches(recipe.Json))
        {
            string key = m.Groups["key"].Value, value = m.Groups["value"].Value;
            var style = System.Globalization.NumberStyles.None;
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            recipe = key switch
            {
                "steps" when int.TryParse(value, style, culture, out int steps) && steps > 0 => recipe with { Training = recipe.Training with { Steps = steps } },
                "seed" when ulong.TryParse(value, style, culture, out ulong seed) => recipe with { Training = recipe.Training with { Seed = seed } },
                _ => throw new InvalidDataException($"{source}: the line '{m.Value.Trim()}' is not a command-line override ModeHop writes (steps = a positive integer, seed = an integer); remove it."),
            };
        }
        return recipe;
    }

    static Window ParseWindow(StrictJson w, string source)
    {
        string name = w.String("name", "window");
        int steps = w.Int("steps", 0);
        double a = NonNegative(w.Float("agreeing", 0), "window 'agreeing'", source);
        double r = NonNegative(w.Float("rule_only", 0), "window 'rule_only'", source);
        double s = NonNegative(w.Float("shortcut_only", 0), "window 'shortcut_only'", source);
        w.RejectUnknownKeys();
        if (steps <= 0) throw new InvalidDataException($"{w.Source}: 'steps' must be positive, got {steps}.");
        if (a + r <= 0) throw new InvalidDataException($"{w.Source}: 'agreeing' and 'rule_only' are both 0; every family needs one of them.");
        return new Window(name, steps, a, r, s);
    }

    static double NonNegative(double value, string what, string source) =>
        value >= 0 ? value : throw new InvalidDataException($"{source}: {what} must be zero or more, got {value}.");

    /// <summary>
    /// The recipe with another step count (from the command line). The JSON kept with the run says so, so a
    /// resume must give the same override.
    /// </summary>
    public Recipe WithSteps(int steps) => this with
    {
        Training = Training with { Steps = steps },
        Json = Override("steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>The recipe with another training seed (initialisation and data; the world keeps its own seed).</summary>
    public Recipe WithSeed(ulong seed) => this with
    {
        Training = Training with { Seed = seed },
        Json = Override("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    string Override(string key, string value) => Json.TrimEnd() + $"\n// command line: {key} = {value}\n";

    /// <summary>The window that holds <paramref name="step"/> and its index in the run's sequence of windows.</summary>
    public (int Index, Window Window) WindowAt(long step)
    {
        long start = 0;
        for (int i = 0; i < Windows.Count; i++)
        {
            if (step < start + Windows[i].Steps) return (i, Windows[i]);
            start += Windows[i].Steps;
        }
        if (Alternate.Count == 0) return (Windows.Count - 1, Windows[^1]);
        long cycle = Alternate.Sum(w => (long)w.Steps), into = (step - start) % cycle, round = (step - start) / cycle;
        for (int k = 0; k < Alternate.Count; k++)
        {
            if (into < Alternate[k].Steps) return (Windows.Count + (int)(round * Alternate.Count) + k, Alternate[k]);
            into -= Alternate[k].Steps;
        }
        throw new InvalidOperationException("unreachable: the alternating cycle covers every step");
    }
}
