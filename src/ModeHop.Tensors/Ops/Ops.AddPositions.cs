using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// Learned absolute positions: y[b, t, :] = x[b, t, :] + positions[t, :]. x [B, T, C], positions [maxT, C], T ≤ maxT.
    /// Backward: dX += dY, dPositions[t, :] += Σ_b dY[b, t, :].
    /// </summary>
    public static Tensor AddPositions(Tape tape, Tensor x, Tensor positions)
    {
        if (x.Shape.Length != 3) throw new ArgumentException($"AddPositions: x must be [B, T, C], got {x}.");
        int B = x.Shape[0], T = x.Shape[1], C = x.Shape[2];
        if (positions.Shape.Length != 2 || positions.Shape[1] != C)
            throw new ArgumentException($"AddPositions: positions must be [maxT, {C}], got {positions}.");
        int maxT = positions.Shape[0];
        if (T > maxT)
            throw new ArgumentException($"AddPositions: sequence length {T} exceeds the {maxT} learned positions of {positions}; use sequences of at most {maxT} tokens.");
        var y = tape.NewOutput(x.Shape, x, positions);
        PositionEmbeddingKernel.Forward(x.Data, positions.Data, B, T, C, y.Data);
        tape.Record(y, () =>
        {
            var dY = tape.GradOf(y);
            if (x.RequiresGrad) tape.AccumulateGrad(x, dY);
            if (positions.RequiresGrad) PositionEmbeddingKernel.Backward(dY, B, T, C, tape.GradOf(positions));
        });
        return y;
    }
}
