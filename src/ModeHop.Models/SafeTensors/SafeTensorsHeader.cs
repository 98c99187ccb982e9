using System.Text.Json;
using System.Text.Unicode;
using static ModeHop.Models.SafeTensors.SafeTensorsErrors;

namespace ModeHop.Models.SafeTensors;

/// <summary>
/// Parses and validates the JSON header of a safetensors file:
/// <c>{name: {"dtype": D, "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {str: str}}</c>.
/// Rules (as the Rust crate's <c>validate()</c>, with the tiling rule relaxed): the header is a UTF-8 JSON object
/// without duplicate keys; dtypes are known; dimensions are non-negative integers; end − begin = numel × dtype size;
/// every tensor lies inside the byte buffer; no two tensors share a byte. Gaps between tensors and bytes after
/// the last tensor are allowed (the crate rejects them), since they cannot make a reader return wrong values.
/// Keys inside an entry other than the three above are ignored, as the crate's serde derive does.
/// </summary>
internal static class SafeTensorsHeader
{
    public const string MetadataKey = "__metadata__";

    public sealed record Parsed(Dictionary<string, SafeTensorInfo> Tensors, Dictionary<string, string> Metadata);

    static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <param name="path">The file, for messages.</param>
    /// <param name="header">The N header bytes.</param>
    /// <param name="bufferLength">Bytes after the header (file length − 8 − N).</param>
    public static Parsed Parse(string path, ReadOnlyMemory<byte> header, long bufferLength)
    {
        if (!Utf8.IsValid(header.Span))
            throw Corrupt(path, $"the {header.Length}-byte header is not valid UTF-8 text");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, Strict);
        }
        catch (JsonException e)
        {
            throw Corrupt(path, $"the {header.Length}-byte header is not valid JSON ({e.Message})", inner: e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Corrupt(path, $"the header is a JSON {Describe(root.ValueKind)}, expected an object of tensor entries");

            var tensors = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            bool sawMetadata = false;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (sawMetadata) throw Corrupt(path, $"the header has the key {Quote(MetadataKey)} twice");
                    sawMetadata = true;
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }
                if (tensors.ContainsKey(property.Name))
                    throw Corrupt(path, $"the header names tensor {Quote(property.Name)} twice");
                tensors.Add(property.Name, ReadEntry(path, property.Name, property.Value, bufferLength));
            }
            CheckNoOverlap(path, tensors.Values);
            return new Parsed(tensors, metadata);
        }
    }

    static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null) return;
        if (value.ValueKind != JsonValueKind.Object)
            throw Corrupt(path, $"{Quote(MetadataKey)} is a JSON {Describe(value.ValueKind)}, expected an object of string values");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Corrupt(path, $"metadata value {Quote(item.Name)} is a JSON {Describe(item.Value.ValueKind)}, expected a string");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Corrupt(path, $"metadata key {Quote(item.Name)} appears twice");
        }
    }

    static SafeTensorInfo ReadEntry(string path, string name, JsonElement entry, long bufferLength)
    {
        string what = $"tensor {Quote(name)}";
        if (entry.ValueKind != JsonValueKind.Object)
            throw Corrupt(path, $"{what} is a JSON {Describe(entry.ValueKind)}, expected an object with dtype, shape and data_offsets");

        JsonElement? dtypeValue = null, shapeValue = null, offsetsValue = null;
        foreach (var field in entry.EnumerateObject())
        {
            ref JsonElement? slot = ref dtypeValue;
            switch (field.Name)
            {
                case "dtype": slot = ref dtypeValue; break;
                case "shape": slot = ref shapeValue; break;
                case "data_offsets": slot = ref offsetsValue; break;
                default: continue;
            }
            if (slot is not null) throw Corrupt(path, $"{what} has the field {Quote(field.Name)} twice");
            slot = field.Value;
        }
        if (dtypeValue is not { } dtypeElement) throw Corrupt(path, $"{what} has no \"dtype\" field");
        if (shapeValue is not { } shapeElement) throw Corrupt(path, $"{what} has no \"shape\" field");
        if (offsetsValue is not { } offsetsElement) throw Corrupt(path, $"{what} has no \"data_offsets\" field");

        if (dtypeElement.ValueKind != JsonValueKind.String)
            throw Corrupt(path, $"{what} has a dtype that is a JSON {Describe(dtypeElement.ValueKind)}, expected a string such as \"F32\"");
        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorDtypes.TryParse(dtypeName, out var dtype))
            throw Corrupt(path, $"{what} has unknown dtype {Quote(dtypeName)} (known: {SafeTensorDtypes.KnownNames})",
                "the file was written by a newer or different tool — re-save it with a standard dtype such as F32, F16 or BF16");

        int[] shape = ReadShape(path, what, shapeElement);
        long count = 1;
        foreach (int dim in shape)
            if (!TryMultiply(count, dim, out count))
                throw Corrupt(path, $"{what} has shape [{string.Join(", ", shape)}] whose element count overflows 64 bits");
        if (!TryMultiply(count, dtype.BitSize(), out long bits))
            throw Corrupt(path, $"{what} has shape [{string.Join(", ", shape)}] whose byte size overflows 64 bits");
        if (bits % 8 != 0)
            throw Corrupt(path, $"{what} has {count} elements of {dtype.BitSize()}-bit {dtype.Name()}, which do not end on a byte boundary");
        long byteLength = bits / 8;

        var (begin, end) = ReadOffsets(path, what, offsetsElement, bufferLength);
        if (end - begin != byteLength)
            throw Corrupt(path, $"{what} has data_offsets [{begin}, {end}] ({end - begin} bytes) but dtype {dtype.Name()} and shape [{string.Join(", ", shape)}] need {byteLength} bytes");
        return new SafeTensorInfo(name, dtype, shape, count, begin, byteLength);
    }

    static int[] ReadShape(string path, string what, JsonElement shape)
    {
        if (shape.ValueKind != JsonValueKind.Array)
            throw Corrupt(path, $"{what} has a shape that is a JSON {Describe(shape.ValueKind)}, expected an array of non-negative integers");
        var dims = new int[shape.GetArrayLength()];
        int i = 0;
        foreach (var dim in shape.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long value) || value < 0)
                throw Corrupt(path, $"{what} has shape entry {i} = {Raw(dim)}, expected a non-negative integer");
            if (value > int.MaxValue)
                throw Corrupt(path, $"{what} has dimension {i} = {value}, larger than ModeHop supports (2^31 − 1)",
                    "split the tensor or use another tool");
            dims[i++] = (int)value;
        }
        return dims;
    }

    static (long Begin, long End) ReadOffsets(string path, string what, JsonElement offsets, long bufferLength)
    {
        if (offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Corrupt(path, $"{what} has data_offsets {Raw(offsets)}, expected [begin, end]");
        Span<ulong> values = stackalloc ulong[2];
        int i = 0;
        foreach (var item in offsets.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out values[i]))
                throw Corrupt(path, $"{what} has data_offsets entry {i} = {Raw(item)}, expected a non-negative integer");
            i++;
        }
        if (values[0] > values[1])
            throw Corrupt(path, $"{what} has data_offsets [{values[0]}, {values[1]}] with begin after end");
        if (values[1] > (ulong)bufferLength)
            throw Corrupt(path, $"{what} has data_offsets [{values[0]}, {values[1]}] but the data buffer after the header is only {bufferLength} bytes");
        return ((long)values[0], (long)values[1]);
    }

    /// <summary>Sorted by begin, each non-empty tensor must start at or after the previous non-empty one's end.</summary>
    static void CheckNoOverlap(string path, IEnumerable<SafeTensorInfo> tensors)
    {
        var ordered = tensors.Where(t => t.ByteLength > 0)
            .OrderBy(t => t.DataOffset).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            var previous = ordered[i - 1];
            var current = ordered[i];
            long previousEnd = previous.DataOffset + previous.ByteLength;
            if (current.DataOffset < previousEnd)
                throw Corrupt(path, $"tensors {Quote(previous.Name)} [{previous.DataOffset}, {previousEnd}) and {Quote(current.Name)} [{current.DataOffset}, {current.DataOffset + current.ByteLength}) overlap in the data buffer");
        }
    }

    /// <summary>Product of two non-negative values, false when it exceeds <see cref="long.MaxValue"/>.</summary>
    static bool TryMultiply(long a, long b, out long product)
    {
        product = b == 0 || a <= long.MaxValue / b ? a * b : 0;
        return b == 0 || a <= long.MaxValue / b;
    }

    /// <summary>The JSON text of a value, escaped and cut short, for messages.</summary>
    static string Raw(JsonElement value) => Escape(value.GetRawText(), 40);

    static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
