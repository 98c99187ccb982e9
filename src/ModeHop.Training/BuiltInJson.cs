using System.Reflection;

namespace ModeHop.Training;

/// <summary>
/// Settings files that are either built into an assembly (embedded as <c>{prefix}.{name}.json</c>) or given by path:
/// presets and lab recipes.
/// </summary>
public static class BuiltInJson
{
    /// <summary>
    /// The text of the built-in <paramref name="nameOrPath"/> or of the file at that path, and how messages name it
    /// (<c>preset 'tiny'</c>, or the path). A missing file is a <see cref="FileNotFoundException"/> listing the built-ins.
    /// </summary>
    /// <param name="kind">"preset" or "recipe": how the messages call it.</param>
    public static (string Text, string Source) Read(Assembly assembly, string resourcePrefix, IReadOnlyList<string> builtIn, string nameOrPath, string kind)
    {
        if (builtIn.Contains(nameOrPath))
        {
            using var stream = assembly.GetManifestResourceStream($"{resourcePrefix}.{nameOrPath}.json")
                ?? throw new InvalidOperationException($"Built-in {kind} '{nameOrPath}' is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return (reader.ReadToEnd(), $"{kind} '{nameOrPath}'");
        }
        if (!File.Exists(nameOrPath))
            throw new FileNotFoundException($"{nameOrPath}: no such {kind}; use one of {string.Join(", ", builtIn)} or the path of a {kind} JSON file.", nameOrPath);
        return (File.ReadAllText(nameOrPath), nameOrPath);
    }
}
