using ModeHop.Report;

namespace ModeHop.Tests.Report;

// Report data with every analysis section, built from the report's own records (no DB).
internal static partial class SampleReports
{
    /// <summary>
    /// <see cref="TwoFamilies"/> with change points, an example item, and every section. <paramref name="text"/>, when
    /// given, replaces every free-text field of the sections (names, labels, item text) to test escaping.
    /// </summary>
    public static ReportData AllSections(string? text = null)
    {
        string T(string value) => text ?? value;
        ReportData data = TwoFamilies();
        ReportFamily repetitive = data.Families[0] with
        {
            ChangePoints = [new ReportChangePoint("algebra", 200, 400_000, 0.15, 0.83), new ReportChangePoint("algebra control", 400, 800_000, 0.5, 0.7)],
            Example = new ReportItemExample(T("algebra"), 0, T("rep n3 n4 = n7 ; <b>bold</b>"), T("n7"), T("n5")),
            Dynamics = new ReportFamilyDynamics(
                [new ReportSeriesDynamics("algebra", false, 64, 12, 15, 0.42, 5, 4, 0.35, 3, 0.6, -0.2),
                 new ReportSeriesDynamics("algebra control", true, 64, 2, 6, 0.125, 0, 0, double.NaN, 3, 0.1, double.NaN)],
                1, double.NaN, 8, 4),
        };
        ReportFamily flipped = data.Families[1] with
        {
            Dynamics = new ReportFamilyDynamics([new ReportSeriesDynamics("words", false, 0, 0, 0, 0, 0, 0, double.NaN, 0, double.NaN, double.NaN)], 2, 0.83, 0, 0),
        };
        var steps = Enumerable.Range(0, 8).Select(i => 100L * i).ToArray();
        var tokens = steps.Select(s => s * 2000).ToArray();
        double[] raw = [0.1, 0.2, 0.8, 0.85, 0.3, 0.5, 0.9, 0.92];

        return data with
        {
            Families = [repetitive, flipped],
            Envelope = new ReportEnvelope(steps[1..], tokens[1..], raw[1..], [0.3, 0.45, 0.55, 0.62, 0.67, 0.7, 0.73], raw[1..].Select((v, i) => v - new[] { 0.3, 0.45, 0.55, 0.62, 0.67, 0.7, 0.73 }[i]).ToArray(),
                0.6, 0.2, 0.5, 300_000, 200, 0.2,
                [new ReportEnvelopeExcursion(400, 800_000, -0.32, [T("Repetitive/algebra G→P")]), new ReportEnvelopeExcursion(300, 600_000, 0.3, [])],
                [new ReportEnvelopeHop(T("Repetitive"), T("algebra"), "Parrot", "General", 100, 200, -0.1, 0.35), new ReportEnvelopeHop("Repetitive", "algebra", "General", "Parrot", 300, 400, 0.3, -0.32),
                 new ReportEnvelopeHop("Repetitive", "algebra", "Parrot", "General", 0, 100, double.NaN, -0.1)]),
            Stability = new ReportStability(
                [.. from checkpoint in new long[] { 200, 500 }
                    from rate in new[] { 1e-5, 1e-3, 1e-2 }
                    from batch in new[] { 1, 16 }
                    select new ReportStabilityPoint(checkpoint, checkpoint + 100, rate, batch, 0.001 * Math.Pow(rate / 1e-5, 0.7) * (batch == 16 ? 1.5 : 1) * (checkpoint == 200 ? 1 : 2), checkpoint == 200 ? 0.4 : 0.2)],
                [3.25, -2.5, 4.0]),
            Averaging = [new ReportAveraging(T("Repetitive"), T("algebra"), steps, tokens, raw, 3, 0.6,
                [new ReportAveragedSeries(T("uniform"), 5, [0.1, 0.15, 0.37, 0.49, 0.45, 0.53, 0.67, 0.69], 0, 0.22), new ReportAveragedSeries("ema", 0.8, [0.1, 0.12, 0.26, 0.38, 0.36, 0.39, 0.49, 0.58], 1, 0.14)])],
            Interpolation = [new ReportInterpolation(T("Repetitive"), T("algebra"), 100, 200, "Parrot", "General", [0, 0.25, 0.5, 0.75, 1], [0.2, 0.25, 0.4, 0.7, 0.8])],
            Selection = new ReportSelection(T("general probability"), T("even/odd items"), 600, 700, 0.88, 0.8,
                [.. steps.Select((s, i) => new ReportSelectionCheckpoint(s, tokens[i], s == 600 ? "pick" : s == 700 ? "final" : s == 500 ? "neighbour" : "other", raw[i] + 0.02, raw[i] - 0.02))],
                [500, 700], T("Flipped"), 20, 1e-3, [new ReportFineTune(600, T("pick"), 0.88, 0.8), new ReportFineTune(700, "final", 0.8, 0.6)]),
            DataSelection = new ReportDataSelection(
                [new ReportDataWindow(0, T("warmup"), 0, 300, 0.8, "pro-general"), new ReportDataWindow(1, T("pattern"), 300, 500, -0.6, "pro-pattern"), new ReportDataWindow(2, "quiet", 500, 700, 0.01, "neutral")],
                [new ReportDataArm(T("uncontrolled"), 400, 300, 2, 0, [new ReportFamilyMode(T("Repetitive"), "General"), new ReportFamilyMode("Flipped", "Mixed")], 0.6, [400, 500, 600, 700], [0.5, 0.55, 0.6, 0.6]),
                 new ReportDataArm("pro-general", 400, 300, 0, 0, [new ReportFamilyMode("Repetitive", "General"), new ReportFamilyMode("Flipped", "General")], 0.8, [400, 500, 600, 700], [0.5, 0.65, 0.75, 0.8])]),
            Predictors = new ReportPredictors(
                [new ReportPredictorCell(T("rankme"), 0, -0.9), new ReportPredictorCell(T("rankme"), 1, 0.3), new ReportPredictorCell(T("rankme"), -1, 0.75),
                 new ReportPredictorCell("sharpness", 0, double.NaN), new ReportPredictorCell("sharpness", 1, 0.1), new ReportPredictorCell("sharpness", -1, 0.6)],
                [new ReportPredictorBest(T("rankme"), 0, -0.9, 0.4, 0.65, 100), new ReportPredictorBest("sharpness", -1, 0.6, 0.4, 0.65, 100)]),
        };
    }
}
