using static TorchSharp.torch;

namespace LlmWorkbook.Attention;

/// <summary>
/// softmax(Q Kᵀ / √d) V from raw tensor ops. Shapes: query (…, T, d), key and value (…, S, d).
/// With <c>causal</c>, query position i sees key positions up to i + (S − T): the queries are the last T of S positions,
/// which is what a KV cache needs when it feeds one new token against all the cached keys.
/// </summary>
public static class ScaledDotProductAttention
{
    public static Tensor Compute(Tensor query, Tensor key, Tensor value, bool causal = false, double dropout = 0.0, bool training = false)
        => Compute(query, key, value, causal, dropout, training, returnWeights: false).Output;

    /// <summary>Also returns the attention weights (…, T, S), each row summing to 1, for heatmaps.</summary>
    public static (Tensor Output, Tensor? Weights) Compute(Tensor query, Tensor key, Tensor value, bool causal, double dropout, bool training, bool returnWeights)
    {
        var d = query.shape[^1];
        // The scale keeps the dot products at unit variance, so softmax does not saturate as d grows.
        var scores = query.matmul(key.transpose(-2, -1)).mul_(1.0 / Math.Sqrt(d));
        if (causal)
        {
            scores = scores.masked_fill_(FutureMask(query.shape[^2], key.shape[^2]), float.NegativeInfinity);
        }
        var weights = scores.softmax(-1);
        var used = dropout > 0 && training ? nn.functional.dropout(weights, dropout, training) : weights;
        return (used.matmul(value), returnWeights ? weights : null);
    }

    /// <summary>True where query i (of the last <paramref name="queries"/> positions) must not see key j.</summary>
    public static Tensor FutureMask(long queries, long keys)
        => ones(queries, keys, dtype: ScalarType.Bool).triu(keys - queries + 1);
}
