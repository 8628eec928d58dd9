using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Autoregressive generation, with or without a KV cache. Both paths feed the model the same positions and pick with
/// the same sampler and seed, so greedy decoding gives the same tokens either way; the cache only saves work.
/// </summary>
public static class GptGenerator
{
    /// <summary>Returns only the new tokens. Stops early at <paramref name="stopToken"/> (which is included).</summary>
    public static int[] Generate(GptModel model, IReadOnlyList<int> prompt, int maxNewTokens, SamplingOptions? options = null,
        int seed = 1337, bool useKvCache = true, int? stopToken = null)
    {
        if (prompt.Count == 0)
        {
            throw new ArgumentException("the prompt needs at least one token (e.g. <|endoftext|>)");
        }
        options ??= SamplingOptions.Greedy;
        var random = new Random(seed);
        var context = model.Config.ContextLength;
        var sequence = new List<int>(prompt);
        var generated = new List<int>();
        var wasTraining = model.training;
        model.eval();
        GptKvCache? cache = null;
        try
        {
            using var _ = no_grad();
            for (var step = 0; step < maxNewTokens; step++)
            {
                using var scope = NewDisposeScope();
                float[] logits;
                if (useKvCache && sequence.Count <= context)
                {
                    // First step: prefill the cache with the prompt; later steps feed only the newest token.
                    cache ??= new GptKvCache(model.Config);
                    var fresh = sequence.Skip((int)cache.Length).ToArray();
                    logits = LastLogits(model, fresh, cache);
                }
                else
                {
                    // No cache, or the sequence outgrew the context: recompute over the last ContextLength tokens.
                    logits = LastLogits(model, sequence.Skip(Math.Max(0, sequence.Count - context)).ToArray(), null);
                }
                var next = TokenSampler.Sample(logits, options, random);
                sequence.Add(next);
                generated.Add(next);
                if (next == stopToken)
                {
                    break;
                }
            }
        }
        finally
        {
            cache?.Dispose();
            model.train(wasTraining);
        }
        return generated.ToArray();
    }

    private static float[] LastLogits(GptModel model, int[] tokens, GptKvCache? cache)
    {
        using var input = tensor(tokens.Select(t => (long)t).ToArray(), new long[] { 1, tokens.Length });
        var (logits, _) = model.Forward(input, cache);
        return logits[0, -1].data<float>().ToArray();
    }
}
