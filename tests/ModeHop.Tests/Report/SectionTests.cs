using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ModeHop.Report;
using ModeHop.Report.Sections;

namespace ModeHop.Tests.Report;

/// <summary>The analysis sections, change-point markers and example items: present only with their data, well-formed, deterministic, escaped.</summary>
public class SectionTests
{
    static readonly string[] SectionHeadings =
        ["Recommended checkpoint", "Envelope of the general probability", "Local stability", "Checkpoint averaging", "Interpolation between modes", "Data selection", "Generalisation predictors"];

    static string Class(XElement e) => (string?)e.Attribute("class") ?? "";

    static IReadOnlyList<XElement> Svgs(string html) => SampleReports.SvgFragments(html).Select(s => XElement.Parse(s)).ToList();

    static XElement Chart(string html, string cssClass) => Svgs(html).Single(s => Class(s).Split(' ').Contains(cssClass));

    static double Num(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Render_AllSections_EverySvgParsesAndEveryHeadingOnce()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());

        Assert.Equal(SampleReports.Count(html, "<svg "), Svgs(html).Count);
        foreach (string heading in SectionHeadings)
            Assert.Equal(1, SampleReports.Count(html, $"<h2>{heading}</h2>"));
    }

    [Fact]
    public void Render_NoSectionData_NoSection()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());
        string empty = HtmlReport.Render(SampleReports.TwoFamilies() with
        {
            Averaging = [], Interpolation = [], Stability = new ReportStability([], []), Envelope = new ReportEnvelope([], [], [], [], [], 1, 0, 0, 1, 0, 0, [], []), DataSelection = new ReportDataSelection([], []), Predictors = new ReportPredictors([], []),
        });

        Assert.Equal(html, empty);
        foreach (string heading in SectionHeadings)
            Assert.DoesNotContain($"<h2>{heading}</h2>", html);
    }

    [Fact]
    public void Render_AllSections_SameBytesTwiceAndUnderACommaCulture()
    {
        string first = HtmlReport.Render(SampleReports.AllSections());
        Assert.Equal(first, HtmlReport.Render(SampleReports.AllSections()));
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            comma.NumberFormat.NegativeSign = "~";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal(first, HtmlReport.Render(SampleReports.AllSections()));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Render_AllSections_SelfContained()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());

        foreach (string banned in new[] { "http:", "https:", "//", "src=", "href=", "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed", "<script" })
            Assert.DoesNotContain(banned, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_ScriptInEverySectionText_OnlyEscaped()
    {
        const string script = "<script>alert(1)</script>";
        string html = HtmlReport.Render(SampleReports.AllSections(script));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // example prompt, general and parrot answers, averaging (heading, method in legend, table and tooltips),
        // interpolation, selection (lede, fine-tune), data selection (windows, arms, families), predictors (labels, table)
        Assert.True(SampleReports.Count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 25, $"found {SampleReports.Count(html, "&lt;script&gt;")}");
        foreach (XElement svg in Svgs(html))
            Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName == "script");
    }

    [Fact]
    public void Render_ExampleItem_PreformattedAndEscaped()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());

        Assert.Contains("<pre class=\"prompt\">rep n3 n4 = n7 ; &lt;b&gt;bold&lt;/b&gt;</pre>", html);
        Assert.Contains("<dt class=\"mode-g\">general answer</dt><dd><pre>n7</pre></dd>", html);
        Assert.Contains("<dt class=\"mode-p\">parrot answer</dt><dd><pre>n5</pre></dd>", html);
    }

    [Fact]
    public void Render_ChangePoints_DashedLineInTheSeriesColourWithATooltipAndALegendEntry()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());
        XElement chart = SampleReports.Charts(html)[0];

        var marks = chart.Descendants("g").Where(g => Class(g) == "changepoint").ToList();
        Assert.Equal(2, marks.Count);
        XElement task = chart.Descendants("polyline").Single(p => Class(p) == "task");
        XElement line = marks[0].Element("line")!;
        Assert.Equal((string?)task.Attribute("stroke"), (string?)line.Attribute("stroke"));
        Assert.Equal("6 3", (string?)line.Attribute("stroke-dasharray"));
        Assert.StartsWith("change point at step 200 · algebra · 400k tokens · 0.150 → 0.830 (+0.680)", marks[0].Element("title")!.Value);
        // it sits where the hop to General at step 200 ends (the same x), but hop markers stay distinct
        XElement hop = chart.Descendants("g").First(g => Class(g) == "hop");
        Assert.Equal((string?)hop.Element("line")!.Attribute("x1"), (string?)line.Attribute("x1"));
        Assert.NotEqual((string?)hop.Element("line")!.Attribute("stroke-dasharray"), (string?)line.Attribute("stroke-dasharray"));
        Assert.Equal(1, SampleReports.Count(html, "change point (in its series' colour)"));
    }

    [Fact]
    public void Render_Stability_BarPerRateAndBatchLogAxisAndBothReferenceLines()
    {
        ReportData data = SampleReports.AllSections();
        XElement chart = Chart(HtmlReport.Render(data), "stability-chart");

        var bars = chart.Descendants("g").Where(g => Class(g) == "bar").ToList();
        Assert.Equal(3 * 2, bars.Count);
        Assert.Contains(chart.Descendants("text"), t => t.Value == "mean |Δ margin| (log scale)");
        Assert.Equal(["1e-5", "1e-3", "1e-2"], chart.Descendants("text").Select(t => t.Value).Where(v => v.StartsWith("1e", StringComparison.Ordinal)));
        var references = chart.Descendants("g").Where(g => Class(g).StartsWith("reference", StringComparison.Ordinal)).Select(g => g.Element("title")!.Value).ToList();
        Assert.Equal(["neighbouring checkpoints 0.300", "confirmed hops 3.250"], references);
        // the bar is the mean over the two checkpoints, the whisker the larger one
        XElement largest = bars.Single(b => b.Element("title")!.Value.StartsWith("learning rate 1e-2 · batch 16", StringComparison.Ordinal));
        double change = 0.001 * Math.Pow(1000, 0.7) * 1.5;
        Assert.Contains($"mean |Δ margin| {(1.5 * change).ToString("0.000", CultureInfo.InvariantCulture)} over 2 checkpoints (largest {(2 * change).ToString("0.000", CultureInfo.InvariantCulture)})", largest.Element("title")!.Value);
        var lines = largest.Elements("line").ToList();
        Assert.True(Num(lines[0], "y2") < Num(lines[0], "y1"), "the whisker rises above the bar");
    }

    [Fact]
    public void Render_StabilityWithinOneDecade_LinearAxisFromZero()
    {
        var stability = new ReportStability([new ReportStabilityPoint(100, 200, 1e-3, 1, 0.2, 0.3), new ReportStabilityPoint(100, 200, 1e-2, 1, 0.4, 0.3)], [0.5]);
        XElement chart = Chart(HtmlReport.Render(SampleReports.TwoFamilies() with { Stability = stability }), "stability-chart");

        Assert.Contains(chart.Descendants("text"), t => t.Value == "mean |Δ margin|");
        Assert.Contains(chart.Descendants("text"), t => t.Value == "0");
    }

    [Theory]
    [InlineData(3, 0.6, 0, 0.2, "removed")]
    [InlineData(3, 0.6, 2, 0.6, "softened")]
    [InlineData(3, 0.6, 3, 0.5, "softened")]
    [InlineData(3, 0.6, 3, 0.58, "unchanged")]
    [InlineData(3, 0.6, 4, 0.7, "unchanged")]
    [InlineData(0, 0.1, 0, 0.05, "no hop to remove")]
    public void Verdict_HopsAndLargestJump(int rawHops, double rawJump, int hops, double jump, string expected)
    {
        Assert.Equal(expected, AveragingSection.Verdict(rawHops, rawJump, hops, jump));
    }

    [Fact]
    public void Render_Averaging_RawAndEachMethodOnTheFamilyAxesWithVerdicts()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());
        XElement chart = Chart(html, "averaging-chart");

        Assert.Equal(3, chart.Descendants("polyline").Count());
        Assert.Contains(chart.Descendants("text"), t => t.Value == "tokens seen");
        Assert.Contains(chart.Descendants("text"), t => t.Value == "1.4M");
        Assert.Contains("verdict-removed\">removed</span>", html);
        Assert.Contains("verdict-softened\">softened</span>", html);
        Assert.Contains("uniform, K = 5", html);
        Assert.Contains("EMA, decay 0.8", html);
    }

    [Fact]
    public void Crossing_FirstLambdaWhereNgpPassesOneHalf()
    {
        var path = new ReportInterpolation("F", "t", 1, 2, "Parrot", "General", [0, 0.5, 1], [0.2, 0.4, 0.8]);

        Assert.Equal(0.625, InterpolationSection.Crossing(path)!.Value, 12);
        Assert.Null(InterpolationSection.Crossing(path with { Ngp = [0.6, 0.7, 0.9] }));
    }

    [Fact]
    public void Render_Selection_CalloutWithPickAgainstFinalAndMarkers()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());

        Assert.Contains("<p class=\"callout-title\">recommended checkpoint: step 600</p>", html);
        Assert.Contains("<strong>0.880</strong> against 0.800 at the final checkpoint (step 700): <strong class=\"better\">+0.080</strong>", html);
        Assert.Contains("its neighbours on the held-out split: step 500: 0.480 · step 700: 0.900", html);
        int section = html.IndexOf("<h2>Recommended checkpoint</h2>", StringComparison.Ordinal), firstFamily = html.IndexOf("<section class=\"family\">", StringComparison.Ordinal);
        Assert.InRange(section, 0, firstFamily);
        XElement chart = Chart(html, "selection-chart");
        Assert.Equal(["final", "pick: step 600"], chart.Descendants("g").Where(g => Class(g) == "marker").Select(g => g.Element("text")!.Value));
        Assert.Contains("<table class=\"finetune-table\">", html);
    }

    [Fact]
    public void Render_DataSelection_OneStripCellPerWindowColouredByLabelAndOneLinePerArm()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());

        XElement timeline = Chart(html, "datasel-timeline");
        var strip = timeline.Descendants("rect").Where(r => Class(r) == "strip").Select(r => (string)r.Attribute("fill")!).ToList();
        Assert.Equal([Palette.General, Palette.Parrot, Palette.Mixed], strip);
        XElement arms = Chart(html, "datasel-chart");
        Assert.Equal([Palette.Muted, Palette.General], arms.Descendants("polyline").Select(p => (string)p.Attribute("stroke")!));
        Assert.Contains("<td class=\"num\">2 / 0</td>", html);
        Assert.Contains("<table class=\"modes-table\">", html);
    }

    [Fact]
    public void Render_Predictors_HeatMapCellPerMetricLayerValuePrintedBestOutlined()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());
        XElement map = Chart(html, "predictor-heatmap");

        var cells = map.Descendants("g").Where(g => Class(g) == "heat-cell").ToList();
        Assert.Equal(6, cells.Count);
        Assert.Equal(["−0.90", "0.30", "0.75", "n/a", "0.10", "0.60"], cells.Select(c => c.Element("text")!.Value));
        Assert.Equal(["L0", "L1", "model"], map.Elements("text").Take(3).Select(t => t.Value));
        Assert.Equal(2, map.Descendants("rect").Count(r => Class(r) == "best"));
        Assert.Equal(PredictorSection.Colour(-0.9), (string)cells[0].Element("rect")!.Attribute("fill")!);
        Assert.Contains("<span class=\"better\">yes</span> (over 100 draws)", html);
        Assert.Contains("<td>no (over 100 draws)</td>", html);
    }

    [Theory]
    [InlineData(-1, "#2166ac")]
    [InlineData(0, "#f7f7f7")]
    [InlineData(1, "#b2182b")]
    [InlineData(0.25, "#f6cebc")]
    [InlineData(double.NaN, "#e0e0e0")]
    public void Colour_DivergingFromBlueThroughWhiteToRed(double rho, string expected)
    {
        Assert.Equal(expected, PredictorSection.Colour(rho));
    }

    public static TheoryData<string, Func<ReportData, ReportData>> BadSections => new()
    {
        { "names series 'nope'", d => d with { Families = [d.Families[0] with { ChangePoints = [new ReportChangePoint("nope", 1, 1, 0, 1)] }] } },
        { "Label 'maybe'", d => d with { DataSelection = d.DataSelection! with { Windows = [new ReportDataWindow(0, "w", 0, 1, 0.1, "maybe")] } } },
        { "held-out values for", d => d with { DataSelection = d.DataSelection! with { Arms = [d.DataSelection.Arms[0] with { HeldOut = [0.5] }] } } },
        { "Spearman = 1.5", d => d with { Predictors = d.Predictors! with { Cells = [new ReportPredictorCell("m", 0, 1.5)] } } },
        { "values for 8 checkpoints", d => d with { Averaging = [d.Averaging![0] with { Methods = [new ReportAveragedSeries("uniform", 5, [0.1], 0, 0)] }] } },
        { "Role 'best'", d => d with { Selection = d.Selection! with { Checkpoints = [new ReportSelectionCheckpoint(1, 1, "best", 0.5, 0.5)] } } },
        { "modes must be General, Parrot or Mixed", d => d with { Interpolation = [d.Interpolation![0] with { ToMode = "general" }] } },
        { "row 'nope' names no series", d => d with { Families = [d.Families[0] with { Dynamics = d.Families[0].Dynamics! with { Series = [d.Families[0].Dynamics!.Series[0] with { Series = "nope" }] } }] } },
        { "FinalErrorsRightEarlier ≤ FinalErrors", d => d with { Families = [d.Families[0] with { Dynamics = d.Families[0].Dynamics! with { Series = [d.Families[0].Dynamics!.Series[0] with { FinalErrorsRightEarlier = 9 }] } }] } },
        { "give one per checkpoint", d => d with { Envelope = d.Envelope! with { Envelope = [0.5] } } },
        { "tokens must be > 0", d => d with { Envelope = d.Envelope! with { Tokens = [0, .. d.Envelope.Tokens.Skip(1)] } } },
        { "learning rate must be", d => d with { Stability = d.Stability! with { Points = [new ReportStabilityPoint(1, 2, 0, 1, 0.1, 0.1)] } } },
    };

    [Theory]
    [MemberData(nameof(BadSections))]
    public void Render_BadSectionData_ThrowsNamingTheProblem(string problem, Func<ReportData, ReportData> spoil)
    {
        var e = Assert.Throws<ArgumentException>(() => HtmlReport.Render(spoil(SampleReports.AllSections())));

        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Render_AllSections_NoNaNOrInfinityDrawn()
    {
        // the NaN ρ of a constant metric is printed as n/a and coloured grey, never written as a coordinate
        string html = HtmlReport.Render(SampleReports.AllSections());

        Assert.DoesNotMatch(new Regex(@"NaN|Infinity|∞"), html);
    }
}
