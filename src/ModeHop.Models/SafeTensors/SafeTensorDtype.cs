namespace ModeHop.Models.SafeTensors;

/// <summary>
/// Element types of the safetensors format, in the order of the Rust crate's <c>enum Dtype</c>
/// (increasing alignment). ModeHop converts F32, F16 and BF16 to fp32 and integers to int64;
/// the other types are recognised so that a file holding them opens, but cannot be read as numbers.
/// </summary>
public enum SafeTensorDtype
{
    BOOL,
    F4,
    F6_E2M3,
    F6_E3M2,
    U8,
    I8,
    F8_E5M2,
    F8_E4M3,
    F8_E8M0,
    F8_E4M3FNUZ,
    F8_E5M2FNUZ,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    C64,
    F64,
    I64,
    U64,
}

/// <summary>Names and sizes of <see cref="SafeTensorDtype"/> values as they appear in a header.</summary>
public static class SafeTensorDtypes
{
    static readonly Dictionary<string, SafeTensorDtype> ByName =
        Enum.GetValues<SafeTensorDtype>().ToDictionary(d => d.ToString(), StringComparer.Ordinal);

    /// <summary>The header spelling, e.g. "BF16".</summary>
    public static string Name(this SafeTensorDtype dtype) => dtype.ToString();

    /// <summary>Parses a header dtype name; names are case-sensitive, as in the Rust crate.</summary>
    public static bool TryParse(string name, out SafeTensorDtype dtype) => ByName.TryGetValue(name, out dtype);

    /// <summary>Bits per element: 4 and 6 for the sub-byte float types, otherwise 8 × bytes.</summary>
    public static int BitSize(this SafeTensorDtype dtype) => dtype switch
    {
        SafeTensorDtype.F4 => 4,
        SafeTensorDtype.F6_E2M3 or SafeTensorDtype.F6_E3M2 => 6,
        SafeTensorDtype.BOOL or SafeTensorDtype.U8 or SafeTensorDtype.I8
            or SafeTensorDtype.F8_E5M2 or SafeTensorDtype.F8_E4M3 or SafeTensorDtype.F8_E8M0
            or SafeTensorDtype.F8_E4M3FNUZ or SafeTensorDtype.F8_E5M2FNUZ => 8,
        SafeTensorDtype.I16 or SafeTensorDtype.U16 or SafeTensorDtype.F16 or SafeTensorDtype.BF16 => 16,
        SafeTensorDtype.I32 or SafeTensorDtype.U32 or SafeTensorDtype.F32 => 32,
        SafeTensorDtype.C64 or SafeTensorDtype.F64 or SafeTensorDtype.I64 or SafeTensorDtype.U64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>All header names, for error messages.</summary>
    public static string KnownNames => string.Join(", ", ByName.Keys);
}
