using System.Globalization;
using System.Text;

namespace ModeHop.Report.Sections;

/// <summary>
/// A family's items and signals under its chart: one table row per series (item flips both ways, flips per item, items
/// wrong at the end and how many of those were right earlier, a test task's ρ with its control, the early-warning τ
/// before hops), then one line on universality and one saying what τ is.
/// </summary>
internal static class FamilyDynamicsBlock
{
    const string None = "—";

    public static void Render(StringBuilder html, ReportFamilyDynamics dynamics)
    {
        html.Append("<div class=\"dynamics\">\n");
        SectionHtml.Table(html, "dynamics-table",
            [("series", false), ("item flips R→W / W→R", true), ("flips per item", true), ("wrong at the end", true), ("of them right earlier", true),
             ("ρ with its control", true), ("τ variance / autocorr. before hops (windows)", true)],
            dynamics.Series.Select(s => (IReadOnlyList<string>)
            [
                Html.Escape(s.Series),
                s.Items == 0 ? None : $"{Html.Int(s.RightToWrong)} / {Html.Int(s.WrongToRight)}",
                s.Items == 0 ? None : s.FlipsPerItem.ToString("0.00", CultureInfo.InvariantCulture),
                s.Items == 0 ? None : $"{Html.Int(s.FinalErrors)} of {Html.Int(s.Items)}",
                s.Items == 0 || s.FinalErrors == 0 ? None : $"{Html.Int(s.FinalErrorsRightEarlier)} ({(100.0 * s.FinalErrorsRightEarlier / s.FinalErrors).ToString("0", CultureInfo.InvariantCulture)} %)",
                s.Control ? None : Html.Rho(s.ControlSpearman),
                s.HopWindows == 0 ? None : $"{Html.Rho(s.VarianceTau)} / {Html.Rho(s.AutocorrelationTau)} ({Html.Int(s.HopWindows)})",
            ]));
        string universality = dynamics.TestTasks >= 2
            ? $"universality: mean Spearman ρ between the ngp series of the family's {dynamics.TestTasks.ToString(CultureInfo.InvariantCulture)} test tasks across checkpoints <strong>{Html.Rho(dynamics.Universality)}</strong>."
            : $"universality: n/a ({dynamics.TestTasks.ToString(CultureInfo.InvariantCulture)} test task; it takes two).";
        SectionHtml.Paragraph(html, universality);
        if (dynamics.Window > 0)
            SectionHtml.Paragraph(html, Html.Escape(
                $"τ: Kendall's τ against time of the rolling variance and the lag-1 autocorrelation (windows of {dynamics.RollingWindow.ToString(CultureInfo.InvariantCulture)}) " +
                $"of ngp over the {dynamics.Window.ToString(CultureInfo.InvariantCulture)} checkpoints up to each confirmed hop's start, the mean over the hop windows; " +
                "a control's row is its test task's hop windows read on the control. A trend, not a prediction."), "lede");
        html.Append("</div>\n");
    }
}
