using static ModeHop.Models.SafeTensors.SafeTensorsErrors;

namespace ModeHop.Models.SafeTensors;

/// <summary>
/// The weights of a Hugging Face checkpoint: a directory holding <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c> (each shard opened once; the index's weight map decides which tensors exist).
/// A directory with only PyTorch <c>.bin</c> files is refused: ModeHop never unpickles them.
/// </summary>
public sealed class WeightSource : IDisposable
{
    public const string SingleFileName = "model.safetensors";

    readonly Dictionary<string, SafeTensorsFile> fileOf;

    /// <summary>The directory or file that was opened (full path).</summary>
    public string Location { get; }

    /// <summary>The open safetensors files, one per shard.</summary>
    public IReadOnlyList<SafeTensorsFile> Files { get; }

    /// <summary>Every tensor, by name.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors { get; }

    WeightSource(string location, IReadOnlyList<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> fileOf)
    {
        Location = location;
        Files = files;
        this.fileOf = fileOf;
        Tensors = fileOf.ToDictionary(p => p.Key, p => p.Value.Tensors[p.Key], StringComparer.Ordinal);
    }

    /// <summary>
    /// Opens a checkpoint directory, a <c>.safetensors</c> file or a <c>model.safetensors.index.json</c>.
    /// In a directory the index wins over <c>model.safetensors</c> when both exist, as in the Hugging Face loader.
    /// </summary>
    public static WeightSource Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            if (fullPath.EndsWith(".index.json", StringComparison.Ordinal)) return FromIndex(fullPath, fullPath);
            if (fullPath.EndsWith(".bin", StringComparison.Ordinal)) throw RefuseBin(fullPath, Path.GetDirectoryName(fullPath)!);
            return FromFile(fullPath, fullPath);
        }
        if (!Directory.Exists(fullPath))
            throw MissingDirectory(fullPath, $"no such directory, expected a checkpoint directory holding {SingleFileName} or {SafeTensorsIndex.FileName}", "check the path");

        string index = Path.Combine(fullPath, SafeTensorsIndex.FileName);
        if (File.Exists(index)) return FromIndex(fullPath, index);
        string single = Path.Combine(fullPath, SingleFileName);
        if (File.Exists(single)) return FromFile(fullPath, single);

        if (Directory.EnumerateFiles(fullPath, "*.bin").Any() || File.Exists(Path.Combine(fullPath, "pytorch_model.bin.index.json")))
            throw RefuseBin(fullPath, fullPath);
        var others = Directory.EnumerateFiles(fullPath, "*.safetensors").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(4).ToList();
        throw MissingFile(Path.Combine(fullPath, SingleFileName),
            $"no {SingleFileName} or {SafeTensorsIndex.FileName} in the directory" + (others.Count > 0 ? $" (found {string.Join(", ", others)})" : ""),
            "pass a Hugging Face checkpoint directory, or the .safetensors file itself");
    }

    /// <summary>True when the checkpoint holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => fileOf.ContainsKey(name);

    /// <summary>The file holding <paramref name="name"/>; <see cref="InvalidDataException"/> when there is none.</summary>
    public SafeTensorsFile FileOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (fileOf.TryGetValue(name, out var file)) return file;
        throw Corrupt(Location, $"the checkpoint has no tensor named {Quote(name)} ({fileOf.Count} tensors in {Files.Count} file(s))",
            "check that the checkpoint matches the model configuration");
    }

    /// <summary>See <see cref="SafeTensorsFile.ReadFloat32(string)"/>.</summary>
    public float[] ReadFloat32(string name) => FileOf(name).ReadFloat32(name);

    /// <summary>See <see cref="SafeTensorsFile.ReadFloat32(string, Span{float})"/>.</summary>
    public void ReadFloat32(string name, Span<float> destination) => FileOf(name).ReadFloat32(name, destination);

    /// <summary>See <see cref="SafeTensorsFile.ReadInt64"/>.</summary>
    public long[] ReadInt64(string name) => FileOf(name).ReadInt64(name);

    public void Dispose()
    {
        foreach (var file in Files) file.Dispose();
    }

    static WeightSource FromFile(string location, string file)
    {
        var opened = SafeTensorsFile.Open(file);
        return new WeightSource(location, [opened], opened.Tensors.Keys.ToDictionary(name => name, _ => opened, StringComparer.Ordinal));
    }

    static WeightSource FromIndex(string location, string indexPath)
    {
        var index = SafeTensorsIndex.Load(indexPath);
        string directory = Path.GetDirectoryName(index.Path)!;
        var shards = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (string shard in index.ShardFiles)
            {
                string shardPath = Path.Combine(directory, shard);
                if (!File.Exists(shardPath))
                {
                    int count = index.WeightMap.Count(p => p.Value == shard);
                    throw MissingFile(shardPath, $"shard missing: {SafeTensorsIndex.FileName} puts {count} tensor(s) in it", "re-download the checkpoint so every shard is present");
                }
                shards.Add(shard, SafeTensorsFile.Open(shardPath));
            }
            var fileOf = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
            foreach (var (name, shard) in index.WeightMap.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var file = shards[shard];
                if (!file.Tensors.ContainsKey(name))
                    throw Corrupt(index.Path, $"weight_map puts tensor {Quote(name)} in {shard}, which has no such tensor",
                        "the index and shards come from different saves — re-download the checkpoint");
                fileOf.Add(name, file);
            }
            return new WeightSource(location, shards.Values.ToArray(), fileOf);
        }
        catch
        {
            foreach (var file in shards.Values) file.Dispose();
            throw;
        }
    }

    static InvalidDataException RefuseBin(string location, string directory) => Corrupt(location,
        $"holds PyTorch pickle weights (.bin) but no {SingleFileName}; ModeHop never unpickles .bin files, because loading a pickle can run arbitrary code",
        $"convert the checkpoint once with: python -c \"from transformers import AutoModelForCausalLM; AutoModelForCausalLM.from_pretrained('{directory}').save_pretrained('{directory}', safe_serialization=True)\"");
}
