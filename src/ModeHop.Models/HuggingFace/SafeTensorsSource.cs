using ModeHop.Models.SafeTensors;

namespace ModeHop.Models.HuggingFace;

/// <summary>A checkpoint's safetensors weights (one file or shards) seen as an <see cref="IWeightSource"/>.</summary>
public sealed class SafeTensorsSource : IWeightSource, IDisposable
{
    readonly WeightSource weights;

    SafeTensorsSource(WeightSource weights) => this.weights = weights;

    /// <summary>A checkpoint directory: model.safetensors or a sharded index.</summary>
    public static SafeTensorsSource OpenDirectory(string dir) => new(WeightSource.Open(dir));

    /// <summary>One .safetensors file.</summary>
    public static SafeTensorsSource OpenFile(string path) => new(WeightSource.Open(path));

    public IEnumerable<string> Names => weights.Tensors.Keys;

    public int[] Shape(string name) => weights.Tensors[name].Shape;

    public float[] ReadFloat32(string name) => weights.ReadFloat32(name);

    public string FileOf(string name) => weights.Contains(name) ? weights.FileOf(name).Path : weights.Location;

    /// <summary>Metadata of the first file (a single-file source's own metadata).</summary>
    public IReadOnlyDictionary<string, string> Metadata => weights.Files[0].Metadata;

    public int FileCount => weights.Files.Count;

    /// <summary>Tensors per dtype name.</summary>
    public IEnumerable<(string Dtype, long Count)> DtypeCounts() =>
        weights.Tensors.Values.GroupBy(t => t.Dtype.Name()).Select(g => (g.Key, (long)g.Count()));

    public void Dispose() => weights.Dispose();
}
