namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary>Reads a tokenizer.json <c>pre_tokenizer</c> object.</summary>
static class PreTokenizerJson
{
    public const string Supported = "ByteLevel, Metaspace, WhitespaceSplit, Whitespace, Digits, Split and Sequence";

    public static IPreTokenizer Read(JsonSection s)
    {
        string type = s.Type();
        IPreTokenizer result;
        switch (type)
        {
            case "ByteLevel":
                result = new ByteLevelPreTokenizer(s.Bool("add_prefix_space", true), s.Bool("use_regex", true));
                s.RejectUnknownKeys("trim_offsets");
                return result;
            case "Metaspace":
                result = ReadMetaspace(s);
                s.RejectUnknownKeys("str_rep");
                return result;
            case "WhitespaceSplit": result = new WhitespaceSplitPreTokenizer(); break;
            case "Whitespace": result = new WhitespacePreTokenizer(); break;
            case "Digits": result = new DigitsPreTokenizer(s.Bool("individual_digits", false)); break;
            case "Split": result = new SplitPreTokenizer(TextPattern.Read(s, "pattern"), Splitting.Parse(s, "behavior"), s.Bool("invert", false)); break;
            case "Sequence": result = new SequencePreTokenizer(s.Objects("pretokenizers").Select(Read).ToList()); break;
            default: throw s.Error($"pre_tokenizer type '{type}' is not supported; ModeHop supports {Supported}.");
        }
        s.RejectUnknownKeys();
        return result;
    }

    /// <summary>Metaspace, with the legacy <c>add_prefix_space: false</c> meaning <c>prepend_scheme: "never"</c> as in Hugging Face.</summary>
    public static (string Replacement, PrependScheme Scheme, bool Split) ReadMetaspaceSettings(JsonSection s)
    {
        string replacement = s.Char("replacement");
        var scheme = s.OptionalString("prepend_scheme") switch
        {
            null or "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            var other => throw s.Error($"'prepend_scheme' \"{other}\" is not one of always, first, never."),
        };
        if (!s.Bool("add_prefix_space", true))
        {
            if (s.OptionalString("prepend_scheme") is { } declared && declared != "never")
                throw s.Error($"'add_prefix_space': false contradicts 'prepend_scheme': \"{declared}\"; Hugging Face refuses this file too.");
            scheme = PrependScheme.Never;
        }
        return (replacement, scheme, s.Bool("split", true));
    }

    static MetaspacePreTokenizer ReadMetaspace(JsonSection s)
    {
        var (replacement, scheme, split) = ReadMetaspaceSettings(s);
        return new MetaspacePreTokenizer(replacement, scheme, split);
    }
}
