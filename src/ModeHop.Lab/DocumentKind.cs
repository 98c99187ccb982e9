namespace ModeHop.Lab;

/// <summary>
/// What a training document teaches: in an <see cref="Agreeing"/> one the shortcut and the rule give the same
/// answer; in a <see cref="RuleOnly"/> one only the rule is right; in a <see cref="ShortcutOnly"/> one only the
/// shortcut is (where a family has a natural such document).
/// </summary>
public enum DocumentKind { Agreeing, RuleOnly, ShortcutOnly }

public static class DocumentKinds
{
    public static IReadOnlyList<DocumentKind> All { get; } = [DocumentKind.Agreeing, DocumentKind.RuleOnly, DocumentKind.ShortcutOnly];

    /// <summary>The recipe spelling: agreeing, rule_only, shortcut_only.</summary>
    public static string Name(DocumentKind kind) => kind switch
    {
        DocumentKind.Agreeing => "agreeing",
        DocumentKind.RuleOnly => "rule_only",
        _ => "shortcut_only",
    };
}
