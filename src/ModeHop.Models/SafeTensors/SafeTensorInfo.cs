namespace ModeHop.Models.SafeTensors;

/// <summary>
/// One validated header entry. <see cref="DataOffset"/> is the header's <c>data_offsets[0]</c>,
/// relative to the start of the byte buffer (file offset = <see cref="SafeTensorsFile.BufferStart"/> + DataOffset);
/// the data is <see cref="ByteLength"/> = <see cref="ElementCount"/> × dtype size bytes, little-endian, C order.
/// </summary>
/// <param name="Shape">Dimensions, outermost first; empty for a 0-rank scalar. Treat as read-only.</param>
public sealed record SafeTensorInfo(string Name, SafeTensorDtype Dtype, int[] Shape, long ElementCount, long DataOffset, long ByteLength)
{
    /// <summary>The shape as "[a, b, c]" for messages.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
