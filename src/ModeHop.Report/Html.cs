using System.Globalization;
using System.Text;

namespace ModeHop.Report;

/// <summary>Escaping and number formatting for text that goes into HTML and inline SVG.</summary>
internal static class Html
{
    /// <summary>
    /// Escapes &amp; &lt; &gt; " ' so the text is safe in element content and quoted attributes of both HTML and
    /// SVG (XML); characters XML forbids (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE, U+FFFF)
    /// become U+FFFD, so every SVG fragment stays well-formed.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t' or '\n' or '\r': sb.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': sb.Append('\uFFFD'); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        sb.Append(c).Append(text[++i]);
                    else if (char.IsSurrogate(c))
                        sb.Append('\uFFFD');
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>An SVG coordinate: at most two decimals, invariant culture, never "-0".</summary>
    public static string Num(double value)
    {
        double r = Math.Round(value, 2);
        return (r == 0 ? 0 : r).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A value shown to the reader with three decimals, e.g. 0.734.</summary>
    public static string Value(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A signed change with three decimals, e.g. +1.250 or −0.300 (with a true minus sign).</summary>
    public static string Signed(double value) =>
        value.ToString("+0.000;\u22120.000;0.000", CultureInfo.InvariantCulture);

    /// <summary>A correlation (ρ, τ) with two decimals and a true minus sign; "n/a" for NaN.</summary>
    public static string Rho(double rho) => double.IsNaN(rho) ? "n/a" : rho.ToString("0.00;\u22120.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>A step for people, with thousands separators: 7,000.</summary>
    public static string Step(long step) => step.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
