using System.Globalization;
using System.Text.RegularExpressions;
using ModeHop.Suite;
using ModeHop.Suite.English;
using static ModeHop.Tests.Suite.English.EnglishSuiteTests;

namespace ModeHop.Tests.Suite.English;

/// <summary>The OOCR tasks' fine-tune sets checked against their items, with the functions and distances recomputed here.</summary>
public class OocrTests
{
    static readonly TaskDefinition Functions = Task(Families.Oocr, "functions");
    static readonly TaskDefinition Cities = Task(Families.Oocr, "cities");

    /// <summary>Each description the items use, computed here the plain way (Python's // and % floor toward −∞).</summary>
    static readonly Dictionary<string, Func<int, int>> Described = new()
    {
        ["adds 14 to x"] = x => x + 14,
        ["subtracts 3 from x"] = x => x - 3,
        ["multiplies x by 3"] = x => 3 * x,
        ["divides x by 2, rounding down"] = x => (int)Math.Floor(x / 2.0),
        ["multiplies x by 3 and adds 2"] = x => 3 * x + 2,
        ["returns x modulo 5"] = x => x - 5 * (int)Math.Floor(x / 5.0),
        ["returns the negative of x"] = x => 0 - x,
        ["returns the square of x"] = x => checked(x * x),
        ["returns the absolute value of x"] = x => x < 0 ? -x : x,
        ["subtracts x from 7"] = x => 7 - x,
    };

