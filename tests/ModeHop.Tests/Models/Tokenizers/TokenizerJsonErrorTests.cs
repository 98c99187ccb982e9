using System.Text.Json.Nodes;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>Unsupported or malformed tokenizer.json: an InvalidDataException whose one line names the file, the thing and what ModeHop supports.</summary>
public class TokenizerJsonErrorTests
{
    const string Source = "bad-tokenizer.json";

    static InvalidDataException Fails(Action<JsonObject> edit, string fixture = "tiny-bytelevel.json") =>
        Assert.Throws<InvalidDataException>(() => TokenizerFixtures.Edited(fixture, edit, Source));

    static void AssertOneLineNaming(InvalidDataException e, params string[] parts)
    {
        Assert.StartsWith(Source + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        foreach (var p in parts) Assert.Contains(p, e.Message);
    }

    [Theory]
    [InlineData("Unigram")]
    [InlineData("WordPiece")]
    public void Load_OtherModelType_SaysWhatIsSupported(string type)
    {
        var e = Fails(json => json["model"]!["type"] = type);
        AssertOneLineNaming(e, $"model type '{type}' is not supported", TokenizerJson.SupportedModels);
    }

    [Fact]
    public void Load_UnknownNormalizer_NamesIt() =>
        AssertOneLineNaming(Fails(json => json["normalizer"] = new JsonObject { ["type"] = "Precompiled" }), "'normalizer'", "'Precompiled' is not supported", "NFC");

    [Fact]
    public void Load_UnknownPreTokenizerInsideASequence_NamesItsPlace() =>
        AssertOneLineNaming(Fails(json => json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(new JsonObject { ["type"] = "WhitespaceSplit" }, new JsonObject { ["type"] = "BertPreTokenizer" }),
        }), "'pre_tokenizer.pretokenizers[1]'", "'BertPreTokenizer' is not supported", "ByteLevel");

    [Fact]
    public void Load_UnknownDecoder_NamesIt() =>
        AssertOneLineNaming(Fails(json => json["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##" }), "'decoder'", "'WordPiece' is not supported");

    [Fact]
    public void Load_BpeDropout_IsRefused() =>
        AssertOneLineNaming(Fails(json => json["model"]!["dropout"] = 0.1), "'model'", "dropout", "null");

    [Fact]
    public void Load_MergeResultNotInVocab_NamesTheMerge() =>
        AssertOneLineNaming(Fails(json => json["model"]!["merges"]!.AsArray().Add("w o")), "merge 10 (w o)", "\"wo\"");

    [Fact]
    public void Load_BadMergeEntry_SaysBothEncodings() =>
        AssertOneLineNaming(Fails(json => json["model"]!["merges"]!.AsArray().Add("a b c")), "merge 10", "\"left right\"");

    [Fact]
    public void Load_UnknownKey_IsAnErrorNotIgnored() =>
        AssertOneLineNaming(Fails(json => json["pre_tokenizer"]!["add_suffix_space"] = true), "unknown key 'add_suffix_space'");

    [Fact]
    public void Load_UnkTokenNotInVocab_SaysSo() =>
        AssertOneLineNaming(Fails(json => json["model"]!["unk_token"] = "<nope>"), "unk_token \"<nope>\" is not in the vocab");

    [Fact]
    public void Load_MissingModel_SaysWhatIsExpected() =>
        AssertOneLineNaming(Fails(json => json.Remove("model")), "missing the object 'model'");

    [Fact]
    public void Parse_NotJson_SaysSoNamingTheSource()
    {
        var e = Assert.Throws<InvalidDataException>(() => TokenizerJson.Parse("{\"model\": ", Source));
        AssertOneLineNaming(e, "not valid JSON");
    }

    [Fact]
    public void Parse_JsonArray_SaysAnObjectWasExpected()
    {
        var e = Assert.Throws<InvalidDataException>(() => TokenizerJson.Parse("[1, 2]", Source));
        AssertOneLineNaming(e, "should be a JSON object");
    }

    [Fact]
    public void Load_MissingFile_IsFileNotFoundNamingThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "tokenizer.json");
        var e = Assert.Throws<FileNotFoundException>(() => TokenizerJson.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_IllTypedFlag_NamesTheKeyAndTheValue() =>
        AssertOneLineNaming(Fails(json => json["model"]!["byte_fallback"] = "yes"), "'byte_fallback' should be true or false", "\"yes\"");
}
