namespace ModeHop.Report;

// The contract of the optional parts: change points of a family, and each analysis section.
internal static partial class ReportChecks
{
    /// <summary>Throws <see cref="ArgumentException"/> with <paramref name="message"/> unless <paramref name="ok"/>.</summary>
    static void Require(bool ok, string message)
    {
        if (!ok)
            throw new ArgumentException(message, "data");
    }

    static bool Finite(double value) => double.IsFinite(value);

    static bool FiniteAtLeastZero(double value) => double.IsFinite(value) && value >= 0;

    /// <summary>Every change point names a series of its family that has checkpoints, with finite segment means.</summary>
    static void ValidateChangePoints(ReportFamily family)
    {
        foreach (ReportChangePoint? change in family.ChangePoints ?? [])
        {
            Require(change is not null, $"Report family '{family.Family}': ChangePoints holds a null change point.");
            Require(family.Series.Any(s => s.Label == change!.Series && s.Values.Count > 0),
                $"Report family '{family.Family}': change point at step {change!.Step} names series '{change.Series}', which the family does not have (or which has no checkpoints); name it by its Label.");
            Require(Finite(change.Before) && Finite(change.After),
                $"Report family '{family.Family}', change point of '{change.Series}' at step {change.Step}: Before = {change.Before} and After = {change.After} must be finite.");
        }
    }

    /// <summary>A correlation (ρ, τ): in [−1, 1], or NaN where it is undefined.</summary>
    static bool Coefficient(double value) => double.IsNaN(value) || value is >= -1 and <= 1;

    /// <summary>Every row names a series of its family; counts are ≥ 0 and consistent; ρ and τ are in [−1, 1] or NaN.</summary>
    static void ValidateDynamics(ReportFamily family)
    {
        if (family.Dynamics is not { } d)
            return;
        string where = $"Report family '{family.Family}', dynamics";
        Require(d.Series is not null, $"{where}: Series must be a list (empty is fine), not null.");
        Require(d.TestTasks >= 0 && d.Window >= 0 && d.RollingWindow >= 0 && Coefficient(d.Universality),
            $"{where}: TestTasks, Window and RollingWindow must be ≥ 0 and Universality in [−1, 1] or NaN; found {d.TestTasks}, {d.Window}, {d.RollingWindow}, {d.Universality}.");
        foreach (ReportSeriesDynamics? s in d.Series!)
        {
            Require(s is not null, $"{where}: Series holds a null row.");
            Require(family.Series.Any(f => f.Label == s!.Series), $"{where}: row '{s!.Series}' names no series of the family; name it by its Label.");
            Require(s.Items >= 0 && s.RightToWrong >= 0 && s.WrongToRight >= 0 && s.FinalErrors >= 0 && s.FinalErrors <= s.Items
                    && s.FinalErrorsRightEarlier >= 0 && s.FinalErrorsRightEarlier <= s.FinalErrors && s.HopWindows >= 0 && FiniteAtLeastZero(s.FlipsPerItem),
                $"{where}, '{s.Series}': counts must be ≥ 0 with FinalErrorsRightEarlier ≤ FinalErrors ≤ Items, and FlipsPerItem finite and ≥ 0.");
            Require(Coefficient(s.ControlSpearman) && Coefficient(s.VarianceTau) && Coefficient(s.AutocorrelationTau),
                $"{where}, '{s.Series}': ρ and τ must be in [−1, 1] or NaN; found {s.ControlSpearman}, {s.VarianceTau}, {s.AutocorrelationTau}.");
        }
    }

    /// <summary>One value per checkpoint in every series, finite; tokens &gt; 0; excursions and hops present with finite (or NaN, for a hop end) residuals.</summary>
    static void Validate(ReportEnvelope envelope)
    {
        Require(envelope.Steps is not null && envelope.Tokens is not null && envelope.GeneralProbability is not null && envelope.Envelope is not null
                && envelope.Residual is not null && envelope.Excursions is not null && envelope.Hops is not null,
            "Report envelope: Steps, Tokens, GeneralProbability, Envelope, Residual, Excursions and Hops must be lists (empty is fine), not null.");
        int n = envelope.Steps!.Count;
        Require(envelope.Tokens!.Count == n && envelope.GeneralProbability!.Count == n && envelope.Envelope!.Count == n && envelope.Residual!.Count == n,
            $"Report envelope: {n} steps but {envelope.Tokens.Count} tokens, {envelope.GeneralProbability!.Count} general probabilities, {envelope.Envelope!.Count} envelope and {envelope.Residual!.Count} residual values; give one per checkpoint.");
        Require(envelope.Tokens.All(t => t > 0), "Report envelope: every checkpoint's tokens must be > 0 (a power law is fitted at x > 0).");
        Require(envelope.GeneralProbability.All(Finite) && envelope.Envelope.All(Finite) && envelope.Residual.All(Finite), "Report envelope: every value must be finite.");
        Require(Finite(envelope.Amplitude) && Finite(envelope.SlopeBefore) && Finite(envelope.SlopeAfter) && envelope.Break > 0 && Finite(envelope.Break) && FiniteAtLeastZero(envelope.ResidualRms),
            "Report envelope: the fit's amplitude, slopes and residual rms must be finite and its break a finite number > 0.");
        foreach (ReportEnvelopeExcursion? e in envelope.Excursions!)
            Require(e is not null && e.Hops is not null && Finite(e.Residual), "Report envelope: every excursion must be present, with a finite residual and a list of hops.");
        foreach (ReportEnvelopeHop? h in envelope.Hops!)
            Require(h is not null && ModeNames.IsKnown(h.From) && ModeNames.IsKnown(h.To) && !double.IsInfinity(h.ResidualAtFrom) && !double.IsInfinity(h.ResidualAtTo),
                $"Report envelope: hop '{h?.Task}' at step {h?.ToStep} must have modes General, Parrot or Mixed and residuals that are finite or NaN.");
    }

