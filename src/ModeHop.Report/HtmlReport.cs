using System.Globalization;
using System.Text;
using ModeHop.Report.Sections;

namespace ModeHop.Report;

/// <summary>
/// Renders a report as one self-contained HTML5 file: inline CSS and SVG, no script, no fonts, images or links to
/// fetch. Every text from the data is escaped; equal data renders to equal bytes. Order: summary, recommended
/// checkpoint, one section per family (its chart, its items-and-signals table, an example item), the hop table, the
/// envelope of the general probability, then local stability, checkpoint averaging, interpolation, data selection and
/// predictors, each only when the data has it.
/// </summary>
public static class HtmlReport
{
    /// <summary>The whole document.</summary>
    /// <exception cref="ArgumentException">A series whose lists differ in length, a non-finite value or an unknown mode.</exception>
    public static string Render(ReportData data)
    {
        ReportChecks.Validate(data);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append($"<title>{Html.Escape(data.Title)} · {Html.Escape(data.RunName)}</title>\n")
            .Append("<style>\n").Append(ReportStyle.Css).Append("\n</style>\n</head>\n<body>\n<main>\n");

        html.Append($"<header>\n<h1>{Html.Escape(data.Title)}</h1>\n")
            .Append($"<p class=\"meta\">run <strong>{Html.Escape(data.RunName)}</strong> · source {Html.Escape(data.Source)} · generated {Generated(data.Generated)}</p>\n</header>\n");
        if (data.Summary.Count > 0)
        {
            html.Append("<dl class=\"summary\">\n");
            foreach (ReportSummaryLine line in data.Summary)
                html.Append($"<div><dt>{Html.Escape(line.Label)}</dt><dd>{Html.Escape(line.Value)}</dd></div>\n");
            html.Append("</dl>\n");
        }

        if (data.Selection is { } selection)
            SelectionSection.Render(html, selection);
        foreach (ReportFamily family in data.Families)
            Family(html, family, data.ValueLabel);
        if (data.Families.Count == 0)
            html.Append("<p class=\"empty\">No families.</p>\n");

        html.Append("<section class=\"hop-table\">\n<h2>Hops</h2>\n").Append(HopTable.Render(data.Families)).Append("</section>\n");
        if (data.Envelope is { Steps.Count: > 0 } envelope)
            EnvelopeSection.Render(html, envelope);
        if (data.Stability is { Points.Count: > 0 } stability)
            StabilitySection.Render(html, stability);
        if (data.Averaging is { Count: > 0 } averaging)
            AveragingSection.Render(html, averaging);
        if (data.Interpolation is { Count: > 0 } interpolation)
            InterpolationSection.Render(html, interpolation);
        if (data.DataSelection is { } datasel && (datasel.Windows.Count > 0 || datasel.Arms.Count > 0))
            DataSelectionSection.Render(html, datasel);
        if (data.Predictors is { } predictors && (predictors.Cells.Count > 0 || predictors.Best.Count > 0))
            PredictorSection.Render(html, predictors);
        html.Append("<footer>ModeHop report · one self-contained file: no scripts, no network.</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// Writes <see cref="Render"/>'s output as UTF-8 to <paramref name="path"/> + ".tmp", then renames it over
    /// <paramref name="path"/>, so a reader never sees a half-written report; on failure the old file stays.
    /// </summary>
    public static void Write(ReportData data, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = Render(data);
        string tmp = path + ".tmp";
        try
        {
            File.WriteAllText(tmp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            if (File.Exists(tmp))
                File.Delete(tmp);
            throw;
        }
    }

    static void Family(StringBuilder html, ReportFamily family, string valueLabel)
    {
        html.Append($"<section class=\"family\">\n<h2>{Html.Escape(family.Family)}</h2>\n");
        int tasks = family.Series.Count(s => !s.Control), controls = family.Series.Count - tasks;
        int checkpoints = family.Series.Count == 0 ? 0 : family.Series.Max(s => s.Values.Count);
        html.Append($"<p class=\"counts\">{Count(family.Hops.Count, "hop")} · {Count(tasks, "task")} · {Count(controls, "control")} · {Count(checkpoints, "checkpoint")}</p>\n");
        if (!string.IsNullOrEmpty(family.Note))
            html.Append($"<p class=\"note\">{Html.Escape(family.Note)}</p>\n");
        if (checkpoints == 0)
        {
            html.Append("<p class=\"empty\">no checkpoints</p>\n</section>\n");
            return;
        }
        IReadOnlyList<string> colours = Palette.For(family.Series);
        html.Append(FamilyChart.Render(family, valueLabel, colours));
        html.Append(Legend.Render(family, colours));
        if (family.Dynamics is { } dynamics)
            FamilyDynamicsBlock.Render(html, dynamics);
        if (family.Example is { } example)
            ItemExampleBlock.Render(html, example);
        html.Append("</section>\n");
    }

    static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>The data's own timestamp in UTC, e.g. 2025-03-01 14:05:09 UTC.</summary>
    static string Generated(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
