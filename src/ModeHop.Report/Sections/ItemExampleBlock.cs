using System.Globalization;
using System.Text;

namespace ModeHop.Report.Sections;

/// <summary>
/// One item of a family's test task under its chart: the prompt as preformatted text and the two answers. Item text
/// comes from the suite (or a scanned directory) and may hold anything, markup included: all of it is escaped.
/// </summary>
internal static class ItemExampleBlock
{
    public static void Render(StringBuilder html, ReportItemExample example)
    {
        html.Append("<div class=\"example\">\n")
            .Append($"<p class=\"example-title\">Example item: {Html.Escape(example.Task)}, item {example.Index.ToString(CultureInfo.InvariantCulture)}</p>\n")
            .Append($"<pre class=\"prompt\">{Html.Escape(example.Prompt)}</pre>\n")
            .Append("<dl class=\"answers\">")
            .Append($"<div><dt class=\"mode-g\">general answer</dt><dd><pre>{Html.Escape(example.General)}</pre></dd></div>")
            .Append($"<div><dt class=\"mode-p\">parrot answer</dt><dd><pre>{Html.Escape(example.Parrot)}</pre></dd></div>")
            .Append("</dl>\n</div>\n");
    }
}
