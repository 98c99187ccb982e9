using System.Buffers.Binary;

namespace ModeHop.Suite;

/// <summary>
/// Where an item's demo randomness comes from. The state of the <see cref="SplitMix64"/> for (task, item, seed) is the
/// first 8 bytes, read little-endian, of SHA-256 over the <see cref="CanonicalWriter"/> encoding of
/// <c>s"ModeHop.Suite.DemoRng/1", s Family, s Name, b Control, i itemIndex, i seed</c>.
/// It depends on the task's identity, not its content: editing one item leaves the other items' demos unchanged.
/// The seed of a generative item's samples (<see cref="ForSamples"/>) is computed the same way under the tag
/// <c>"ModeHop.Suite.SampleRng/1"</c>, a stream apart from the demos' one.
/// </summary>
internal static class DemoSeed
{
    public const string Tag = "ModeHop.Suite.DemoRng/1", SampleTag = "ModeHop.Suite.SampleRng/1";

    public static ulong For(TaskDefinition task, int itemIndex, int seed) => Hash(Tag, task, itemIndex, seed);

    /// <summary>The <see cref="ModeHop.Models.Scoring.SampleRequest.Seed"/> of (task, item, seed).</summary>
    public static ulong ForSamples(TaskDefinition task, int itemIndex, int seed) => Hash(SampleTag, task, itemIndex, seed);

    static ulong Hash(string tag, TaskDefinition task, int itemIndex, int seed)
    {
        var w = new CanonicalWriter()
            .String(tag).String(task.Family).String(task.Name).Bool(task.Control).Int(itemIndex).Int(seed);
        return BinaryPrimitives.ReadUInt64LittleEndian(w.Sha256());
    }

    public static SplitMix64 Rng(TaskDefinition task, int itemIndex, int seed) => new(For(task, itemIndex, seed));
}
