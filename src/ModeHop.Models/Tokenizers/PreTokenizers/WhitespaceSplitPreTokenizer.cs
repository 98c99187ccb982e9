namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary><c>WhitespaceSplit</c>: pieces are the runs of non-white-space characters (the lab's word-level tokenizer).</summary>
sealed class WhitespaceSplitPreTokenizer : IPreTokenizer
{
    public void Split(PreToken piece, List<PreToken> output)
    {
        string text = piece.Text;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && UnicodeClasses.IsWhiteSpace(text[i])) i++;
            int start = i;
            while (i < text.Length && !UnicodeClasses.IsWhiteSpace(text[i])) i++;
            if (i > start) output.Add(new PreToken(text[start..i], piece.AtStart && start == 0));
        }
    }
}
