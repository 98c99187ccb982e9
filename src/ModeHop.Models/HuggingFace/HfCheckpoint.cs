using ModeHop.Models.Transformer;

namespace ModeHop.Models.HuggingFace;

/// <summary>
/// The one way ModeHop reads a model from a Hugging Face checkpoint directory: <c>config.json</c> (see
/// <see cref="HfConfig"/>) and <c>model.safetensors</c> or a sharded <c>model.safetensors.index.json</c> (see
/// <see cref="SafeTensors.WeightSource"/>; F32, F16 and BF16 weights, <c>.bin</c>-only directories refused), mapped by
/// <see cref="WeightMap"/> (buffers skipped by name). Every verb and the training checkpoints load through here.
/// Failures are <see cref="InvalidDataException"/>, <see cref="FileNotFoundException"/> or
/// <see cref="DirectoryNotFoundException"/> naming the file.
/// </summary>
public static class HfCheckpoint
{
    public const string ConfigFile = "config.json";

    /// <summary>The model of a checkpoint directory, weights loaded.</summary>
    public static TransformerModel Load(string dir)
    {
        var model = new TransformerModel(ReadConfig(dir));
        ReadWeights(dir, model);
        return model;
    }

    /// <summary>The configuration of a checkpoint directory, without reading its weights.</summary>
    public static ModelConfig ReadConfig(string dir)
    {
        RequireDirectory(dir);
        return HfConfig.Read(Path.Combine(dir, ConfigFile));
    }

    /// <summary>Loads a checkpoint's weights into an existing model of the same configuration.</summary>
    public static void LoadWeights(string dir, TransformerModel model)
    {
        var config = ReadConfig(dir);
        if (config != model.Config)
            throw new InvalidDataException($"{Path.Combine(dir, ConfigFile)}: describes {config} but the run expects {model.Config}; the checkpoint belongs to another run.");
        ReadWeights(dir, model);
    }

    /// <summary>The weight files into a model already known to match the directory's config.json.</summary>
    static void ReadWeights(string dir, TransformerModel model)
    {
        using var source = SafeTensorsSource.OpenDirectory(dir);
        WeightMap.For(model).Load(source, dir);
    }

    /// <summary>What <see cref="Verify"/> found in the weight files.</summary>
    public sealed record WeightFiles(IReadOnlyDictionary<string, long> Dtypes, int Files);

    /// <summary>
    /// Checks every weight file of <paramref name="dir"/> against <paramref name="model"/>'s configuration (headers,
    /// names, shapes) without reading the values, and returns the tensor count per dtype and the number of files.
    /// </summary>
    public static WeightFiles Verify(string dir, TransformerModel model)
    {
        RequireDirectory(dir);
        using var source = SafeTensorsSource.OpenDirectory(dir);
        WeightMap.For(model).Verify(source, dir);
        var dtypes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (dtype, count) in source.DtypeCounts()) dtypes[dtype] = count;
        return new WeightFiles(dtypes, source.FileCount);
    }

    /// <summary>Throws <see cref="DirectoryNotFoundException"/> unless <paramref name="dir"/> is a directory.</summary>
    public static void RequireDirectory(string dir)
    {
        if (File.Exists(dir))
            throw new DirectoryNotFoundException($"{dir}: is a file; expected a checkpoint directory holding config.json and model.safetensors.");
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"{dir}: no such checkpoint directory; check the path.");
    }
}
