namespace LlmWorkbook.Gpt;

/// <summary>Picks a token from one row of logits, in plain C# so that the allowed set is explicit and testable.</summary>
public static class TokenSampler
{
    public static int Sample(ReadOnlySpan<float> logits, SamplingOptions options, Random random)
    {
        if (options.Temperature <= 0)
        {
            return ArgMax(logits);
        }
        var (tokens, probabilities) = AllowedTokens(logits, options);
        var r = random.NextDouble();
        for (var i = 0; i < tokens.Length; i++)
        {
            r -= probabilities[i];
            if (r < 0)
            {
                return tokens[i];
            }
        }
        return tokens[^1]; // rounding left a sliver of probability: the last allowed token, never an outside one
    }

    /// <summary>
    /// The tokens sampling may pick, most likely first, with their renormalised probabilities. A logit of −∞ (a token
    /// an <see cref="ITokenConstraint"/> masked) excludes the token, even when top-k would keep more tokens.
    /// </summary>
    public static (int[] Tokens, double[] Probabilities) AllowedTokens(ReadOnlySpan<float> logits, SamplingOptions options)
    {
        var temperature = options.Temperature <= 0 ? 1.0 : options.Temperature;
        var order = Enumerable.Range(0, logits.Length).ToArray();
        var keys = logits.ToArray();
        // Sort descending by logit, ties by token id, so the order (and sampling) is deterministic.
        Array.Sort(order, (a, b) => keys[b] != keys[a] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        var finite = order.Length;
        while (finite > 1 && float.IsNegativeInfinity(keys[order[finite - 1]]))
        {
            finite--;
        }
        var keep = options.TopK is { } k ? Math.Clamp(k, 1, finite) : finite;
        var max = keys[order[0]];
        var probabilities = new double[keep];
        double sum = 0;
        for (var i = 0; i < keep; i++)
        {
            probabilities[i] = Math.Exp((keys[order[i]] - max) / temperature);
            sum += probabilities[i];
        }
        for (var i = 0; i < keep; i++)
        {
            probabilities[i] /= sum;
        }
        if (options.TopP is { } p)
        {
            double cumulative = 0;
            var nucleus = 0;
            while (nucleus < keep && cumulative < p)
            {
                cumulative += probabilities[nucleus++];
            }
            keep = Math.Max(1, nucleus);
            probabilities = probabilities[..keep];
            var total = probabilities.Sum();
            for (var i = 0; i < keep; i++)
            {
                probabilities[i] /= total;
            }
        }
        return (order[..keep], probabilities);
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }
        return best;
    }
}
