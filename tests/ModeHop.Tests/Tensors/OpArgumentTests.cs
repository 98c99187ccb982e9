using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors;

public class OpArgumentTests
{
    [Fact]
    public void Embedding_IdOutOfRange_ThrowsNamingTheId()
    {
        var table = Tensor.Parameter("wte", 10, 4);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Embedding(new Tape(), table, new[] { 1, 2, 10, 3 }, 2, 2));
        Assert.Contains("Token id 10", ex.Message);
    }

    [Fact]
    public void Embedding_IdsNotBatchTimesSeqLen_Throws()
        => Assert.Throws<ArgumentException>(() => Ops.Embedding(new Tape(), Tensor.Parameter("wte", 10, 4), new[] { 1, 2, 3 }, 2, 2));

    [Fact]
    public void CrossEntropy_TargetOutOfRange_ThrowsNamingTheTarget()
    {
        var logits = Tensor.Parameter("logits", 3, 8);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.CrossEntropy(new Tape(), logits, new[] { 0, -1, 8 }));
        Assert.Contains("Target 8", ex.Message);
    }

    [Fact]
    public void CrossEntropy_TargetCountMismatch_Throws()
        => Assert.Throws<ArgumentException>(() => Ops.CrossEntropy(new Tape(), Tensor.Parameter("logits", 3, 8), new[] { 0, 1 }));

    [Fact]
    public void AddPositions_SequenceLongerThanTable_ThrowsNamingBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.AddPositions(new Tape(), Tensor.Zeros(1, 9, 4), Tensor.Parameter("wpe", 8, 4)));
        Assert.Contains("sequence length 9 exceeds the 8 learned positions", ex.Message);
    }

    [Fact]
    public void SwiGlu_OddLastDimension_Throws()
        => Assert.Throws<ArgumentException>(() => Ops.SwiGlu(new Tape(), Tensor.Zeros(2, 7)));

    [Fact]
    public void CrossEntropy_AllIgnored_GivesZeroLossAndZeroGradient()
    {
        var logits = new Tensor(TestData.Normal(12, 1), [3, 4], requiresGrad: true);
        var tape = new Tape();
        var loss = Ops.CrossEntropy(tape, logits, new[] { -1, -1, -1 });
        tape.Backward(loss);
        Assert.Equal(0f, loss.Data[0]);
        Assert.All(logits.Grad.ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void CrossEntropy_IgnoredRows_GetNoGradientAndDoNotCount()
    {
        var logits = new Tensor(TestData.Normal(12, 1), [3, 4], requiresGrad: true);
        var tape = new Tape();
        var loss = Ops.CrossEntropy(tape, logits, new[] { 2, -1, 0 });
        tape.Backward(loss);
        Assert.All(logits.Grad.AsSpan(4, 4).ToArray(), g => Assert.Equal(0f, g));
        // Each counted row's gradient sums to zero (softmax − onehot) and is scaled by 1/2.
        Assert.Equal(0.0, logits.Grad.ToArray().Take(4).Sum(g => (double)g), 1e-6);
        Assert.Equal(logits.Grad[2] + 0.5f, 0.5f * MathF.Exp(logits.Data[2]) / logits.Data.ToArray().Take(4).Sum(MathF.Exp), 1e-6);
    }
}
