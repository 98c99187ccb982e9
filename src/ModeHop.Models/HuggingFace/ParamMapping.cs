using ModeHop.Tensors;

namespace ModeHop.Models.HuggingFace;

/// <summary>
/// How one internal parameter is stored in a Hugging Face checkpoint. Every mapping is a
/// permutation or a concatenation, so it maps gradients and optimiser moments exactly as it maps
/// weights, and a save followed by a load gives back the same bits.
/// </summary>
public abstract class ParamMapping(Tensor target)
{
    public Tensor Target { get; } = target;

    /// <summary>The Hugging Face tensors this parameter is stored as, with their shapes.</summary>
    public abstract IReadOnlyList<(string Name, int[] Shape)> Stored { get; }

    /// <summary>The Hugging Face names this parameter is stored under.</summary>
    public IEnumerable<string> HfNames => Stored.Select(s => s.Name);

    /// <summary>Fills <paramref name="destination"/> (internal layout) from the source.</summary>
    public abstract void Load(IWeightSource source, Span<float> destination);

    /// <summary>Splits internal values (weights, gradients or moments) into Hugging Face tensors.</summary>
    public abstract IEnumerable<HfTensor> ToHf(ReadOnlyMemory<float> values);

    protected float[] ReadChecked(IWeightSource source, string name, int[] expected)
    {
        var shape = source.Shape(name);
        if (!shape.AsSpan().SequenceEqual(expected))
            throw new InvalidDataException($"{source.FileOf(name)}: tensor '{name}' has shape [{string.Join(",", shape)}] but config.json implies [{string.Join(",", expected)}]; the weights and config.json do not belong together.");
        return source.ReadFloat32(name);
    }

    /// <summary>Stored as is.</summary>
    public sealed class Direct(Tensor target, string hfName) : ParamMapping(target)
    {
        public override IReadOnlyList<(string Name, int[] Shape)> Stored => [(hfName, Target.Shape)];

        public override void Load(IWeightSource source, Span<float> destination) =>
            ReadChecked(source, hfName, Target.Shape).CopyTo(destination);

        public override IEnumerable<HfTensor> ToHf(ReadOnlyMemory<float> values) => [new HfTensor(hfName, (int[])Target.Shape.Clone(), values.ToArray())];
    }

    /// <summary>Stored transposed: GPT-2's Conv1D keeps [in, out] where the engine keeps [out, in].</summary>
    public sealed class Transposed(Tensor target, string hfName) : ParamMapping(target)
    {
        public override IReadOnlyList<(string Name, int[] Shape)> Stored => [(hfName, [Target.Shape[1], Target.Shape[0]])];

        public override void Load(IWeightSource source, Span<float> destination)
        {
            int rows = Target.Shape[0], cols = Target.Shape[1];
            var stored = ReadChecked(source, hfName, [cols, rows]);
            Transpose(stored, cols, rows, destination);
        }

        public override IEnumerable<HfTensor> ToHf(ReadOnlyMemory<float> values)
        {
            int rows = Target.Shape[0], cols = Target.Shape[1];
            var stored = new float[values.Length];
            Transpose(values.Span, rows, cols, stored);
            return [new HfTensor(hfName, [cols, rows], stored)];
        }

        static void Transpose(ReadOnlySpan<float> input, int rows, int cols, Span<float> output)
        {
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    output[c * rows + r] = input[r * cols + c];
        }
    }

    /// <summary>Rows split across several stored tensors (Llama's q/k/v and gate/up projections).</summary>
    public sealed class RowConcat(Tensor target, IReadOnlyList<(string Name, int Rows)> parts) : ParamMapping(target)
    {
        public override IReadOnlyList<(string Name, int[] Shape)> Stored =>
            parts.Select(p => (p.Name, Target.Shape.Length == 1 ? new[] { p.Rows } : new[] { p.Rows, RowWidth })).ToArray();

        int RowWidth => Target.Size / Target.Shape[0];

        public override void Load(IWeightSource source, Span<float> destination)
        {
            int offset = 0, width = RowWidth;
            foreach (var (name, rows) in parts)
            {
                int[] shape = Target.Shape.Length == 1 ? [rows] : [rows, width];
                ReadChecked(source, name, shape).CopyTo(destination.Slice(offset, rows * width));
                offset += rows * width;
            }
        }

        public override IEnumerable<HfTensor> ToHf(ReadOnlyMemory<float> values)
        {
            int offset = 0, width = RowWidth;
            foreach (var (name, rows) in parts)
            {
                int[] shape = Target.Shape.Length == 1 ? [rows] : [rows, width];
                yield return new HfTensor(name, shape, values.Slice(offset, rows * width).ToArray());
                offset += rows * width;
            }
        }
    }

    /// <summary>
    /// GPT-NeoX's fused QKV: stored rows are interleaved per head (head h: Q, K, V, each D rows);
    /// the engine keeps [Q heads | K heads | V heads]. Works for the weight [3HD, C] and bias [3HD].
    /// </summary>
    public sealed class NeoXQkv(Tensor target, string hfName, int heads, int headDim) : ParamMapping(target)
    {
        public override IReadOnlyList<(string Name, int[] Shape)> Stored => [(hfName, Target.Shape)];

        int RowWidth => Target.Size / Target.Shape[0];

        public override void Load(IWeightSource source, Span<float> destination)
        {
            var stored = ReadChecked(source, hfName, Target.Shape);
            Permute(stored, destination, toInternal: true);
        }

        public override IEnumerable<HfTensor> ToHf(ReadOnlyMemory<float> values)
        {
            var stored = new float[values.Length];
            Permute(values.Span, stored, toInternal: false);
            return [new HfTensor(hfName, (int[])Target.Shape.Clone(), stored)];
        }

        void Permute(ReadOnlySpan<float> input, Span<float> output, bool toInternal)
        {
            int H = heads, D = headDim, W = RowWidth;
            for (int h = 0; h < H; h++)
                for (int part = 0; part < 3; part++)
                    for (int d = 0; d < D; d++)
                    {
                        int storedRow = (h * 3 + part) * D + d;
                        int internalRow = (part * H + h) * D + d;
                        int from = (toInternal ? storedRow : internalRow) * W, to = (toInternal ? internalRow : storedRow) * W;
                        input.Slice(from, W).CopyTo(output.Slice(to, W));
                    }
        }
    }
}
