using System.Text.RegularExpressions;
using ModeHop.Models.Scoring;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Suite;

/// <summary>
/// The generative side: one <see cref="SampleRequest"/> per (task, item, seed) with context
/// <c>Encode(PromptAssembly.Context)</c>, SuiteOptions' Samples, MaxNewTokens and Temperature, and the seed
/// <c>DemoSeed.ForSamples(task, item, seed)</c>. Each sample is decoded, cut at its first stop and searched for the
/// item's pattern (<see cref="AnswerPattern"/>); m of n matching gives <see cref="ItemResult.FromMatches"/>.
/// </summary>
public static partial class SuiteScorer
{
    static PreparedTask PrepareSamples(TaskDefinition task, int itemCount, int seedCount, int[][] contexts, ITokenizer tokenizer, SuiteOptions options)
    {
        var patterns = new Regex[itemCount];
        for (int i = 0; i < itemCount; i++)
        {
            string pattern = task.Items[i].GeneralPattern!;
            try
            {
                patterns[i] = AnswerPattern.Compile(pattern);
            }
            catch (ArgumentException e)
            {
                throw SuiteErrors.BadPattern(task, i, pattern, e.Message);
            }
        }
        var requests = new SampleRequest[contexts.Length];
        for (int r = 0; r < requests.Length; r++)
        {
            int item = r % itemCount, seed = r / itemCount;
            requests[r] = new SampleRequest(contexts[r], options.Samples, options.MaxNewTokens, options.Temperature, DemoSeed.ForSamples(task, item, seed));
        }
        return new PreparedTask(task, itemCount, seedCount, requests, patterns, tokenizer);
    }

    /// <summary>Sample requests: per request Samples token sequences, each matched against the item's pattern.</summary>
    sealed class SampleBatch(ISequenceSampler sampler, Done done, int capacity) : Batch<SampleRequest, int[][]>(done, capacity)
    {
        protected override SampleRequest RequestOf(PreparedTask task, int index) => task.SampleRequests[index];

        protected override int[][][]? Call(SampleRequest[] batch) => sampler.Sample(batch);

        protected override InvalidOperationException ShapeError(string expected, string found) => SuiteErrors.SamplerShape(expected, found);

        protected override ItemResult Result(PreparedTask task, int item, int seed, int r, SampleRequest request, int[][]? drawn)
        {
            if (drawn is null || drawn.Length != request.Samples)
                throw SuiteErrors.SamplerShape($"{request.Samples} samples for request {r}", drawn is null ? "null" : $"{drawn.Length}");
            int matched = 0;
            foreach (var tokens in drawn)
            {
                if (tokens is null || tokens.Length > request.MaxNewTokens)
                    throw SuiteErrors.SamplerShape($"at most {request.MaxNewTokens} tokens in each sample of request {r}",
                        tokens is null ? "a null sample" : $"a sample of {tokens.Length} tokens");
                if (Matches(task, item, tokens)) matched++;
            }
            return ItemResult.FromMatches(item, seed, matched, request.Samples);
        }

        static bool Matches(PreparedTask task, int item, int[] tokens)
        {
            var pattern = task.Patterns[item];
            try
            {
                // A model's embedding may have more rows than its tokenizer has tokens (GPT-NeoX pads to a multiple of
                // 128); a sampled padding row has no text, so it is dropped as Hugging Face's decoder drops it.
                var decoder = task.Decoder!;
                int[] known = Array.FindAll(tokens, t => t >= 0 && t < decoder.VocabSize);
                return AnswerPattern.Matches(pattern, decoder.Decode(known));
            }
            catch (RegexMatchTimeoutException)
            {
                throw SuiteErrors.PatternTimeout(task.Task, item, pattern.ToString());
            }
        }
    }
}
