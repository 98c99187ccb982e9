namespace ModeHop.Tensors.Kernels;

public static partial class AttentionKernel
{
    /// <summary>
    /// Plain loops: the oracle. Writes output [B, T, H·D] and, when <paramref name="logSumExp"/> is not empty,
    /// each row's log Σ_{j≤t} exp(S_tj) [B, H, T], computed in double.
    /// </summary>
    public static void ForwardReference(ReadOnlySpan<float> qkv, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, // [B, T, (H+2KVH)·D]
        Span<float> output, // [B, T, H·D]
        Span<float> logSumExp) // [B, H, T] or empty
    {
        Check(qkv.Length, output.Length, logSumExp.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, lseRequired: false);
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
                    double sum = 0;
                    for (int j = 0; j <= t; j++) sum += Math.Exp((double)p[j] - max);
                    for (int j = 0; j <= t; j++) p[j] = (float)(Math.Exp((double)p[j] - max) / sum);

                    int oRow = (b * T + t) * HD + h * D;
                    for (int d = 0; d < D; d++)
                    {
                        float acc = 0f;
                        for (int j = 0; j <= t; j++) acc += p[j] * qkv[(b * T + j) * C + vOffset + d];
                        output[oRow + d] = acc;
                    }
                    if (!logSumExp.IsEmpty) logSumExp[(b * H + h) * T + t] = (float)(max + Math.Log(sum));
                }
            }
        }
    }

    /// <summary>
    /// Plain loops: the oracle for the backward. With S the scaled scores and P = exp(S − lse) recomputed from the
    /// forward's log-sum-exps, per head dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)),
    /// dQ += dS·K·scale, dK += dSᵀ·Q·scale, all into dQkv.
    /// </summary>
    public static void BackwardReference(ReadOnlySpan<float> qkv, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOut, // [B, T, (H+2KVH)·D], [B, H, T], [B, T, H·D]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> dQkv) // [B, T, (H+2KVH)·D], accumulated
    {
        CheckBackward(qkv.Length, logSumExp.Length, dOut.Length, dQkv.Length, batchSize, seqLen, headCount, kvHeadCount, headDim);
        int B = batchSize, T = seqLen, H = headCount, KVH = kvHeadCount, D = headDim;
        int C = QkvLayout.Channels(H, KVH, D), HD = H * D, group = H / KVH;
        float scale = 1f / MathF.Sqrt(D);
        var dS = new float[T];
        var probs = new float[T];
        for (int b = 0; b < B; b++)
        {
            for (int h = 0; h < H; h++)
            {
                int g = h / group;
                int qOffset = h * D, kOffset = (H + g) * D, vOffset = (H + KVH + g) * D;
                for (int t = 0; t < T; t++)
                {
                    int qRow = (b * T + t) * C + qOffset, oRow = (b * T + t) * HD + h * D;
                    double lse = logSumExp[(b * H + h) * T + t];
                    float rowDot = 0f;
                    for (int j = 0; j <= t; j++)
                    {
                        int kRow = (b * T + j) * C + kOffset, vRow = (b * T + j) * C + vOffset;
                        float score = 0f, dP = 0f;
                        for (int d = 0; d < D; d++)
                        {
                            score += qkv[qRow + d] * qkv[kRow + d];
                            dP += dOut[oRow + d] * qkv[vRow + d];
                        }
                        probs[j] = (float)Math.Exp(score * scale - lse);
                        dS[j] = dP;
                        rowDot += dP * probs[j];
                    }
                    for (int j = 0; j <= t; j++)
                    {
                        float P = probs[j];
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
