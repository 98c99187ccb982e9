using ModeHop.Models.HuggingFace;

namespace ModeHop.Tests.Models;

/// <summary>An in-memory weight source for tests.</summary>
public sealed class MemoryWeightSource(IEnumerable<HfTensor> tensors) : IWeightSource
{
    readonly Dictionary<string, HfTensor> map = tensors.ToDictionary(t => t.Name);

    public IEnumerable<string> Names => map.Keys;
    public int[] Shape(string name) => map[name].Shape;
    public float[] ReadFloat32(string name) => (float[])map[name].Data.Clone();
    public string FileOf(string name) => "memory";
}
