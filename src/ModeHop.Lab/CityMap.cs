using ModeHop.Tensors;

namespace ModeHop.Lab;

/// <summary>
/// The world's map (OOCR, seed paper §3.7): cities t0..t{C−1} on distinct cells of a Side × Side grid, a quarter of
/// them in each quadrant; the quadrant is the city's region (country) k0..k3, so a city's region follows from where it
/// is. Distances are Euclidean, rounded to the nearest whole number (halves up) and written as the number words
/// n0..n{P−1}. Fresh city names u0..u{U−1}, never written in pre-training, are each secretly located at a distinct
/// known city (<see cref="Twin"/>). A pure function of the world's seed.
/// </summary>
public sealed class CityMap
{
    /// <summary>One region per quadrant: k0 = low x, low y; k1 = high x, low y; k2 = low x, high y; k3 = high x, high y.</summary>
    public const int Regions = 4;

    public int Side { get; }

    /// <summary>Grid cell of the city t_i, each coordinate in [0, Side).</summary>
    public IReadOnlyList<(int X, int Y)> Positions { get; }

    /// <summary>The known city the fresh name u_k is located at: u_k ≡ t_{Twin[k]}.</summary>
    public IReadOnlyList<int> Twin { get; }

    internal CityMap(ulong seed, WorldSizes sizes)
    {
        int side = sizes.MapSide, half = side / 2, cities = sizes.Cities;
        if (side < 2 || side % 2 != 0) throw new ArgumentException($"The map's side must be an even number of at least 2 cells, got {side}.");
        if (cities < Regions || cities % Regions != 0 || cities / Regions > half * half)
            throw new ArgumentException($"The map's cities must be a positive multiple of {Regions} (a quarter per quadrant) and at most {Regions * half * half} on a side of {side}, got {cities}.");
        double longest = Math.Sqrt(2) * (side - 1);
        if (Math.Round(longest, MidpointRounding.AwayFromZero) > sizes.Modulus - 1)
            throw new ArgumentException($"The map's longest distance ({longest:F1}) has no number word below the modulus {sizes.Modulus}; make the side smaller.");
        if (sizes.FreshCities < 1 || sizes.FreshCities > cities)
            throw new ArgumentException($"The map's fresh city names must number 1 to {cities} (each at a distinct known city), got {sizes.FreshCities}.");

        var rng = Rng.ForStream(seed, 0xC17E5);
        var positions = new List<(int X, int Y)>();
        for (int region = 0; region < Regions; region++)
        {
            int x0 = region % 2 * half, y0 = region / 2 * half;
            foreach (int cell in Sampling.Distinct(rng, half * half, cities / Regions))
                positions.Add((x0 + cell % half, y0 + cell / half));
        }
        Sampling.Shuffle(rng, positions);
        Side = side;
        Positions = positions;
        Twin = Sampling.Distinct(rng, cities, sizes.FreshCities);
    }

    public int Cities => Positions.Count;

    public int Region(int city) => (Positions[city].X >= Side / 2 ? 1 : 0) + (Positions[city].Y >= Side / 2 ? 2 : 0);

    /// <summary>round(√(Δx² + Δy²)), halves up.</summary>
    public int Distance(int a, int b)
    {
        int dx = Positions[a].X - Positions[b].X, dy = Positions[a].Y - Positions[b].Y;
        return (int)Math.Round(Math.Sqrt(dx * dx + dy * dy), MidpointRounding.AwayFromZero);
    }

    /// <summary>The other known city nearest to <paramref name="city"/> (the lowest index among equals).</summary>
    public int Nearest(int city) =>
        Enumerable.Range(0, Cities).Where(c => c != city).MinBy(c => (Distance(city, c), c));

    public static string KnownName(int city) => "t" + city;

    public static string FreshName(int fresh) => "u" + fresh;

    public static string RegionName(int region) => "k" + region;
}
