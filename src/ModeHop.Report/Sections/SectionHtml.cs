using System.Text;

namespace ModeHop.Report.Sections;

/// <summary>The frame every analysis section shares: a &lt;section&gt; with a heading and a one-line lede, and plain tables.</summary>
internal static class SectionHtml
{
    /// <summary>Opens &lt;section class="analysis {cssClass}"&gt; with its heading and lede (both escaped here).</summary>
    public static void Open(StringBuilder html, string cssClass, string heading, string lede)
    {
        html.Append($"<section class=\"analysis {cssClass}\">\n<h2>{Html.Escape(heading)}</h2>\n");
        if (lede.Length > 0)
            html.Append($"<p class=\"lede\">{Html.Escape(lede)}</p>\n");
    }

    public static void Close(StringBuilder html) => html.Append("</section>\n");

    /// <summary>A sub-heading (escaped here).</summary>
    public static void Heading(StringBuilder html, string text) => html.Append($"<h3>{Html.Escape(text)}</h3>\n");

    /// <summary>A paragraph of already-escaped HTML.</summary>
    public static void Paragraph(StringBuilder html, string content, string cssClass = "note") => html.Append($"<p class=\"{cssClass}\">{content}</p>\n");

    /// <summary>A table; headers are escaped here, cells are HTML already escaped by the caller; numeric columns align right.</summary>
    public static void Table(StringBuilder html, string cssClass, IReadOnlyList<(string Header, bool Numeric)> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        html.Append($"<table class=\"{cssClass}\">\n<thead><tr>");
        foreach (var (header, numeric) in columns)
            html.Append(numeric ? "<th class=\"num\">" : "<th>").Append(Html.Escape(header)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < columns.Count; c++)
                html.Append(columns[c].Numeric ? "<td class=\"num\">" : "<td>").Append(row[c]).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>The median of the values (NaN for none).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
