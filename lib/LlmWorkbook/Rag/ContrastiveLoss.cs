using static TorchSharp.torch;

namespace LlmWorkbook.Rag;

/// <summary>
/// InfoNCE with in-batch negatives: row i of the queries goes with row i of the passages, and every other passage of
/// the batch is a negative for it. The logits are the cosines (the rows are unit vectors) divided by a temperature τ,
/// and the loss is the cross-entropy of picking the right passage: mean over i of
/// −log(exp(qᵢ·pᵢ/τ) / Σⱼ exp(qᵢ·pⱼ/τ)).
/// </summary>
public static class ContrastiveLoss
{
    /// <summary>The mean loss (a scalar) of queries (B, D) against their passages (B, D).</summary>
    public static Tensor InBatch(Tensor queries, Tensor passages, double temperature)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(passages);
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive");
        }
        if (queries.dim() != 2 || !queries.shape.SequenceEqual(passages.shape))
        {
            throw new ArgumentException(
                $"queries {SafeTensorShape(queries)} and passages {SafeTensorShape(passages)} must both be (B, D)", nameof(passages));
        }
        var logits = queries.matmul(passages.t()) / temperature;                                        // (B, B)
        var targets = arange(queries.shape[0], dtype: ScalarType.Int64, device: queries.device);        // (B)
        return nn.functional.cross_entropy(logits, targets);
    }

    private static string SafeTensorShape(Tensor t) => Gpt.SafeTensors.Format(t.shape);
}
