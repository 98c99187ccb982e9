using System.Globalization;

namespace ModeHop.Suite.English;

/// <summary>
/// Intuitive: the three cognitive-reflection templates, zero-shot, <see cref="PerTemplate"/> variants each with their
/// own objects, numbers and units, in one task "crt" (the templates take turns). General = the System-2 answer, parrot = the System-1 answer:
/// <code>
/// bat and ball  total T, the dearer costs D more; the cheaper costs (T − D)/2      System 1: T − D
/// machines      n machines make n items in t units; m machines make m items in t   System 1: m
/// lily pads     doubles every unit, full at N; half at N − 1 (a quarter at N − 2)   System 1: N/2 (N/4)
/// </code>
/// Every answer is checked against its arithmetic as it is generated. Control: the same templates stated so that no
/// System-1 lure exists — the dearer costs D (not D more), so T − D is right; how many items m machines make in t
/// units, so m is right; the patch grows by the same area each unit, so N/2 is right — scored against the other
/// answer of the pair.
/// </summary>
internal static class IntuitiveTasks
{
    public const int PerTemplate = 200;

    static readonly (string Dear, string Cheap)[] Priced =
    [
        ("bat", "ball"), ("notebook", "pencil"), ("sandwich", "cookie"), ("hat", "scarf"), ("lamp", "bulb"),
        ("kite", "string"), ("teapot", "lid"), ("book", "bookmark"), ("pizza", "drink"), ("phone case", "charger cable"),
        ("jar of honey", "spoon"), ("train ticket", "newspaper"),
    ];

    static readonly string[] Currencies = ["$", "€", "£"];

    static readonly (string Long, string Short, string Unit)[] Measured =
    [
        ("rope", "chain", "centimetres"), ("hose", "nozzle", "centimetres"), ("train", "engine", "metres"),
        ("bridge", "ramp", "metres"), ("ribbon", "bow", "centimetres"),
    ];

    static readonly (string Makers, string Things, string[] Units)[] Workshops =
    [
        ("machines", "widgets", ["minutes", "seconds", "hours"]), ("printers", "posters", ["minutes", "seconds"]),
        ("bakers", "cakes", ["hours", "minutes"]), ("robots", "toy cars", ["minutes", "hours"]), ("chefs", "pizzas", ["minutes"]),
        ("looms", "rugs", ["days", "hours"]), ("potters", "vases", ["hours", "days"]), ("knitters", "scarves", ["days", "hours"]),
        ("presses", "coins", ["seconds", "minutes"]), ("carpenters", "chairs", ["days", "hours"]),
    ];

    static readonly (string Growth, string Surface, string[] Units)[] Patches =
    [
        ("a patch of lily pads", "lake", ["days", "weeks"]), ("a layer of algae", "pond", ["days", "hours"]),
        ("a patch of mould", "loaf of bread", ["hours", "days"]), ("a patch of moss", "stone wall", ["weeks", "days"]),
        ("a colony of bacteria", "petri dish", ["minutes", "hours"]), ("a carpet of duckweed", "canal", ["days"]),
        ("a tangle of ivy", "garden fence", ["weeks", "days"]), ("a crust of lichen", "boulder", ["years"]),
    ];

    public static IEnumerable<TaskDefinition> All()
    {
        foreach (bool control in new[] { false, true })
        {
            var rng = Generation.Rng(Families.Intuitive, "crt", control);
            string task = $"{Families.Intuitive}/crt";
            var items = Generation.Interleave(
                Generation.Distinct(PerTemplate, rng, r => BatAndBall(r, control), task),
                Generation.Distinct(PerTemplate, rng, r => Machines(r, control), task),
                Generation.Distinct(PerTemplate, rng, r => LilyPads(r, control), task));
            yield return new TaskDefinition(Families.Intuitive, "crt", control, EnglishSuite.Version, items, [], DemoStrategy.None, 0, "\n");
        }
    }

