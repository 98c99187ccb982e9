using System.Text;

namespace ModeHop.Report;

/// <summary>Every family's hops in one table, in the order given.</summary>
internal static class HopTable
{
    public static string Render(IReadOnlyList<ReportFamily> families)
    {
        var hops = families.SelectMany(f => f.Hops).ToList();
        if (hops.Count == 0)
            return "<p class=\"empty\">No hops.</p>\n";
        var html = new StringBuilder();
        html.Append("<table class=\"hops\">\n<thead><tr><th>Family</th><th>Task</th><th>Hop</th><th class=\"num\">Steps</th><th class=\"num\">Tokens</th><th class=\"num\">Margin change</th></tr></thead>\n<tbody>\n");
        foreach (ReportHop h in hops)
        {
            html.Append("<tr>")
                .Append($"<td>{Html.Escape(h.Family)}</td>")
                .Append($"<td>{Html.Escape(h.Task)}</td>")
                .Append($"<td class=\"hop\">{ModeNames.LetterSpan(h.From)}\u2192{ModeNames.LetterSpan(h.To)}</td>")
                .Append($"<td class=\"num\">{Html.Step(h.FromStep)} \u2192 {Html.Step(h.ToStep)}</td>")
                .Append($"<td class=\"num\">{TokenCount.Format(h.FromTokens)} \u2192 {TokenCount.Format(h.ToTokens)}</td>")
                .Append($"<td class=\"num\">{Html.Signed(h.MarginChange)}</td>")
                .Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        return html.ToString();
    }
}
