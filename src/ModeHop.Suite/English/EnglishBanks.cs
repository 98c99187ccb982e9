using System.Text;

namespace ModeHop.Suite.English;

/// <summary>
/// The hand-written banks behind the English suite, embedded in this assembly from English/Banks/*.tsv: UTF-8 text,
/// one record a line, fields separated by tabs; blank lines and lines starting with '#' are comments.
/// </summary>
internal static class EnglishBanks
{
    /// <summary>The records of bank <paramref name="file"/> (e.g. "sentiment.tsv"), each with exactly <paramref name="fields"/> fields.</summary>
    /// <exception cref="InvalidDataException">A record has another number of fields or an empty one (names the bank and line).</exception>
    public static IReadOnlyList<string[]> Read(string file, int fields) => Read(file, fields, fields);

    /// <summary>The records of bank <paramref name="file"/>, each with <paramref name="minFields"/> to <paramref name="maxFields"/> fields.</summary>
    /// <exception cref="InvalidDataException">A record has another number of fields or an empty one (names the bank and line).</exception>
    public static IReadOnlyList<string[]> Read(string file, int minFields, int maxFields)
    {
        string name = Prefix + file;
        using var stream = typeof(EnglishBanks).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The English bank {name} is not embedded; ModeHop.Suite.csproj embeds English/Banks/*.tsv.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var records = new List<string[]>();
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split('\t');
            if (parts.Length < minFields || parts.Length > maxFields || parts.Any(p => p.Trim().Length == 0))
                throw new InvalidDataException($"{file}:{lineNumber}: expected {(minFields == maxFields ? $"{minFields}" : $"{minFields} to {maxFields}")} " +
                    $"non-empty tab-separated fields, found {parts.Length}: \"{line}\". Fix the bank line.");
            records.Add(parts);
        }
        return records;
    }

    /// <summary>
    /// The text of every embedded bank, lowercase, in order of file name: what a fresh name (OOCR) is checked against,
    /// so that it is no word or part of a word that any bank holds.
    /// </summary>
    public static string AllText()
    {
        var assembly = typeof(EnglishBanks).Assembly;
        var text = new StringBuilder();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!, Encoding.UTF8);
            text.Append(reader.ReadToEnd().ToLowerInvariant()).Append('\n');
        }
        return text.ToString();
    }

    const string Prefix = "ModeHop.Suite.English.Banks.";

    /// <summary>The texts of the records whose first field is <paramref name="kind"/>, in bank order (two-field banks).</summary>
    public static string[] OfKind(IReadOnlyList<string[]> records, string kind) =>
        records.Where(r => r[0] == kind).Select(r => r[1]).ToArray();
}
