using System.Text.Json;
using System.Text.Unicode;
using static ModeHop.Models.SafeTensors.SafeTensorsErrors;

namespace ModeHop.Models.SafeTensors;

/// <summary>
/// The index of a sharded checkpoint, <c>model.safetensors.index.json</c>:
/// <c>{"metadata": {...}, "weight_map": {tensor name: shard file name}}</c>. The metadata (usually
/// <c>total_size</c>) is not used; other top-level keys are ignored, as the Hugging Face loader does.
/// Shard names must be plain file names in the index's directory.
/// </summary>
public sealed class SafeTensorsIndex
{
    public const string FileName = "model.safetensors.index.json";

    /// <summary>An index is a few hundred bytes per tensor; anything past this is not an index.</summary>
    const long MaxLength = 100_000_000;

    /// <summary>Full path of the index file.</summary>
    public string Path { get; }

    /// <summary>Tensor name → shard file name (no directory).</summary>
    public IReadOnlyDictionary<string, string> WeightMap { get; }

    /// <summary>The distinct shard file names, sorted ordinally.</summary>
    public IReadOnlyList<string> ShardFiles { get; }

    SafeTensorsIndex(string path, Dictionary<string, string> weightMap)
    {
        Path = path;
        WeightMap = weightMap;
        ShardFiles = weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Reads and validates an index file.</summary>
    public static SafeTensorsIndex Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw MissingFile(fullPath, $"no such file, expected a {FileName}", "check the path");
        long length = new FileInfo(fullPath).Length;
        if (length > MaxLength)
            throw Corrupt(fullPath, $"the file is {length} bytes, more than any plausible index ({MaxLength})", "re-download the checkpoint");
        byte[] bytes = File.ReadAllBytes(fullPath);
        if (!Utf8.IsValid(bytes))
            throw Corrupt(fullPath, "the index is not valid UTF-8 text", "re-download the checkpoint");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw Corrupt(fullPath, $"the index is not valid JSON ({e.Message})", "re-download the checkpoint", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Corrupt(fullPath, $"the index is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, expected an object with a \"weight_map\"", "re-download the checkpoint");
            JsonElement? weightMap = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != "weight_map") continue;
                if (weightMap is not null) throw Corrupt(fullPath, "the index has \"weight_map\" twice", "re-download the checkpoint");
                weightMap = property.Value;
            }
            if (weightMap is not { ValueKind: JsonValueKind.Object } map)
                throw Corrupt(fullPath, "the index has no \"weight_map\" object (tensor name → shard file)", "re-download the checkpoint");

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw Corrupt(fullPath, $"weight_map entry {Quote(entry.Name)} is not a string shard file name", "re-download the checkpoint");
                string shard = entry.Value.GetString()!;
                if (!IsPlainFileName(shard))
                    throw Corrupt(fullPath, $"weight_map puts {Quote(entry.Name)} in {Quote(shard)}, which is not a plain file name in the index's directory", "re-download the checkpoint");
                if (!result.TryAdd(entry.Name, shard))
                    throw Corrupt(fullPath, $"weight_map lists tensor {Quote(entry.Name)} twice", "re-download the checkpoint");
            }
            return new SafeTensorsIndex(fullPath, result);
        }
    }

    static bool IsPlainFileName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0 && System.IO.Path.GetFileName(name) == name;
}