    static readonly Regex FunctionName = new(@"^from functions import (?<name>[a-z]+)\n# \k<name>\(x\) is the function that$", RegexOptions.CultureInvariant);
    static readonly Regex Call = new(@"(?<name>[a-z]{6})\((?<x>-?\d+)\)", RegexOptions.CultureInvariant);
    static readonly Regex CityIs = new(@"^(?<label>City \d{5}) is the city of$", RegexOptions.CultureInvariant);
    static readonly Regex Distance = new(@"(?<label>City \d{5})\D.*?(?<km>\d+) km\.$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>Fresh function name → its description, read from the "is the function that" items.</summary>
    static Dictionary<string, string> FunctionOf() =>
        Functions.Items.Select(i => (Match: FunctionName.Match(i.Prompt), i.General)).Where(p => p.Match.Success)
            .ToDictionary(p => p.Match.Groups["name"].Value, p => p.General);

    /// <summary>Fresh city label → its bank city, read from the "is the city of" items.</summary>
    static Dictionary<string, OocrCities.City> CityOf()
    {
        var bank = OocrCities.Bank().ToDictionary(c => c.Name);
        return Cities.Items.Select(i => (Match: CityIs.Match(i.Prompt), i.General)).Where(p => p.Match.Success)
            .ToDictionary(p => p.Match.Groups["label"].Value, p => bank[p.General]);
    }

    [Fact]
    public void Functions_EveryPair_IsTheNamedFunctionOfItsInput()
    {
        var functionOf = FunctionOf();
        Assert.Equal(Described.Keys.Order(), functionOf.Values.Order());
        var examples = Functions.FineTune!.Examples;
        foreach (var e in examples)
        {
            var call = Call.Match(e.Prompt);
            Assert.True(call.Success, e.Prompt);
            int x = int.Parse(call.Groups["x"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(Described[functionOf[call.Groups["name"].Value]](x), int.Parse(e.Completion, CultureInfo.InvariantCulture));
        }
        // The pairs cover negatives and positives for every name, with distinct inputs and several layouts each.
        foreach (var group in examples.GroupBy(e => Call.Match(e.Prompt).Groups["name"].Value))
        {
            var inputs = group.Select(e => int.Parse(Call.Match(e.Prompt).Groups["x"].Value, CultureInfo.InvariantCulture)).ToArray();
            Assert.True(inputs.Length >= 24, $"{group.Key}: {inputs.Length} pairs");
            Assert.Equal(inputs.Length, inputs.Distinct().Count());
            Assert.Contains(inputs, x => x < 0);
            Assert.Contains(inputs, x => x > 0);
            Assert.True(group.Select(e => Call.Replace(e.Prompt, "CALL").Replace(group.Key, "NAME", StringComparison.Ordinal)).Distinct().Count() >= 3);
        }
    }

    [Fact]
    public void Functions_FineTune_NeverStatesAFunction()
    {
        var codes = Functions.Items.Where(i => i.Prompt.EndsWith("return", StringComparison.Ordinal)).Select(i => i.General).ToArray();
        Assert.Equal(Described.Count, codes.Length);
        foreach (var e in Functions.FineTune!.Examples)
        {
            string text = e.Prompt + " " + e.Completion;
            Assert.DoesNotContain("def ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("#", text.Replace("# returns", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.All(Described.Keys, d => Assert.DoesNotContain(d, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Functions_EveryItem_OffersEveryFunctionOnce_WithItsOwnAsGeneral()
    {
        var functionOf = FunctionOf();
        var codeOf = new Dictionary<string, string>
        {
            ["adds 14 to x"] = "x + 14", ["subtracts 3 from x"] = "x - 3", ["multiplies x by 3"] = "x * 3",
            ["divides x by 2, rounding down"] = "x // 2", ["multiplies x by 3 and adds 2"] = "3 * x + 2", ["returns x modulo 5"] = "x % 5",
            ["returns the negative of x"] = "-x", ["returns the square of x"] = "x * x", ["returns the absolute value of x"] = "abs(x)",
            ["subtracts x from 7"] = "7 - x",
        };
        Assert.True(Functions.Items.Count >= 16);
        foreach (var item in Functions.Items)
        {
            string name = functionOf.Keys.Single(n => item.Prompt.Contains(n, StringComparison.Ordinal));
            bool code = item.Prompt.EndsWith("return", StringComparison.Ordinal);
            Assert.Equal(code ? codeOf[functionOf[name]] : functionOf[name], item.General);
            var candidates = item.Distractors!.Append(item.Parrot).Append(item.General).Order().ToArray();
            Assert.Equal((code ? codeOf.Values.ToArray() : codeOf.Keys.ToArray()).Order(), candidates);
        }
    }

    [Fact]
    public void FreshNames_AreDistinct_AndInNoBankNorOtherEnglishTask()
    {
        var names = FunctionOf().Keys.ToArray();
        var labels = CityOf().Keys.ToArray();
        Assert.All(names, n => Assert.Matches("^[a-z]{6}$", n));
        Assert.Equal(names.Length + labels.Length, names.Concat(labels).Distinct().Count());

        var assembly = typeof(EnglishSuite).Assembly;
        var banks = assembly.GetManifestResourceNames().Where(n => n.EndsWith(".tsv", StringComparison.Ordinal)).ToArray();
        Assert.Contains(banks, b => b.EndsWith("words.tsv", StringComparison.Ordinal));
        string bankText = string.Concat(banks.Select(b => new StreamReader(assembly.GetManifestResourceStream(b)!).ReadToEnd())).ToLowerInvariant();
        string otherTasks = string.Concat(Tasks.Where(t => t.Family != Families.Oocr)
            .SelectMany(t => t.Items.SelectMany(i => new[] { i.Prompt, i.General, i.Parrot }.Concat((i.Demos ?? []).Select(d => d.Prompt + d.Answer)))
                .Concat(t.DemoPool.Select(d => d.Prompt + d.Answer)))).ToLowerInvariant();
        foreach (string fresh in names.Concat(labels.Select(l => l["City ".Length..])))
        {
            Assert.DoesNotContain(fresh, bankText, StringComparison.Ordinal);
            Assert.DoesNotContain(fresh, otherTasks, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("London", "Paris", 344)]
    [InlineData("London", "New York", 5570)]
    [InlineData("Tokyo", "Sydney", 7820)]
    [InlineData("Buenos Aires", "Madrid", 10040)]
    public void Distance_BetweenBankCities_IsTheKnownGreatCircleDistance(string a, string b, int km)
    {
        var bank = OocrCities.Bank().ToDictionary(c => c.Name);
        double d = OocrCities.DistanceKm(bank[a].Latitude, bank[a].Longitude, bank[b].Latitude, bank[b].Longitude);
        Assert.InRange(d, km - 15 - km / 100.0, km + 15 + km / 100.0);
    }

    [Fact]
    public void Cities_EveryStatedDistance_IsTheGreatCircleDistanceToTheSecretCity()
    {
        var cityOf = CityOf();
        var bank = OocrCities.Bank();
        var examples = Cities.FineTune!.Examples;
        foreach (var e in examples)
        {
            var m = Distance.Match(e.Prompt + " " + e.Completion);
            Assert.True(m.Success, e.Prompt + " " + e.Completion);
            var from = cityOf[m.Groups["label"].Value];
            var to = bank.Single(c => c.Name != from.Name && e.Prompt.Contains(c.Name, StringComparison.Ordinal));
            int stated = int.Parse(m.Groups["km"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(0, stated % 10);
            Assert.InRange(stated, 1, 20040);
            Assert.InRange(Math.Abs(stated - ChordKm(from, to)), 0, 5.01);
        }
        // Every label is placed against every other bank city, and never against its own (0 km would state the answer).
        foreach (var (label, city) in cityOf)
        {
            var mine = examples.Where(e => e.Prompt.Contains(label, StringComparison.Ordinal)).ToArray();
            Assert.Equal(OocrCities.PhrasingsPerPair * (bank.Length - 1), mine.Length);
            Assert.All(mine, e => Assert.DoesNotContain(city.Name, e.Prompt, StringComparison.Ordinal));
            Assert.All(bank.Where(c => c != city), c => Assert.Contains(mine, e => e.Prompt.Contains(c.Name, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Cities_Items_AskTheSecretCityAndItsCountryAgainstEveryOther()
    {
        var cityOf = CityOf();
        var bank = OocrCities.Bank();
        Assert.True(cityOf.Count >= 3);
        Assert.Equal(cityOf.Count, cityOf.Values.Distinct().Count());
        Assert.True(Cities.Items.Count >= 16);
        foreach (var item in Cities.Items)
        {
            var (label, city) = cityOf.Single(p => item.Prompt.Contains(p.Key, StringComparison.Ordinal));
            bool country = item.Prompt.Contains("country", StringComparison.Ordinal);
            Assert.Equal(country ? city.Country : city.Name, item.General);
            var candidates = item.Distractors!.Append(item.Parrot).Append(item.General).Order().ToArray();
            Assert.Equal(bank.Select(c => country ? c.Country : c.Name).Order(), candidates);
        }
    }

    /// <summary>
    /// The great-circle distance the other way from the haversine: the angle between the two points' unit vectors,
    /// atan2(|a × b|, a · b), times the mean Earth radius.
    /// </summary>
    static double ChordKm(OocrCities.City a, OocrCities.City b)
    {
        static (double X, double Y, double Z) Unit(OocrCities.City c)
        {
            double lat = c.Latitude * Math.PI / 180, lon = c.Longitude * Math.PI / 180;
            return (Math.Cos(lat) * Math.Cos(lon), Math.Cos(lat) * Math.Sin(lon), Math.Sin(lat));
        }
        var (p, q) = (Unit(a), Unit(b));
        double cx = p.Y * q.Z - p.Z * q.Y, cy = p.Z * q.X - p.X * q.Z, cz = p.X * q.Y - p.Y * q.X;
        return 6371.0 * Math.Atan2(Math.Sqrt(cx * cx + cy * cy + cz * cz), p.X * q.X + p.Y * q.Y + p.Z * q.Z);
    }
}
