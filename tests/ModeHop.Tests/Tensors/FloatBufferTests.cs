using ModeHop.Tensors;
using ModeHop.Training.Optim;

namespace ModeHop.Tests.Tensors;

public class FloatBufferTests
{
    static unsafe long AddressMod64(FloatBuffer buffer)
    {
        fixed (float* p = buffer) return (long)(nint)p % 64;
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, false)]
    [InlineData(15, true)]
    [InlineData(16, false)]
    [InlineData(17, true)]
    [InlineData(1000, false)]
    [InlineData(4097, true)]
    [InlineData(100_003, false)]
    public void Allocate_SeveralLengths_DataIs64ByteAligned(int length, bool zero)
    {
        // Many at once: the runtime's own placement would leave some of them unaligned.
        var buffers = Enumerable.Range(0, 8).Select(_ => FloatBuffer.Allocate(length, zero)).ToArray();
        foreach (var buffer in buffers)
        {
            Assert.Equal(length, buffer.Length);
            Assert.Equal(0, AddressMod64(buffer));
            Assert.InRange(buffer.Offset, 0, 15);
            Assert.True(buffer.Offset + length <= buffer.Array.Length);
            if (zero) Assert.All(buffer.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Allocate_ZeroLength_IsEmptyWithANullPinnableReference()
    {
        var buffer = FloatBuffer.Allocate(0, zero: true);
        Assert.False(buffer.IsNull);
        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.Span.IsEmpty);
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref buffer.GetPinnableReference()));
        Assert.True(default(FloatBuffer).IsNull);
        Assert.True(default(FloatBuffer).Span.IsEmpty);
    }

    [Fact]
    public void View_OfAnArray_ReadsAndWritesItsSlice()
    {
        float[] array = [0f, 1f, 2f, 3f, 4f, 5f];
        var view = new FloatBuffer(array, 2, 3);
        Assert.Equal([2f, 3f, 4f], view.ToArray());
        view[0] = 20f;
        view.AsSpan(1)[1] = 40f;
        Assert.Equal([0f, 1f, 20f, 3f, 40f, 5f], array);
        view.Clear();
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 5f], array);
        Assert.Throws<IndexOutOfRangeException>(() => view[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FloatBuffer(array, 4, 3));
    }

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 2, 16, 33 })]
    public void TapeAndPool_TensorsAndGradients_Are64ByteAligned(int[] shape)
    {
        var tape = new Tape();
        for (int step = 0; step < 2; step++) // the second step reuses the pooled buffers
        {
            var weight = Tensor.Parameter("w", shape);
            var a = tape.NewTensor(shape, zero: true);
            var b = tape.NewOutput(shape, weight);
            var c = tape.NewTensor(shape);
            Assert.Equal(0, AddressMod64(a.Data));
            Assert.Equal(0, AddressMod64(b.Data));
            Assert.Equal(0, AddressMod64(c.Data));
            Assert.Equal(0, AddressMod64(tape.GradOf(a)));
            Assert.Equal(0, AddressMod64(tape.GradForWrite(b, out _)));
            Assert.Equal(0, AddressMod64(weight.Data));
            Assert.Equal(0, AddressMod64(tape.GradForWrite(weight, out _)));
            tape.Reset();
        }
        var pool = new BufferPool();
        Assert.Equal(0, AddressMod64(pool.Rent((int)Tensor.SizeOf(shape), zero: false)));
    }

    [Fact]
    public void Parameter_DataGradientAndAdamWMoments_Are64ByteAligned()
    {
        var parameters = Enumerable.Range(1, 6).Select(n => Tensor.Parameter($"p{n}", n, 3)).ToArray();
        foreach (var p in parameters)
        {
            Assert.Equal(0, AddressMod64(p.Data));
            Assert.Equal(0, AddressMod64(p.Grad));
        }
        var optimizer = new AdamW(parameters, new AdamWOptions());
        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.Equal(0, AddressMod64(optimizer.FirstMoment(i)));
            Assert.Equal(0, AddressMod64(optimizer.SecondMoment(i)));
        }
    }

    [Fact]
    public void Rent_Zero_ClearsAReusedBuffer()
    {
        var pool = new BufferPool();
        var first = pool.Rent(5, zero: false);
        first.Span.Fill(7f);
        pool.ReturnAll();
        var second = pool.Rent(5, zero: true);
        Assert.Same(first.Array, second.Array);
        Assert.Equal(new float[5], second.ToArray());
    }
}
