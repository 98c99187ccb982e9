using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModeHop.Suite;

/// <summary>
/// The unambiguous byte encoding that content hashes and demo seeds are computed over (docs/suite.md, "ContentHash"):
/// <code>
/// string  s&lt;UTF-8 byte count&gt;:&lt;UTF-8 bytes&gt;      e.g. "Flipped" → s7:Flipped
/// null    n
/// bool    t | f
/// int     i&lt;decimal&gt;;                              e.g. -3 → i-3;
/// double  d&lt;shortest round-trip decimal&gt;;            e.g. 0.001 → d0.001;
/// list    l&lt;count&gt;: followed by its elements
/// option  o followed by the value: an optional field, written only when present
/// </code>
/// Every value is self-delimiting, so two different field sequences never encode to the same bytes.
/// </summary>
internal sealed class CanonicalWriter
{
    readonly MemoryStream bytes = new();

    public CanonicalWriter String(string? value)
    {
        if (value is null) return Raw("n");
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        Raw(string.Create(CultureInfo.InvariantCulture, $"s{utf8.Length}:"));
        bytes.Write(utf8);
        return this;
    }

    public CanonicalWriter Bool(bool value) => Raw(value ? "t" : "f");

    public CanonicalWriter Int(int value) => Raw(string.Create(CultureInfo.InvariantCulture, $"i{value};"));

    public CanonicalWriter Double(double value) => Raw(string.Create(CultureInfo.InvariantCulture, $"d{value:R};"));

    public CanonicalWriter Null() => Raw("n");

    /// <summary>
    /// Marks that an optional field's value follows. The field is written only when present, so a layout that gained it
    /// still encodes its old values to the old bytes; "o" starts no other value, so the encoding stays unambiguous.
    /// </summary>
    public CanonicalWriter Optional() => Raw("o");

    public CanonicalWriter ListHeader(int count) => Raw(string.Create(CultureInfo.InvariantCulture, $"l{count}:"));

    public byte[] ToArray() => bytes.ToArray();

    public byte[] Sha256() => SHA256.HashData(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));

    CanonicalWriter Raw(string ascii)
    {
        bytes.Write(Encoding.ASCII.GetBytes(ascii));
        return this;
    }
}
