namespace ModeHop.Report;

/// <summary>The three mode names the report accepts, their one-letter forms and their colours.</summary>
internal static class ModeNames
{
    public const string General = "General", Parrot = "Parrot", Mixed = "Mixed";

    public static bool IsKnown(string? mode) => mode is General or Parrot or Mixed;

    /// <summary>G, P or M: hops read "P→G".</summary>
    public static char Letter(string mode) => mode switch { General => 'G', Parrot => 'P', _ => 'M' };

    public static string Colour(string mode) => mode switch { General => Palette.General, Parrot => Palette.Parrot, _ => Palette.Mixed };

    /// <summary>G, P or M in the mode's colour (CSS classes mode-g, mode-p, mode-m), its full name as a tooltip.</summary>
    public static string LetterSpan(string mode) =>
        $"<span class=\"mode-{char.ToLowerInvariant(Letter(mode))}\" title=\"{Html.Escape(mode)}\">{Letter(mode)}</span>";

    /// <summary>"P→G": the arrow is U+2192.</summary>
    public static string Arrow(string from, string to) => $"{Letter(from)}\u2192{Letter(to)}";
}
