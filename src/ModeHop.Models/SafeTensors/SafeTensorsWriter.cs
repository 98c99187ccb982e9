using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModeHop.Models.SafeTensors;

/// <summary>
/// Writes fp32 tensors as a safetensors file that the Rust crate and <see cref="SafeTensorsFile"/> both accept:
/// tensors sorted by name (ordinal) and packed back to back from offset 0, metadata keys sorted, the JSON header
/// padded with spaces to a multiple of 8 bytes so the data starts 8-byte aligned. The same input gives the same bytes.
/// The file is written to <c>path.tmp-&lt;random&gt;</c>, flushed to disk and renamed over <paramref name="path"/>,
/// so readers see either the old file or the complete new one.
/// </summary>
public static class SafeTensorsWriter
{
    /// <summary>Floats per write call: keeps each span's byte length far below 2^31.</summary>
    const int ChunkElements = 1 << 24;

    // serde_json (the Rust writer) escapes only quotes, backslashes and control characters; the relaxed encoder is
    // the closest match. The header is never embedded in HTML, so the HTML-safe escaping of the default is not needed.
    static readonly JsonWriterOptions HeaderJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>Writes <paramref name="tensors"/> (name, shape, row-major values) as F32 with optional string metadata.</summary>
    public static void Write(string path, IEnumerable<(string Name, int[] Shape, float[] Data)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Write(path, tensors.Select(t => (t.Name, t.Shape, new ReadOnlyMemory<float>(t.Data ?? throw new ArgumentException($"Tensor {t.Name}: Data is null.", nameof(tensors))))), metadata);
    }

    /// <summary>
    /// As the array overload, for values that are slices of larger buffers (for example one contiguous parameter
    /// buffer cut into named views): nothing is copied, each slice is written straight to the file.
    /// </summary>
    public static void Write(string path, IEnumerable<(string Name, int[] Shape, ReadOnlyMemory<float> Data)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ModeHop writes safetensors files on little-endian machines only.");

        var ordered = Validate(tensors);
        byte[] header = BuildHeader(ordered, metadata);

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
            throw SafeTensorsErrors.MissingDirectory(directory, $"no such directory to write {Path.GetFileName(fullPath)} into", "create it first");

        string temporary = $"{fullPath}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var tensor in ordered)
                {
                    var values = tensor.Data.Span;
                    for (int start = 0; start < values.Length; start += ChunkElements)
                        stream.Write(MemoryMarshal.AsBytes(values.Slice(start, Math.Min(ChunkElements, values.Length - start))));
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// The padded JSON header for tensors already sorted by name:
    /// <c>{"__metadata__":{..},"a":{"dtype":"F32","shape":[..],"data_offsets":[b,e]},..}</c> + spaces to a multiple of 8.
    /// </summary>
    static byte[] BuildHeader(List<(string Name, int[] Shape, ReadOnlyMemory<float> Data)> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, HeaderJson))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(key, nameof(metadata));
                    json.WriteString(key, value ?? throw new ArgumentException($"Metadata value of {key} is null.", nameof(metadata)));
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, shape, data) in ordered)
            {
                long end = offset + 4L * data.Length;
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dim in shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    static List<(string Name, int[] Shape, ReadOnlyMemory<float> Data)> Validate(IEnumerable<(string Name, int[] Shape, ReadOnlyMemory<float> Data)> tensors)
    {
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, shape, data) in list)
        {
            if (name is null) throw new ArgumentException("A tensor name is null.", nameof(tensors));
            if (name == SafeTensorsHeader.MetadataKey)
                throw new ArgumentException($"A tensor cannot be named {SafeTensorsHeader.MetadataKey}: the format reserves that key.", nameof(tensors));
            if (!names.Add(name)) throw new ArgumentException($"Tensor {name} appears twice.", nameof(tensors));
            if (shape is null) throw new ArgumentException($"Tensor {name}: Shape is null.", nameof(tensors));
            long count = 1;
            foreach (int dim in shape)
            {
                if (dim < 0) throw new ArgumentException($"Tensor {name}: shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(tensors));
                count = dim == 0 || count <= long.MaxValue / dim ? count * dim : long.MaxValue;
            }
            if (count != data.Length)
                throw new ArgumentException($"Tensor {name}: shape [{string.Join(", ", shape)}] holds {count} values but Data has {data.Length}.", nameof(tensors));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the original error matters more than a leftover temporary file
        }
    }
}
