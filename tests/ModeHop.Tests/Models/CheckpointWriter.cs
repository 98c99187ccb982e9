using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ModeHop.Models.HuggingFace;

namespace ModeHop.Tests.Models;

/// <summary>One tensor as stored bytes: its safetensors dtype name, shape and little-endian data.</summary>
public sealed record StoredTensor(string Name, string Dtype, int[] Shape, byte[] Bytes);

/// <summary>
/// Writes test checkpoints the product's writer does not (it writes F32 only): F16 and BF16 weights rounded to
/// nearest even, mixed-dtype buffers, and sharded checkpoints with a <c>model.safetensors.index.json</c>.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>The parameter tensors of a checkpoint directory as fp32 (its buffers left out), sorted by name.</summary>
    public static List<HfTensor> ReadParameters(string dir)
    {
        using var source = SafeTensorsSource.OpenDirectory(dir);
        return source.Names.Where(n => !WeightMap.IsBuffer(n)).Order(StringComparer.Ordinal)
            .Select(n => new HfTensor(n, source.Shape(n), source.ReadFloat32(n))).ToList();
    }

    /// <summary>
    /// The values rounded to <paramref name="dtype"/> (F32, F16 or BF16, round to nearest even) as stored bytes, and
    /// the fp32 values those bytes stand for.
    /// </summary>
    public static (StoredTensor Stored, HfTensor Rounded) Round(HfTensor t, string dtype)
    {
        var rounded = new float[t.Data.Length];
        byte[] bytes;
        switch (dtype)
        {
            case "F32":
                t.Data.CopyTo(rounded, 0);
                bytes = Floats(t.Data);
                break;
            case "F16":
                bytes = new byte[2 * t.Data.Length];
                for (int i = 0; i < t.Data.Length; i++)
                {
                    var half = (Half)t.Data[i];                      // IEEE round to nearest even
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), BitConverter.HalfToUInt16Bits(half));
                    rounded[i] = (float)half;
                }
                break;
            case "BF16":
                bytes = new byte[2 * t.Data.Length];
                for (int i = 0; i < t.Data.Length; i++)
                {
                    // The top 16 bits of the fp32, rounded to nearest even on the 16 bits dropped (finite inputs).
                    uint bits = BitConverter.SingleToUInt32Bits(t.Data[i]);
                    ushort top = (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), top);
                    rounded[i] = BitConverter.UInt32BitsToSingle((uint)top << 16);
                }
                break;
            default:
                throw new ArgumentException($"Cannot round to {dtype}.");
        }
        return (new StoredTensor(t.Name, dtype, t.Shape, bytes), t with { Data = rounded });
    }

    public static byte[] Floats(float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>A safetensors file: tensors sorted by name, packed from offset 0, header padded with spaces to 8 bytes.</summary>
    public static void Write(string path, IEnumerable<StoredTensor> tensors)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        long offset = 0;
        foreach (var t in ordered)
        {
            header[t.Name] = new { dtype = t.Dtype, shape = t.Shape, data_offsets = new[] { offset, offset + t.Bytes.Length } };
            offset += t.Bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        stream.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        foreach (var t in ordered) stream.Write(t.Bytes);
    }

    /// <summary>
    /// A sharded checkpoint in <paramref name="dir"/>: the tensors dealt round-robin (in name order) into
    /// <paramref name="shards"/> files <c>model-0000i-of-0000n.safetensors</c>, listed by <c>model.safetensors.index.json</c>.
    /// </summary>
    public static void WriteSharded(string dir, IReadOnlyList<StoredTensor> tensors, int shards)
    {
        var ordered = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int s = 0; s < shards; s++)
        {
            string file = $"model-{s + 1:D5}-of-{shards:D5}.safetensors";
            var part = ordered.Where((_, i) => i % shards == s).ToList();
            Write(Path.Combine(dir, file), part);
            foreach (var t in part) weightMap[t.Name] = file;
        }
        long total = ordered.Sum(t => (long)t.Bytes.Length);
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
            JsonSerializer.Serialize(new { metadata = new { total_size = total }, weight_map = weightMap }));
    }

    /// <summary>A new checkpoint directory holding a copy of <paramref name="fromDir"/>'s config.json.</summary>
    public static string NewDirWithConfig(string fromDir, string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "modehop-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(fromDir, "config.json"), Path.Combine(dir, "config.json"));
        return dir;
    }
}
