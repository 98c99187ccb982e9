namespace ModeHop.Models.Tokenizers;

/// <summary>
/// One entry of tokenizer.json's <c>added_tokens</c>: text that becomes <paramref name="Id"/> wherever it occurs,
/// found before the model sees the text. <paramref name="SingleWord"/>: only when no word character touches it;
/// <paramref name="LeftStrip"/>/<paramref name="RightStrip"/>: it swallows the white space on that side;
/// <paramref name="Normalized"/>: it is looked for in the normalized text (else in the raw text);
/// <paramref name="Special"/>: a control token such as &lt;|endoftext|&gt; (ModeHop's Decode keeps it).
/// </summary>
public sealed record AddedToken(int Id, string Content, bool SingleWord, bool LeftStrip, bool RightStrip, bool Normalized, bool Special);
