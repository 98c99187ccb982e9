using ModeHop.Cli.Findings;
using ModeHop.Dynamics.Envelope;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>How the envelope is fitted and how much of it is kept.</summary>
/// <param name="Excursions">Checkpoints with the largest |residual| kept in the finding: 5.</param>
/// <param name="BreakCandidates">Grid of the break search (<see cref="BrokenPowerLaw.Fit"/>): its default, 200.</param>
public sealed record EnvelopeOptions(int Excursions = 5, int BreakCandidates = 200);

/// <summary>
/// The smooth trend of a run's general probability (<see cref="RunAnalysis.GeneralProbability"/>) over tokens: a broken
/// power law (<see cref="BrokenPowerLaw"/>) fitted to the error 1 − general probability, the quantity scaling laws
/// describe, at every checkpoint with tokens &gt; 0 (a power law needs x &gt; 0, so step 0 is left out). Hops stand
/// out as residuals from it; stored as one finding of kind <c>envelope</c> (<see cref="EnvelopeFinding"/>).
/// </summary>
/// <remarks>
/// The envelope is 1 − ŷ(tokens) and the residual general probability − envelope = ŷ − y: positive where the run is
/// more general than its trend. A checkpoint with general probability 1 (error 0) has no logarithm and is left out too.
/// </remarks>
public static class EnvelopeAnalysis
{
    /// <summary>A confirmed hop of a test task as the envelope sees it: "Family/task" and its ends.</summary>
    public sealed record HopSpan(string Family, string Task, string From, string To, long FromStep, long ToStep);

    /// <summary>The envelope of <paramref name="tasks"/>' general probability, with their confirmed test-task hops; null when fewer than three checkpoints can be fitted.</summary>
    public static EnvelopeFinding? Fit(IReadOnlyList<TaskAnalysis> tasks, EnvelopeOptions options)
    {
        var (steps, tokens, values) = RunAnalysis.GeneralProbability(tasks);
        var hops = tasks.Where(t => !t.Task.Control).SelectMany(t => t.Dynamics.Candidates.Where(h => h.Confirmed)
            .Select(h => new HopSpan(t.Task.Family, t.Task.Task, h.From.ToString(), h.To.ToString(), h.FromStep, h.ToStep))).ToArray();
        return Fit(steps, tokens, values, hops, options);
    }

    /// <summary>The envelope of one general-probability series (steps in increasing order); null when fewer than three distinct tokens &gt; 0 with general probability &lt; 1.</summary>
    public static EnvelopeFinding? Fit(IReadOnlyList<long> steps, IReadOnlyList<long> tokens, IReadOnlyList<double> generalProbability,
        IReadOnlyList<HopSpan> hops, EnvelopeOptions options)
    {
        int[] kept = Enumerable.Range(0, steps.Count).Where(i => tokens[i] > 0 && generalProbability[i] < 1).ToArray();
        if (kept.Select(i => tokens[i]).Distinct().Count() < 3)
            return null;
        BrokenPowerLawFit fit = BrokenPowerLaw.Fit(kept.Select(i => (double)tokens[i]).ToArray(), kept.Select(i => 1 - generalProbability[i]).ToArray(), options.BreakCandidates);

        var keptSteps = kept.Select(i => steps[i]).ToArray();
        var keptTokens = kept.Select(i => tokens[i]).ToArray();
        var gp = kept.Select(i => generalProbability[i]).ToArray();
        var envelope = keptTokens.Select(t => 1 - fit.Evaluate(t)).ToArray();
        var residual = gp.Select((v, i) => v - envelope[i]).ToArray();
        double rms = Math.Sqrt(residual.Average(r => r * r));
        long breakStep = keptTokens.Select((t, i) => (t, i)).Where(p => p.t >= fit.Break).Select(p => keptSteps[p.i]).DefaultIfEmpty(keptSteps[^1]).First();

        var excursions = Enumerable.Range(0, kept.Length).OrderByDescending(i => Math.Abs(residual[i])).ThenBy(i => i).Take(options.Excursions)
            .Select(i => new EnvelopeExcursion(keptSteps[i], keptTokens[i], residual[i],
                hops.Where(h => h.FromStep <= keptSteps[i] && keptSteps[i] <= h.ToStep).Select(Label).ToArray())).ToArray();
        var residualAt = keptSteps.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => residual[p.i]);
        double At(long step) => residualAt.TryGetValue(step, out double r) ? r : double.NaN;
        var hopResiduals = hops.Select(h => new EnvelopeHop(h.Family, h.Task, h.From, h.To, h.FromStep, h.ToStep, At(h.FromStep), At(h.ToStep))).ToArray();

        return new EnvelopeFinding(keptSteps, keptTokens, gp, envelope, residual, fit.Amplitude, fit.SlopeBefore, fit.SlopeAfter, fit.Break, breakStep,
            fit.ResidualSumOfSquares, rms, excursions, hopResiduals);
    }

    /// <summary>"Flipped/toy P→G".</summary>
    public static string Label(HopSpan hop) => $"{hop.Family}/{hop.Task} {hop.From[0]}\u2192{hop.To[0]}";

    /// <summary>Stores the run's envelope as the one finding of kind <c>envelope</c> (none when it cannot be fitted), replacing the previous one.</summary>
    public static EnvelopeFinding? WriteFindings(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks, EnvelopeOptions options)
    {
        var found = Fit(tasks, options);
        store.ReplaceFindings(run.Id, FindingKinds.Envelope, found is null ? [] :
            [new FindingRecord(FindingKinds.Envelope, null, null, null, FindingValue.OrNull(found.ResidualRms), FindingJson.Write(found))]);
        return found;
    }
}
