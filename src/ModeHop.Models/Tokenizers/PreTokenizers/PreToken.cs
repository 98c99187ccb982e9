namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary>
/// One piece of text on its way to the model. <paramref name="AtStart"/>: the piece begins where the
/// original text begins (Hugging Face's <c>offsets_original().0 == 0</c>), which Metaspace's
/// <c>prepend_scheme: "first"</c> asks.
/// </summary>
readonly record struct PreToken(string Text, bool AtStart);
