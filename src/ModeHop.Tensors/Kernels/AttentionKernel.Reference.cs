namespace ModeHop.Tensors.Kernels;

public static partial class AttentionKernel
{
    /// <summary>
    /// Plain loops: the oracle. Writes output [B, T, H·D] and, when <paramref name="probs"/> is not empty,
    /// the probabilities [B, H, T, T] (row t over keys 0..t; entries above the diagonal are left untouched).
    /// </summary>
    public static void ForwardReference(ReadOnlySpan<float> qkv, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, // [B, T, (H+2KVH)·D]
        Span<float> output, // [B, T, H·D]
        Span<float> probs) // [B, H, T, T] or empty
    {
        Check(qkv.Length, output.Length, probs.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, probsRequired: false);
        int B = batchSize, T = seqLen, H = headCount, KVH = kvHeadCount, D = headDim;
        int C = QkvLayout.Channels(H, KVH, D), HD = H * D, group = H / KVH;
        float scale = 1f / MathF.Sqrt(D);
        var p = new float[T];
        for (int b = 0; b < B; b++)
        {
            for (int h = 0; h < H; h++)
            {
                int g = h / group;
                int qOffset = h * D, kOffset = (H + g) * D, vOffset = (H + KVH + g) * D;
                for (int t = 0; t < T; t++)
                {
                    int qRow = (b * T + t) * C + qOffset;
                    float max = float.NegativeInfinity;
                    for (int j = 0; j <= t; j++)
                    {
                        int kRow = (b * T + j) * C + kOffset;
                        float dot = 0f;
                        for (int d = 0; d < D; d++) dot += qkv[qRow + d] * qkv[kRow + d];
                        p[j] = dot * scale;
                        max = Math.Max(max, p[j]);
                    }
                    float sum = 0f;
                    for (int j = 0; j <= t; j++)
                    {
                        p[j] = MathF.Exp(p[j] - max);
                        sum += p[j];
                    }
                    for (int j = 0; j <= t; j++) p[j] /= sum;

                    int oRow = (b * T + t) * HD + h * D;
                    for (int d = 0; d < D; d++)
                    {
                        float acc = 0f;
                        for (int j = 0; j <= t; j++) acc += p[j] * qkv[(b * T + j) * C + vOffset + d];
                        output[oRow + d] = acc;
                    }
                    if (!probs.IsEmpty)
                        p.AsSpan(0, t + 1).CopyTo(probs.Slice(((b * H + h) * T + t) * T, t + 1));
                }
            }
        }
    }

    /// <summary>
    /// Plain loops: the oracle for the backward. With S the scaled scores and P = softmax(S) (given), per head
    /// dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ += dS·K·scale, dK += dSᵀ·Q·scale,
    /// all into dQkv; only P's lower triangle is read.
    /// </summary>
    public static void BackwardReference(ReadOnlySpan<float> qkv, ReadOnlySpan<float> probs, ReadOnlySpan<float> dOut, // [B, T, (H+2KVH)·D], [B, H, T, T], [B, T, H·D]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> dQkv) // [B, T, (H+2KVH)·D], accumulated
    {
        CheckBackward(qkv.Length, probs.Length, dOut.Length, dQkv.Length, batchSize, seqLen, headCount, kvHeadCount, headDim);
        int B = batchSize, T = seqLen, H = headCount, KVH = kvHeadCount, D = headDim;
        int C = QkvLayout.Channels(H, KVH, D), HD = H * D, group = H / KVH;
        float scale = 1f / MathF.Sqrt(D);
        var dS = new float[T];
        for (int b = 0; b < B; b++)
        {
            for (int h = 0; h < H; h++)
            {
                int g = h / group;
                int qOffset = h * D, kOffset = (H + g) * D, vOffset = (H + KVH + g) * D;
                for (int t = 0; t < T; t++)
                {
                    int pRow = ((b * H + h) * T + t) * T;
                    int qRow = (b * T + t) * C + qOffset, oRow = (b * T + t) * HD + h * D;
                    float rowDot = 0f;
                    for (int j = 0; j <= t; j++)
                    {
                        int vRow = (b * T + j) * C + vOffset;
                        float dP = 0f;
                        for (int d = 0; d < D; d++) dP += dOut[oRow + d] * qkv[vRow + d];
                        dS[j] = dP;
                        rowDot += dP * probs[pRow + j];
                    }
                    for (int j = 0; j <= t; j++)
                    {
                        float P = probs[pRow + j];
                        float ds = P * (dS[j] - rowDot) * scale;
                        int kRow = (b * T + j) * C + kOffset, vRow = (b * T + j) * C + vOffset;
                        for (int d = 0; d < D; d++)
                        {
                            dQkv[qRow + d] += ds * qkv[kRow + d];
                            dQkv[kRow + d] += ds * qkv[qRow + d];
                            dQkv[vRow + d] += P * dOut[oRow + d];
                        }
                    }
                }
            }
        }
    }
}
