using ModeHop.Tensors;

namespace ModeHop.Tests.Tensors;

public class TapeTests
{
    [Fact]
    public void AccumulateGrad_Intermediate_FirstCopiesThenAdds()
    {
        var tape = new Tape();
        var t = tape.NewTensor([3]);
        tape.AccumulateGrad(t, [1f, 2f, 3f]);
        Assert.Equal([1f, 2f, 3f], tape.GradOf(t));
        tape.AccumulateGrad(t, [10f, 20f, 30f]);
        Assert.Equal([11f, 22f, 33f], tape.GradOf(t));
    }

    [Fact]
    public void AccumulateGrad_ReusedPoolBuffer_IgnoresItsOldContent()
    {
        var tape = new Tape();
        var first = tape.NewTensor([4]);
        first.Data.Span.Fill(5f);
        tape.AccumulateGrad(first, [5f, 5f, 5f, 5f]);
        tape.Reset();
        var second = tape.NewTensor([4]); // the pool hands back the same buffers, all holding 5s
        tape.AccumulateGrad(second, [1f, 2f, 3f, 4f]);
        Assert.Equal([1f, 2f, 3f, 4f], tape.GradOf(second));
    }

    [Fact]
    public void TryShareGrad_IntermediateWithoutGradient_SharesTheBufferOnce()
    {
        var tape = new Tape();
        var input = tape.NewTensor([2]);
        var output = tape.NewTensor([2]);
        tape.AccumulateGrad(output, [4f, 5f]);
        Assert.True(tape.TryShareGrad(output, input));
        Assert.Same(tape.GradOf(output).Array, tape.GradOf(input).Array);
        Assert.False(tape.TryShareGrad(output, input));
        Assert.False(tape.TryShareGrad(output, Tensor.Parameter("w", 2)));
        Assert.Equal([4f, 5f], tape.GradOf(input));
    }

    [Fact]
    public void AccumulateGrad_Parameter_AddsToItsGradient()
    {
        var tape = new Tape();
        var p = Tensor.Parameter("w", 2);
        p.Grad[0] = 1f;
        tape.AccumulateGrad(p, [2f, 3f]);
        Assert.Equal([3f, 3f], p.Grad);
    }

    [Fact]
    public void ZeroGrad_Parameter_ReadsAsZerosAfterwards()
    {
        var p = Tensor.Parameter("w", 3);
        p.Grad[1] = 7f;
        p.ZeroGrad();
        Assert.Equal(new float[3], p.Grad);
    }

    [Fact]
    public void GradForWrite_AfterZeroGrad_AsksForOverwriteOnceThenForAccumulate()
    {
        var tape = new Tape();
        var p = Tensor.Parameter("w", 2);
        p.Grad[0] = 5f;
        p.ZeroGrad();
        var first = tape.GradForWrite(p, out bool overwriteFirst);
        first[0] = 1f;
        first[1] = 2f;
        tape.GradForWrite(p, out bool overwriteSecond);
        Assert.True(overwriteFirst);
        Assert.False(overwriteSecond);
        Assert.Equal([1f, 2f], p.Grad);
    }

    [Fact]
    public void GradForWrite_Intermediate_OverwritesOnlyItsFirstContribution()
    {
        var tape = new Tape();
        var t = tape.NewTensor([2]);
        tape.GradForWrite(t, out bool first);
        tape.AccumulateGrad(t, [1f, 1f]);
        tape.GradForWrite(t, out bool later);
        Assert.True(first);
        Assert.False(later);
    }

    [Fact]
    public void Trim_AfterReset_DropsEveryFreeBuffer()
    {
        var tape = new Tape { Recording = false };
        tape.NewTensor([100]);
        var kept = tape.NewTensor([7]);
        tape.Reset();
        Assert.Same(kept.Data.Array, tape.NewTensor([7]).Data.Array); // reused while pooled
        tape.Reset();
        Assert.Equal(107, tape.Trim());
        Assert.Equal(0, tape.PooledFloats);
        Assert.NotSame(kept.Data.Array, tape.NewTensor([7]).Data.Array);
    }
}
