using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Autoregressive generation, with or without a KV cache. Both paths feed the model the same positions and pick with
/// the same sampler and seed, so greedy decoding gives the same tokens either way; the cache only saves work.
/// </summary>
public static class GptGenerator
{
    /// <summary>
    /// Returns only the new tokens. Stops early at <paramref name="stopToken"/> (which is included). A
    /// <paramref name="constraint"/> restricts the tokens picked at each step (see <see cref="StreamTokens"/>).
    /// </summary>
    public static int[] Generate(GptModel model, IReadOnlyList<int> prompt, int maxNewTokens, SamplingOptions? options = null,
        int seed = 1337, bool useKvCache = true, int? stopToken = null, ITokenConstraint? constraint = null)
    {
        var generated = new List<int>();
        foreach (var next in StreamTokens(model, prompt, options, seed, useKvCache, constraint).Take(maxNewTokens))
        {
            generated.Add(next);
            if (next == stopToken)
            {
                break;
            }
        }
        return generated.ToArray();
    }

    /// <summary>
    /// The new tokens one at a time, for as long as the caller reads: the caller decides when to stop (a token budget,
    /// a stop token, a stop sequence in the decoded text). Past the context length the model sees the last
    /// ContextLength tokens. The model is in eval mode while the enumerator is open and back in its own mode once it is
    /// disposed (a <c>foreach</c> does that).
    /// </summary>
    /// <remarks>
    /// With a <paramref name="constraint"/>, the tokens it does not allow get a logit of −∞ before each pick, greedy or
    /// sampled, and the picked token is passed to <see cref="ITokenConstraint.Accept"/>; a step where it allows no token
    /// throws <see cref="InvalidOperationException"/>. Without one, the tokens are exactly those of an unconstrained run.
    /// </remarks>
    public static IEnumerable<int> StreamTokens(GptModel model, IReadOnlyList<int> prompt, SamplingOptions? options = null,
        int seed = 1337, bool useKvCache = true, ITokenConstraint? constraint = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("the prompt needs at least one token (e.g. <|endoftext|>)", nameof(prompt));
        }
        return Stream(model, prompt.ToArray(), options ?? SamplingOptions.Greedy, seed, useKvCache, constraint);
    }

    private static IEnumerable<int> Stream(GptModel model, int[] prompt, SamplingOptions options, int seed, bool useKvCache, ITokenConstraint? constraint)
    {
        var random = new Random(seed);
        var context = model.Config.ContextLength;
        var sequence = new List<int>(prompt);
        var wasTraining = model.training;
        model.eval();
        GptKvCache? cache = null;
        try
        {
            while (true)
            {
                float[] logits;
                // Gradient mode and dispose scopes belong to the thread, and the caller may resume this enumerator on
                // another thread (an async stream): both are opened and closed within one step, never across a yield.
                using (no_grad())
                using (NewDisposeScope())
                {
                    if (useKvCache && sequence.Count <= context)
                    {
                        // First step: prefill the cache with the prompt; later steps feed only the newest token.
                        cache ??= new GptKvCache(model.Config);
                        logits = LastLogits(model, sequence.Skip((int)cache.Length).ToArray(), cache);
                    }
                    else
                    {
                        // No cache, or the sequence outgrew the context: recompute over the last ContextLength tokens.
                        logits = LastLogits(model, sequence.Skip(Math.Max(0, sequence.Count - context)).ToArray(), null);
                    }
                }
                if (constraint is not null)
                {
                    MaskLogits(logits, constraint);
                }
                var next = TokenSampler.Sample(logits, options, random);
                constraint?.Accept(next);
                sequence.Add(next);
                yield return next;
            }
        }
        finally
        {
            cache?.Dispose();
            model.train(wasTraining);
        }
    }

    private static void MaskLogits(float[] logits, ITokenConstraint constraint)
    {
        var allowed = new bool[logits.Length];
        constraint.Mask(allowed);
        var any = false;
        for (var i = 0; i < logits.Length; i++)
        {
            if (allowed[i])
            {
                any = true;
            }
            else
            {
                logits[i] = float.NegativeInfinity;
            }
        }
        if (!any)
        {
            throw new InvalidOperationException("the token constraint allows no next token");
        }
    }

    private static float[] LastLogits(GptModel model, int[] tokens, GptKvCache? cache)
    {
        using var input = tensor(tokens.Select(t => (long)t).ToArray(), new long[] { 1, tokens.Length });
        var (logits, _) = model.Forward(input, cache);
        return logits[0, -1].data<float>().ToArray();
    }
}
