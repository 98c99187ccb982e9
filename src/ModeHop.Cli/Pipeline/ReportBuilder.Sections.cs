using ModeHop.Cli.Findings;
using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

// One section per analysis: its findings read with FindingJson, mapped onto the report's own records. A kind with no
// findings gives null, and the report leaves its section out. Only the test tasks (controls left out) are drawn where a
// section shows one line per family.
public static partial class ReportBuilder
{
    /// <summary>The latest <c>selection</c> finding (one per run).</summary>
    static ReportSelection? Selection(ILookup<string, FindingRow> findings)
    {
        var s = Read<SelectionFinding>(findings, FindingKinds.Selection).LastOrDefault();
        return s is null ? null : new ReportSelection(s.Criterion, s.Split, s.PickStep, s.FinalStep, s.PickHeldOut, s.FinalHeldOut,
            s.Checkpoints.Select(c => new ReportSelectionCheckpoint(c.Step, c.Tokens, c.Role, c.Selection, c.HeldOut)).ToArray(), s.NeighbourSteps,
            s.FineTuneFamily, s.FineTuneSteps, s.FineTuneLearningRate,
            (s.FineTune ?? []).Select(f => new ReportFineTune(f.Step, f.Role, f.HeldOutBefore, f.HeldOutAfter)).ToArray());
    }

    /// <summary>Every <c>stability</c> finding, beside the margin change (the row's value) of every confirmed test-task hop.</summary>
    static ReportStability? Stability(ILookup<string, FindingRow> findings)
    {
        var points = Read<StabilityFinding>(findings, FindingKinds.Stability);
        if (points.Count == 0)
            return null;
        var hops = findings[FindingKinds.Hop]
            .Where(f => f.Value is not null && !FindingJson.Read<HopFinding>(f.Json, FindingKinds.Hop).Control)
            .Select(f => f.Value!.Value).ToArray();
        return new ReportStability(points.Select(p => new ReportStabilityPoint(p.CheckpointStep, p.NextStep, p.LearningRate, p.BatchSize,
            p.MeanAbsMarginChange, p.NeighbourMeanAbsMarginChange)).ToArray(), hops);
    }

    /// <summary>Per family (in the report's order), its test task's raw series and one averaged series per method.</summary>
    static IReadOnlyList<ReportAveraging>? Averaging(ILookup<string, FindingRow> findings, IReadOnlyList<string> familyOrder)
    {
        var all = Read<AveragingFinding>(findings, FindingKinds.Averaging).Where(a => !a.Control).ToArray();
        if (all.Length == 0)
            return null;
        return all.GroupBy(a => (a.Family, a.Task)).OrderBy(g => Rank(familyOrder, g.Key.Family)).ThenBy(g => g.Key.Family, StringComparer.Ordinal).Select(g =>
        {
            var first = g.First();
            foreach (var other in g)
                if (!other.Steps.SequenceEqual(first.Steps))
                    throw new InvalidDataException($"the averaging findings of {first.Family}/{first.Task} ({first.Method} and {other.Method}) cover different checkpoints; re-run `modehop controls average`.");
            return new ReportAveraging(first.Family, first.Task, first.Steps, first.Tokens, first.RawNgp, first.RawHops, first.RawMaxJump,
                g.Select(a => new ReportAveragedSeries(a.Method, a.Parameter, a.AveragedNgp, a.AveragedHops, a.AveragedMaxJump)).ToArray());
        }).ToArray();
    }

    /// <summary>Per family (in the report's order), its test task's path along λ.</summary>
    static IReadOnlyList<ReportInterpolation>? Interpolation(ILookup<string, FindingRow> findings, IReadOnlyList<string> familyOrder)
    {
        var all = Read<InterpolationFinding>(findings, FindingKinds.Interpolation).Where(i => !i.Control).ToArray();
        return all.Length == 0 ? null : all.OrderBy(i => Rank(familyOrder, i.Family)).ThenBy(i => i.Family, StringComparer.Ordinal)
            .Select(i => new ReportInterpolation(i.Family, i.Task, i.FromStep, i.ToStep, i.FromMode, i.ToMode, i.Lambdas, i.Ngp)).ToArray();
    }

    /// <summary>The windows by index and the arms uncontrolled, pro-pattern, pro-general (others after, by name); final modes in the report's family order.</summary>
    static ReportDataSelection? DataSelection(ILookup<string, FindingRow> findings, IReadOnlyList<string> familyOrder)
    {
        var windows = Read<DataWindowFinding>(findings, FindingKinds.DataWindow);
        var arms = Read<DataArmFinding>(findings, FindingKinds.DataArm);
        if (windows.Count == 0 && arms.Count == 0)
            return null;
        string[] armOrder = ["uncontrolled", "pro-pattern", "pro-general"];
        return new ReportDataSelection(
            windows.OrderBy(w => w.Index).Select(w => new ReportDataWindow(w.Index, w.Name, w.FromStep, w.ToStep, w.MarginChange, w.Label)).ToArray(),
            arms.OrderBy(a => Rank(armOrder, a.Arm)).ThenBy(a => a.Arm, StringComparer.Ordinal).Select(a => new ReportDataArm(a.Arm, a.FromStep, a.Steps, a.TaskHops, a.ControlHops,
                a.FinalModes.OrderBy(m => Rank(familyOrder, m.Key)).ThenBy(m => m.Key, StringComparer.Ordinal).Select(m => new ReportFamilyMode(m.Key, m.Value)).ToArray(),
                a.FinalHeldOut, a.ArmSteps, a.HeldOut)).ToArray());
    }

    /// <summary>Every metric × layer's Spearman ρ (in the order written) and every metric's best layer.</summary>
    static ReportPredictors? Predictors(ILookup<string, FindingRow> findings)
    {
        var cells = Read<PredictorFinding>(findings, FindingKinds.Predictor);
        var best = Read<PredictorBestFinding>(findings, FindingKinds.PredictorBest);
        if (cells.Count == 0 && best.Count == 0)
            return null;
        return new ReportPredictors(cells.Select(c => new ReportPredictorCell(c.Metric, c.Layer, c.Spearman)).ToArray(),
            best.Select(b => new ReportPredictorBest(b.Metric, b.BestLayer, b.Spearman, b.RandomMeanBestAbsSpearman, b.RandomP95BestAbsSpearman, b.RandomDraws)).ToArray());
    }

    /// <summary>The index of <paramref name="name"/> in <paramref name="order"/>; names not in it go last.</summary>
    static int Rank(IReadOnlyList<string> order, string name)
    {
        for (int i = 0; i < order.Count; i++)
            if (order[i] == name)
                return i;
        return order.Count;
    }
}
