using ModeHop.Models.Tokenizers.PreTokenizers;

namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary>Reads a tokenizer.json <c>decoder</c> object.</summary>
static class DecoderJson
{
    public const string Supported = "ByteLevel, ByteFallback, Fuse, Strip, Replace, Metaspace and Sequence";

    public static IDecoder Read(JsonSection s)
    {
        string type = s.Type();
        IDecoder result;
        switch (type)
        {
            case "ByteLevel":
                result = new ByteLevelDecoder();
                s.RejectUnknownKeys("add_prefix_space", "trim_offsets", "use_regex");
                return result;
            case "Metaspace":
                var (replacement, scheme, _) = PreTokenizerJson.ReadMetaspaceSettings(s);
                s.RejectUnknownKeys("str_rep");
                return new MetaspaceDecoder(replacement, scheme);
            case "ByteFallback": result = new ByteFallbackDecoder(); break;
            case "Fuse": result = new FuseDecoder(); break;
            case "Strip": result = new StripDecoder(s.Char("content"), s.Int("start", 0), s.Int("stop", 0)); break;
            case "Replace": result = new ReplaceDecoder(TextPattern.Read(s, "pattern"), s.String("content")); break;
            case "Sequence": result = new SequenceDecoder(s.Objects("decoders").Select(Read).ToList()); break;
            default: throw s.Error($"decoder type '{type}' is not supported; ModeHop supports {Supported}.");
        }
        s.RejectUnknownKeys();
        return result;
    }
}
