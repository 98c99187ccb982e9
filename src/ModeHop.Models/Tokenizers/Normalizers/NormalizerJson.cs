namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary>Reads a tokenizer.json <c>normalizer</c> object.</summary>
static class NormalizerJson
{
    public const string Supported = "NFC, NFD, Prepend, Replace, Lowercase, Strip and Sequence";

    public static INormalizer Read(JsonSection s)
    {
        string type = s.Type();
        INormalizer result = type switch
        {
            "NFC" => new UnicodeNormalizer(compose: true),
            "NFD" => new UnicodeNormalizer(compose: false),
            "Prepend" => new PrependNormalizer(s.String("prepend")),
            "Replace" => new ReplaceNormalizer(TextPattern.Read(s, "pattern"), s.String("content")),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(s.Bool("strip_left", false), s.Bool("strip_right", false)),
            "Sequence" => new SequenceNormalizer(s.Objects("normalizers").Select(Read).ToList()),
            _ => throw s.Error($"normalizer type '{type}' is not supported; ModeHop supports {Supported}."),
        };
        s.RejectUnknownKeys();
        return result;
    }
}