    static void ValidateSections(ReportData data)
    {
        foreach (ReportFamily family in data.Families)
            ValidateDynamics(family);
        if (data.Envelope is { } envelope)
            Validate(envelope);
        if (data.Stability is { } stability)
            Validate(stability);
        foreach (ReportAveraging? averaging in data.Averaging ?? [])
            Validate(averaging);
        foreach (ReportInterpolation? path in data.Interpolation ?? [])
            Validate(path);
        if (data.Selection is { } selection)
            Validate(selection);
        if (data.DataSelection is { } datasel)
            Validate(datasel);
        if (data.Predictors is { } predictors)
            Validate(predictors);
    }

    static void Validate(ReportStability stability)
    {
        Require(stability.Points is not null && stability.HopMarginChanges is not null, "Report stability: Points and HopMarginChanges must be lists (empty is fine), not null.");
        foreach (ReportStabilityPoint? p in stability.Points!)
        {
            Require(p is not null, "Report stability: Points holds a null point.");
            string where = $"Report stability, checkpoint {p!.CheckpointStep}, learning rate {p.LearningRate}, batch {p.BatchSize}";
            Require(p.LearningRate > 0 && Finite(p.LearningRate), $"{where}: the learning rate must be a finite number > 0.");
            Require(p.BatchSize >= 1, $"{where}: the batch size must be at least 1.");
            Require(FiniteAtLeastZero(p.MeanAbsMarginChange) && FiniteAtLeastZero(p.NeighbourMeanAbsMarginChange),
                $"{where}: MeanAbsMarginChange = {p.MeanAbsMarginChange} and NeighbourMeanAbsMarginChange = {p.NeighbourMeanAbsMarginChange} must be finite and ≥ 0.");
        }
        Require(stability.HopMarginChanges!.All(Finite), "Report stability: every HopMarginChanges value must be finite.");
    }

    static void Validate(ReportAveraging? averaging)
    {
        Require(averaging is not null, "ReportData.Averaging holds a null entry.");
        string where = $"Report averaging of '{averaging!.Family}'";
        Require(averaging.Steps is not null && averaging.Tokens is not null && averaging.RawNgp is not null && averaging.Methods is not null,
            $"{where}: Steps, Tokens, RawNgp and Methods must be lists, not null.");
        int n = averaging.RawNgp!.Count;
        Require(n >= 1, $"{where}: RawNgp is empty; give one value per checkpoint.");
        Require(averaging.Steps!.Count == n && averaging.Tokens!.Count == n, $"{where}: RawNgp has {n} values but Steps {averaging.Steps.Count} and Tokens {averaging.Tokens!.Count}; give one per checkpoint.");
        Require(averaging.RawNgp.All(Finite) && averaging.RawHops >= 0 && FiniteAtLeastZero(averaging.RawMaxJump), $"{where}: the raw values, hops and largest jump must be finite (hops and jump ≥ 0).");
        foreach (ReportAveragedSeries? method in averaging.Methods!)
        {
            Require(method is not null && method.Ngp is not null, $"{where}: Methods holds a null method or a method without values.");
            Require(method!.Ngp!.Count == n, $"{where}, method '{method.Method}': {method.Ngp.Count} values for {n} checkpoints; give one per checkpoint.");
            Require(method.Ngp.All(Finite) && method.Hops >= 0 && FiniteAtLeastZero(method.MaxJump) && Finite(method.Parameter),
                $"{where}, method '{method.Method}': values, parameter, hops and largest jump must be finite (hops and jump ≥ 0).");
        }
    }

