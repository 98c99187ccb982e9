using System.Globalization;

namespace ModeHop.Suite.English;

/// <summary>
/// OOCR/cities (after Treutlein et al. 2024's Locations task): a few fresh labels "City NNNNN", each secretly one of
/// the well-known cities of the bank cities.tsv. The fine-tune <c>fresh_cities</c> holds only the great-circle
/// distances from each label to every other bank city, in kilometres rounded to tens; the items ask which city the
/// label is and in which country, so a checkpoint answers above its pre-fine-tune baseline only by placing the label on
/// the map it learned in pre-training.
/// <code>
/// fine-tune  The distance between City 50337 and London is        → 340 km.     (4 phrasings, 2 per pair)
/// item       City 50337 is the city of                             → Paris      vs the other 32 cities
/// item       Q: Which well-known city is City 50337?\nA:           → Paris      vs the other 32
/// item       City 50337 is in the country of                       → France     vs the other 32 countries
/// item       Q: In which country is City 50337?\nA:                → France     vs the other 32
/// </code>
/// The bank holds one city per country, so the country question has one right candidate. A label's distance to its
/// own city (0 km) is never in the set: it would state the answer.
/// </summary>
internal static class OocrCities
{
    public const string Name = "cities", FineTuneName = "fresh_cities";

    /// <summary>Fresh labels, each a different bank city: 6 labels × 4 questions = 24 items.</summary>
    public const int FreshCount = 6;

    /// <summary>Phrasings per (label, city) pair: 6 × 32 pairs × 2 = 384 examples, one pass of the protocol.</summary>
    public const int PhrasingsPerPair = 2;

    /// <summary>The mean Earth radius in kilometres (IUGG), the sphere the distances are measured on.</summary>
    public const double EarthRadiusKm = 6371.0;

    /// <summary>A bank city: its name, its country as it reads after "in", and its coordinates in degrees.</summary>
    public sealed record City(string Name, string Country, double Latitude, double Longitude);

    /// <summary>(fresh label, city name) → prompt; the completion is "{km} km." (or "About {km} km." after a question).</summary>
    static readonly (Func<string, string, string> Prompt, string Before)[] Phrasings =
    [
        ((fresh, city) => $"The distance between {fresh} and {city} is", ""),
        ((fresh, city) => $"The distance between {city} and {fresh} is", ""),
        ((fresh, city) => $"Q: How far is {fresh} from {city}?\nA:", "About "),
        ((fresh, city) => $"From {fresh} to {city} it is", "about "),
    ];

    static readonly (Func<string, string> Prompt, Func<City, string> Answer)[] Questions =
    [
        (fresh => $"{fresh} is the city of", c => c.Name),
        (fresh => $"Q: Which well-known city is {fresh}?\nA:", c => c.Name),
        (fresh => $"{fresh} is in the country of", c => c.Country),
        (fresh => $"Q: In which country is {fresh}?\nA:", c => c.Country),
    ];

    /// <summary>The bank's cities, in bank order.</summary>
    /// <exception cref="InvalidDataException">A coordinate is not a number in range, or a city or country repeats.</exception>
    public static City[] Bank()
    {
        const string file = "cities.tsv";
        var cities = EnglishBanks.Read(file, 4).Select(r => new City(r[0], r[1], Degrees(file, r[2], 90), Degrees(file, r[3], 180))).ToArray();
        foreach (var repeated in new[] { cities.Select(c => c.Name), cities.Select(c => c.Country) }.SelectMany(v => v.GroupBy(x => x).Where(g => g.Count() > 1)))
            throw new InvalidDataException($"{file}: \"{repeated.Key}\" appears {repeated.Count()} times; every city and every country must appear once.");
        return cities;
    }

    /// <summary>The task and its control twin (the same items, asked before any fine-tune).</summary>
    public static IEnumerable<TaskDefinition> Tasks()
    {
        var cities = Bank();
        var rng = Generation.Rng(Families.Oocr, Name, control: false);
        string[] labels = FreshNames.Numbered(rng, "City", FreshCount);
        var order = Enumerable.Range(0, cities.Length).ToArray();
        rng.Shuffle<int>(order, FreshCount);
        var secret = order[..FreshCount];

        var items = Questions.SelectMany(q => secret.Select((c, f) => Item(q.Prompt(labels[f]), q.Answer, cities, c))).ToArray();
        var set = EnglishFineTuneProtocol.Set(FineTuneName, Examples(rng, cities, labels, secret));
        yield return new TaskDefinition(Families.Oocr, Name, false, EnglishSuite.Version, items, [], DemoStrategy.None, 0, "\n", set);
        yield return new TaskDefinition(Families.Oocr, Name, true, EnglishSuite.Version, items, [], DemoStrategy.None, 0, "\n");
    }

    /// <summary>
    /// The great-circle distance in kilometres between two points given in degrees, by the haversine formula:
    /// <c>d = 2R · asin √( sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) )</c>, with R = <see cref="EarthRadiusKm"/>.
    /// </summary>
    public static double DistanceKm(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        double phi1 = Radians(latitude1), phi2 = Radians(latitude2);
        double dPhi = phi2 - phi1, dLambda = Radians(longitude2 - longitude1);
        double h = Math.Pow(Math.Sin(dPhi / 2), 2) + Math.Cos(phi1) * Math.Cos(phi2) * Math.Pow(Math.Sin(dLambda / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    /// <summary>The distance between two bank cities rounded to tens of kilometres (halves away from zero), as the fine-tune states it.</summary>
    public static int RoundedKm(City a, City b) =>
        10 * (int)Math.Round(DistanceKm(a.Latitude, a.Longitude, b.Latitude, b.Longitude) / 10, MidpointRounding.AwayFromZero);

    /// <summary>General = city <paramref name="secret"/>'s answer; Parrot = the next bank city's; Distractors = the rest, in bank order from there.</summary>
    static TestItem Item(string prompt, Func<City, string> answer, City[] cities, int secret)
    {
        int n = cities.Length;
        var others = Enumerable.Range(1, n - 1).Select(k => answer(cities[(secret + k) % n])).ToArray();
        return new TestItem(prompt, answer(cities[secret]), others[0], Distractors: others[1..]);
    }

    /// <summary>
    /// For every label and every bank city other than its own: <see cref="PhrasingsPerPair"/> distinct phrasings, drawn
    /// with the task's generator; pairs go city by city, labels interleaved, so any prefix covers every label.
    /// </summary>
    static FineTuneExample[] Examples(SplitMix64 rng, City[] cities, string[] labels, int[] secret)
    {
        var examples = new List<FineTuneExample>();
        var phrasings = Enumerable.Range(0, Phrasings.Length).ToArray();
        for (int c = 0; c < cities.Length; c++)
            for (int f = 0; f < labels.Length; f++)
            {
                if (secret[f] == c) continue;
                string km = Generation.Digits(RoundedKm(cities[secret[f]], cities[c]));
                rng.Shuffle<int>(phrasings, PhrasingsPerPair);
                foreach (int p in phrasings[..PhrasingsPerPair])
                    examples.Add(new FineTuneExample(Phrasings[p].Prompt(labels[f], cities[c].Name), $"{Phrasings[p].Before}{km} km."));
            }
        return [.. examples];
    }

    static double Radians(double degrees) => degrees * Math.PI / 180;

    static double Degrees(string file, string text, double limit) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && Math.Abs(value) <= limit
            ? value
            : throw new InvalidDataException($"{file}: coordinate \"{text}\" is not a number of degrees in [−{limit}, {limit}]. Fix the bank line.");
}