    /// <summary>Cheaper = x, dearer = x + D, total T = 2x + D: System 2 gives x, System 1 gives T − D = 2x.</summary>
    static TestItem BatAndBall(SplitMix64 rng, bool control)
    {
        if (rng.NextInt(3) > 0)
        {
            var (dear, cheap) = rng.Pick(Priced);
            string symbol = rng.Pick(Currencies);
            decimal x = rng.Between(1, 19) * 0.05m, d = rng.Between(1, 9), t = 2 * x + d;
            Check(x, d, t);
            string Money(decimal amount) => symbol + amount.ToString("0.00", CultureInfo.InvariantCulture);
            string difference = control ? $"The {dear} costs {Money(d)}." : $"The {dear} costs {Money(d)} more than the {cheap}.";
            string prompt = $"Q: A {dear} and a {cheap} cost {Money(t)} in total. {difference} How much does the {cheap} cost?\nA:";
            return Answers(prompt, Money(x), Money(t - d), control);
        }
        var (longer, shorter, unit) = rng.Pick(Measured);
        int xs = rng.Between(2, 60), ds = rng.Between(10, 200), ts = 2 * xs + ds;
        Check(xs, ds, ts);
        string part = control ? $"The {longer} alone is {ds} {unit} long." : $"The {longer} is {ds} {unit} longer than the {shorter}.";
        string text = $"Q: A {longer} and a {shorter} measure {ts} {unit} end to end. {part} How long is the {shorter}, in {unit}?\nA:";
        return Answers(text, Digits(xs), Digits(ts - ds), control);
    }

    static void Check(decimal x, decimal d, decimal t)
    {
        Generation.Check((t - d) / 2 == x && x + (x + d) == t, $"bat and ball: T = {t}, D = {d} give {x}");
        Generation.Check(t - d != x, $"bat and ball: the System-1 answer {t - d} differs from {x}");
    }

    /// <summary>n makers make n things in t units, so m makers make m things in t units (System 1: m).</summary>
    static TestItem Machines(SplitMix64 rng, bool control)
    {
        var (makers, things, units) = rng.Pick(Workshops);
        string unit = rng.Pick(units);
        int n = rng.Between(2, 12), t = rng.NextInt(2) == 0 ? n : rng.Between(2, 60), m;
        do m = rng.Between(3, 20) * 5; while (m == t || m == n);
        // One maker makes n / (n·t) = 1/t things per unit: m makers need m / (m/t) = t units for m things, and make
        // m·t·(1/t) = m things in t units.
        double perMakerPerUnit = n / (double)(n * t), time = m / (m * perMakerPerUnit), made = m * t * perMakerPerUnit;
        Generation.Check(Math.Abs(time - t) < 1e-9 && Math.Abs(made - m) < 1e-9 && m != t, $"machines: {n} make {n} in {t} {unit}, then {m}");
        string start = $"Q: If {n} {makers} take {t} {unit} to make {n} {things},";
        string prompt = control
            ? $"{start} how many {things} would {m} {makers} make in {t} {unit}?\nA:"
            : $"{start} how many {unit} would it take {m} {makers} to make {m} {things}?\nA:";
        return Answers(prompt, Digits(t), Digits(m), control);
    }

    /// <summary>Doubling every unit and full at N: half at N − 1 and a quarter at N − 2 (System 1: N/2, N/4).</summary>
    static TestItem LilyPads(SplitMix64 rng, bool control)
    {
        var (growth, surface, units) = rng.Pick(Patches);
        string unit = rng.Pick(units);
        bool quarter = rng.NextInt(4) == 0;
        int steps = quarter ? 2 : 1, divisor = quarter ? 4 : 2, n = rng.Between(3, 30) * 4;
        int doubling = n - steps, linear = n / divisor;
        Generation.Check(Math.Pow(2, doubling) * divisor == Math.Pow(2, n) && linear * divisor == n && doubling != linear,
            $"lily pads: full at {n}, 1/{divisor} at {doubling} (doubling) or {linear} (steady)");
        string part = quarter ? "a quarter" : "half";
        string rule = control
            ? $"{Capital(growth)} spreads over an empty {surface}, covering the same area every {Single(unit)}."
            : $"{Capital(growth)} on a {surface} doubles in size every {Single(unit)}.";
        string prompt = $"Q: {rule} It takes {n} {unit} to cover the whole {surface}. How many {unit} does it take to cover {part} of the {surface}?\nA:";
        return Answers(prompt, Digits(doubling), Digits(linear), control);
    }

    /// <summary>The test item answers System 2 over System 1; the control asks the lure-free question, so they swap.</summary>
    static TestItem Answers(string prompt, string system2, string system1, bool control) =>
        control ? new TestItem(prompt, system1, system2) : new TestItem(prompt, system2, system1);

    static string Digits(int n) => Generation.Digits(n);

    static string Single(string unit) => unit[..^1];

    static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