    static void Validate(ReportInterpolation? path)
    {
        Require(path is not null, "ReportData.Interpolation holds a null entry.");
        string where = $"Report interpolation of '{path!.Family}'";
        Require(path.Lambdas is not null && path.Ngp is not null && path.Lambdas.Count >= 1 && path.Lambdas.Count == path.Ngp.Count,
            $"{where}: Lambdas and Ngp must be lists of one value per λ (at least one).");
        Require(path.Lambdas!.All(Finite) && path.Ngp!.All(Finite), $"{where}: every λ and ngp must be finite.");
        Require(ModeNames.IsKnown(path.FromMode) && ModeNames.IsKnown(path.ToMode), $"{where}: modes must be General, Parrot or Mixed; found '{path.FromMode}' → '{path.ToMode}'.");
    }

    static void Validate(ReportSelection selection)
    {
        Require(selection.Checkpoints is not null && selection.NeighbourSteps is not null && selection.FineTune is not null,
            "Report selection: Checkpoints, NeighbourSteps and FineTune must be lists (empty is fine), not null.");
        Require(Finite(selection.PickHeldOut) && Finite(selection.FinalHeldOut), "Report selection: PickHeldOut and FinalHeldOut must be finite.");
        foreach (ReportSelectionCheckpoint? c in selection.Checkpoints!)
        {
            Require(c is not null, "Report selection: Checkpoints holds a null checkpoint.");
            Require(c!.Role is Sections.SelectionSection.Pick or Sections.SelectionSection.Final or Sections.SelectionSection.Neighbour or Sections.SelectionSection.Other,
                $"Report selection, checkpoint at step {c.Step}: Role '{c.Role}'; expected pick, final, neighbour or other.");
            Require(Finite(c.Selection) && Finite(c.HeldOut), $"Report selection, checkpoint at step {c.Step}: Selection and HeldOut must be finite.");
        }
        foreach (ReportFineTune? f in selection.FineTune!)
            Require(f is not null && Finite(f.HeldOutBefore) && Finite(f.HeldOutAfter), "Report selection: every fine-tune row must be present with finite values.");
    }

    static void Validate(ReportDataSelection datasel)
    {
        Require(datasel.Windows is not null && datasel.Arms is not null, "Report data selection: Windows and Arms must be lists (empty is fine), not null.");
        foreach (ReportDataWindow? w in datasel.Windows!)
        {
            Require(w is not null, "Report data selection: Windows holds a null window.");
            string where = $"Report data selection, window {w!.Index} '{w.Name}'";
            Require(w.Label is Sections.DataSelectionSection.ProGeneral or Sections.DataSelectionSection.ProPattern or Sections.DataSelectionSection.Neutral,
                $"{where}: Label '{w.Label}'; expected pro-general, pro-pattern or neutral.");
            Require(w.FromStep <= w.ToStep && Finite(w.MarginChange), $"{where}: needs FromStep ≤ ToStep and a finite MarginChange.");
        }
        foreach (ReportDataArm? a in datasel.Arms!)
        {
            Require(a is not null, "Report data selection: Arms holds a null arm.");
            string where = $"Report data selection, arm '{a!.Arm}'";
            Require(a.ArmSteps is not null && a.HeldOut is not null && a.FinalModes is not null, $"{where}: ArmSteps, HeldOut and FinalModes must be lists, not null.");
            Require(a.ArmSteps!.Count == a.HeldOut!.Count, $"{where}: {a.HeldOut.Count} held-out values for {a.ArmSteps.Count} steps; give one per checkpoint.");
            Require(a.HeldOut.All(Finite) && Finite(a.FinalHeldOut), $"{where}: held-out values must be finite.");
            Require(a.TaskHops >= 0 && a.ControlHops >= 0 && a.Steps >= 0, $"{where}: hops and steps must be ≥ 0.");
            foreach (ReportFamilyMode? m in a.FinalModes!)
                Require(m is not null && ModeNames.IsKnown(m.Mode), $"{where}: final mode of '{m?.Family}' is '{m?.Mode}'; expected General, Parrot or Mixed.");
        }
    }

    static void Validate(ReportPredictors predictors)
    {
        Require(predictors.Cells is not null && predictors.Best is not null, "Report predictors: Cells and Best must be lists (empty is fine), not null.");
        foreach (ReportPredictorCell? c in predictors.Cells!)
            Require(c is not null && Coefficient(c.Spearman),
                $"Report predictors, '{c?.Metric}' at layer {c?.Layer}: Spearman = {c?.Spearman}; expected a value in [−1, 1] or NaN.");
        foreach (ReportPredictorBest? b in predictors.Best!)
            Require(b is not null && Coefficient(b.Spearman) && FiniteAtLeastZero(b.RandomMeanBestAbsSpearman) && FiniteAtLeastZero(b.RandomP95BestAbsSpearman),
                $"Report predictors, best layer of '{b?.Metric}': ρ must be in [−1, 1] (or NaN) and the random baseline finite and ≥ 0.");
    }
}
