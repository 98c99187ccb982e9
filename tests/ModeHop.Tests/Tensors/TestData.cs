namespace ModeHop.Tests.Tensors;

/// <summary>Seeded random inputs for kernel and op tests.</summary>
public static class TestData
{
    /// <summary>Standard normal values times <paramref name="scale"/>, from a fixed seed.</summary>
    public static float[] Normal(int count, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var data = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            data[i] = scale * (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
        return data;
    }

    /// <summary>Largest |a−b| over two equal-length spans.</summary>
    public static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float worst = 0f;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }

    /// <summary>Fails with the worst index and values when any |a−b| exceeds atol + rtol·|b|.</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, float atol, float rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = -1;
        float worstExcess = 0f;
        for (int i = 0; i < actual.Length; i++)
        {
            float diff = Math.Abs(actual[i] - expected[i]);
            float excess = diff - (atol + rtol * Math.Abs(expected[i]));
            if (float.IsNaN(actual[i]) != float.IsNaN(expected[i]) || excess > worstExcess)
            {
                worst = i;
                worstExcess = float.IsNaN(excess) ? float.PositiveInfinity : excess;
            }
        }
        if (worst >= 0)
            Assert.Fail($"{what}: index {worst} is {actual[worst]} but expected {expected[worst]} (|diff| {Math.Abs(actual[worst] - expected[worst])}, atol {atol}, rtol {rtol}; max |diff| {MaxAbsDiff(actual, expected)}).");
    }
}
