using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Training examples from one long array of token ids: a window of ContextLength tokens is the input and the same
/// window shifted by one is the target, so every position learns to predict its next token.
/// </summary>
public sealed class TokenBatches
{
    private readonly int[] tokens;
    private readonly int contextLength;
    private readonly Random random;

    public TokenBatches(int[] tokens, int contextLength, int seed)
    {
        if (tokens.Length <= contextLength)
        {
            throw new ArgumentException($"need more than {contextLength} tokens for one window, got {tokens.Length}");
        }
        this.tokens = tokens;
        this.contextLength = contextLength;
        random = new Random(seed);
    }

    /// <summary>Splits off the last <paramref name="validationFraction"/> of the tokens for evaluation.</summary>
    public static (int[] Train, int[] Validation) Split(int[] tokens, double validationFraction = 0.1)
    {
        var cut = (int)(tokens.Length * (1 - validationFraction));
        return (tokens[..cut], tokens[cut..]);
    }

    /// <summary>A batch of windows starting at random offsets: inputs and targets, both (batch, ContextLength) int64.</summary>
    public (Tensor Inputs, Tensor Targets) Next(int batchSize)
    {
        var starts = Enumerable.Range(0, batchSize).Select(_ => random.Next(tokens.Length - contextLength)).ToArray();
        return At(starts);
    }

    /// <summary>The windows starting at the given offsets.</summary>
    public (Tensor Inputs, Tensor Targets) At(IReadOnlyList<int> starts)
    {
        var x = new long[starts.Count * contextLength];
        var y = new long[starts.Count * contextLength];
        for (var b = 0; b < starts.Count; b++)
        {
            for (var i = 0; i < contextLength; i++)
            {
                x[b * contextLength + i] = tokens[starts[b] + i];
                y[b * contextLength + i] = tokens[starts[b] + i + 1];
            }
        }
        return (tensor(x, new long[] { starts.Count, contextLength }), tensor(y, new long[] { starts.Count, contextLength }));
    }

    /// <summary>Non-overlapping windows covering the array from the start (for a deterministic evaluation).</summary>
    public IEnumerable<int[]> SequentialStarts(int batchSize, int maxBatches = int.MaxValue)
    {
        var starts = new List<int>();
        var emitted = 0;
        for (var s = 0; s + contextLength < tokens.Length && emitted < maxBatches; s += contextLength)
        {
            starts.Add(s);
            if (starts.Count == batchSize)
            {
                yield return starts.ToArray();
                starts.Clear();
                emitted++;
            }
        }
        if (starts.Count > 0 && emitted < maxBatches)
        {
            yield return starts.ToArray();
        }
    }
}
