namespace LlmWorkbook.FineTuning;

/// <summary>
/// Draws row indices for batches epoch by epoch: each epoch visits every row exactly once, in a fresh random order
/// from a seeded generator. A batch that reaches the end of an epoch is completed from the next one.
/// </summary>
public sealed class EpochSampler
{
    private readonly Random random;
    private readonly int[] order;
    private int position;

    /// <param name="count">The number of rows to draw from (indices 0 to count − 1).</param>
    /// <param name="seed">Seeds the orders of all epochs.</param>
    public EpochSampler(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        random = new Random(seed);
        order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
    }

    /// <summary>Completed epochs: how many times every row has been drawn.</summary>
    public int Epoch { get; private set; }

    /// <summary>The next <paramref name="batchSize"/> row indices.</summary>
    public int[] Next(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batch = new int[batchSize];
        for (var b = 0; b < batchSize; b++)
        {
            batch[b] = order[position++];
            if (position == order.Length)
            {
                Epoch++;
                random.Shuffle(order);
                position = 0;
            }
        }
        return batch;
    }
}
