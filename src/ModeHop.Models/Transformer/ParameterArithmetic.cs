using System.Numerics.Tensors;

namespace ModeHop.Models.Transformer;

/// <summary>
/// Weight arithmetic over models of one shape: copy, uniform average, linear interpolation and the EMA update, each
/// parameter by parameter over <see cref="TransformerModel.Parameters"/>' float arrays (TensorPrimitives' vectorised
/// span loops). The controls average checkpoints, interpolate between two, and keep an exponential moving average.
/// Every operation first checks that all models have the same parameters with the same shapes; a mismatch names
/// both models by the labels the caller gives (e.g. their checkpoint directories).
/// The forms are chosen so that the end points are exact: lerp at λ = 0 is a bit for bit, at λ = 1 b; the EMA update
/// with decay 0 is the current model; the average of one model is that model.
/// </summary>
public static class ParameterArithmetic
{
    /// <summary>destination ← source.</summary>
    public static void Copy(TransformerModel source, TransformerModel destination, string sourceLabel = "source", string destinationLabel = "destination")
    {
        RequireSameShapes(source, sourceLabel, destination, destinationLabel);
        for (int p = 0; p < source.Parameters.Count; p++)
            source.Parameters[p].Data.AsSpan().CopyTo(destination.Parameters[p].Data);
    }

    /// <summary>
    /// destination ← (1/n) Σᵢ sources[i], the uniform average of n ≥ 1 models (summed in order, then scaled once).
    /// <paramref name="labels"/> names the sources in errors (default "model 0", "model 1", …).
    /// </summary>
    public static void Average(IReadOnlyList<TransformerModel> sources, TransformerModel destination, IReadOnlyList<string>? labels = null)
    {
        if (sources.Count == 0) throw new ArgumentException("Average needs at least one model.", nameof(sources));
        if (labels is not null && labels.Count != sources.Count)
            throw new ArgumentException($"{sources.Count} models but {labels.Count} labels.", nameof(labels));
        string Label(int i) => labels?[i] ?? $"model {i}";
        for (int i = 0; i < sources.Count; i++) RequireSameShapes(sources[0], Label(0), sources[i], Label(i));
        RequireSameShapes(sources[0], Label(0), destination, "destination");
        float scale = 1f / sources.Count;
        for (int p = 0; p < destination.Parameters.Count; p++)
        {
            var sum = destination.Parameters[p].Data.AsSpan();
            sources[0].Parameters[p].Data.AsSpan().CopyTo(sum);
            for (int i = 1; i < sources.Count; i++) TensorPrimitives.Add(sum, sources[i].Parameters[p].Data, sum);
            if (sources.Count > 1) TensorPrimitives.Multiply(sum, scale, sum);
        }
    }

    /// <summary>destination ← (1−λ)·a + λ·b, parameter by parameter (λ outside [0, 1] extrapolates).</summary>
    public static void Lerp(TransformerModel a, TransformerModel b, float lambda, TransformerModel destination, string aLabel = "a", string bLabel = "b")
    {
        RequireSameShapes(a, aLabel, b, bLabel);
        RequireSameShapes(a, aLabel, destination, "destination");
        for (int p = 0; p < a.Parameters.Count; p++)
            Lerp(a.Parameters[p].Data, b.Parameters[p].Data, lambda, destination.Parameters[p].Data);
    }

    /// <summary>
    /// The EMA update average ← d·average + (1−d)·current with decay d ∈ [0, 1] (d = 0: the current model; d = 1:
    /// the average stays), computed as lerp(average, current, 1−d) into average.
    /// </summary>
    public static void EmaUpdate(TransformerModel average, TransformerModel current, float decay, string averageLabel = "average", string currentLabel = "current")
    {
        if (!(decay >= 0 && decay <= 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The EMA decay must be in [0, 1].");
        RequireSameShapes(average, averageLabel, current, currentLabel);
        for (int p = 0; p < average.Parameters.Count; p++)
        {
            var data = average.Parameters[p].Data;
            Lerp(data, current.Parameters[p].Data, 1f - decay, data);
        }
    }

    /// <summary>
    /// destination[i] ← (1−λ)·a[i] + λ·b[i], computed as a·(1−λ), then b·λ added, so λ = 0 gives a and λ = 1 gives b
    /// exactly (for finite values). <paramref name="destination"/> may be <paramref name="a"/> itself (written in
    /// place), but must not overlap <paramref name="b"/>, which is read after the first write.
    /// </summary>
    public static void Lerp(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float lambda, Span<float> destination)
    {
        if (a.Length != b.Length || a.Length != destination.Length)
            throw new ArgumentException($"Lerp needs three spans of one length; got {a.Length}, {b.Length} and {destination.Length}.");
        if (destination.Overlaps(b))
            throw new ArgumentException("Lerp: the destination must not overlap b (it may be a itself).", nameof(destination));
        if (destination.Overlaps(a, out int offset) && offset != 0)
            throw new ArgumentException("Lerp: the destination may be a itself, but must not overlap it partly.", nameof(destination));
        TensorPrimitives.Multiply(a, 1f - lambda, destination);
        TensorPrimitives.MultiplyAdd(b, lambda, destination, destination);
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> unless the two models have the same parameters (same count, names and
    /// shapes, in the same order); the message names both by their labels and the first parameter that differs.
    /// </summary>
    public static void RequireSameShapes(TransformerModel a, string aLabel, TransformerModel b, string bLabel)
    {
        if (ReferenceEquals(a, b)) return;
        var pa = a.Parameters;
        var pb = b.Parameters;
        if (pa.Count != pb.Count)
            throw new InvalidDataException($"{aLabel} and {bLabel}: {pa.Count} parameters in one, {pb.Count} in the other; weight arithmetic needs checkpoints of one model configuration.");
        for (int p = 0; p < pa.Count; p++)
        {
            if (pa[p].Name != pb[p].Name || !pa[p].Shape.AsSpan().SequenceEqual(pb[p].Shape))
                throw new InvalidDataException($"{aLabel} and {bLabel}: parameter {p} is '{pa[p].Name}' [{string.Join(",", pa[p].Shape)}] in one and '{pb[p].Name}' [{string.Join(",", pb[p].Shape)}] in the other; weight arithmetic needs checkpoints of one model configuration.");
        }
    }
}
