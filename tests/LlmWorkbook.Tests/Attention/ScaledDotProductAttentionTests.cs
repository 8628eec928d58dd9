using LlmWorkbook.Attention;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Attention;

[Collection(TorchGlobalGenerator.Name)]
public sealed class ScaledDotProductAttentionTests
{
    private static (Tensor Q, Tensor K, Tensor V) RandomQkv(int t = 7)
    {
        manual_seed(42);
        return (randn(2, 3, t, 8), randn(2, 3, t, 8), randn(2, 3, t, 8));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Matches_the_torch_reference_op(bool causal)
    {
        var (q, k, v) = RandomQkv();
        var ours = ScaledDotProductAttention.Compute(q, k, v, causal);
        var reference = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: causal);
        Assert.True(ours.allclose(reference, rtol: 0, atol: 1e-5), $"max difference {(ours - reference).abs().max().item<float>()}");
    }

    [Fact]
    public void Causal_weights_are_lower_triangular_rows_summing_to_one()
    {
        var (q, k, v) = RandomQkv(5);
        var (_, weights) = ScaledDotProductAttention.Compute(q, k, v, causal: true, dropout: 0, training: false, returnWeights: true);
        Assert.NotNull(weights);
        Assert.True(weights!.sum(-1).allclose(ones(2, 3, 5), atol: 1e-6));
        Assert.Equal(0f, weights.triu(1).abs().sum().item<float>());
    }

    [Fact]
    public void The_causal_mask_for_trailing_queries_lets_the_last_query_see_everything()
    {
        // One query against four keys (the KV-cache case): nothing is masked.
        Assert.False(ScaledDotProductAttention.FutureMask(1, 4).any().item<bool>());
        var mask = ScaledDotProductAttention.FutureMask(2, 4);
        Assert.Equal(new[] { false, false, false, true, false, false, false, false }, mask.data<bool>().ToArray());
    }
}
